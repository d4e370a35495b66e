"""Coded values of casework's events. English names; the Finnish term beside each."""

from enum import StrEnum


class WorkerModel(StrEnum):
    """Työntekijämalli: under which model the worker is responsible for the client."""

    RESPONSIBLE_WORKER = "RESPONSIBLE_WORKER"  # vastuutyöntekijä
    OWN_WORKER = "OWN_WORKER"  # omatyöntekijä


class AllocationBasis(StrEnum):
    """Asiakkaiden jakoperuste: how the organisation shares clients between workers."""

    INCOME = "INCOME"  # tulojen mukaan
    AGE = "AGE"  # iän mukaan
    AREA = "AREA"  # asuinalueen mukaan
    SPECIAL_AREA = "SPECIAL_AREA"  # erityisvastuualue (e.g. young people)
    SPLIT = "SPLIT"  # jaettu tasan
    OTHER = "OTHER"


class ReassignmentReason(StrEnum):
    """Vastuutyöntekijän vaihtumisen syy: why another worker takes over the client."""

    WORKER_LEFT = "WORKER_LEFT"  # työntekijä lopetti tai siirtyi
    WORKER_ABSENT = "WORKER_ABSENT"  # pitkä poissaolo
    WORKLOAD = "WORKLOAD"  # asiakasmäärien tasaus
    ALLOCATION_CHANGED = "ALLOCATION_CHANGED"  # jakoperuste muuttui (e.g. the client moved area)
    CLIENT_REQUEST = "CLIENT_REQUEST"  # asiakkaan toive
    EXPERTISE = "EXPERTISE"  # erityisosaamisen tarve
    OTHER = "OTHER"


class AppointmentKind(StrEnum):
    """Tapaamisen laji: casework's own client contacts (not meeting-place visits)."""

    HOME_VISIT = "HOME_VISIT"  # kotikäynti
    OFFICE = "OFFICE"  # vastaanotto toimistolla
    REMOTE = "REMOTE"  # etävastaanotto
    NETWORK_MEETING = "NETWORK_MEETING"  # verkostopalaveri
    CLIENT_MEETING = "CLIENT_MEETING"  # asiakaspalaveri
    PREPARED_APPOINTMENT = "PREPARED_APPOINTMENT"  # valmisteltu vastaanotto
    EVALUATION_VISIT = "EVALUATION_VISIT"  # arviointikäynti kuty-paikalla


class Channel(StrEnum):
    """Yhteydenpitotapa."""

    FACE_TO_FACE = "FACE_TO_FACE"  # kasvokkain
    VIDEO = "VIDEO"  # videoyhteys
    PHONE = "PHONE"  # puhelin


class AppointmentPurpose(StrEnum):
    """Tapaamisen tarkoitus."""

    NEEDS_ASSESSMENT = "NEEDS_ASSESSMENT"  # palvelutarpeen arviointi
    PLAN_MEETING = "PLAN_MEETING"  # suunnitelman laatiminen
    FOLLOW_UP = "FOLLOW_UP"  # seuranta
    HEALTH_COUNSELLING = "HEALTH_COUNSELLING"  # terveysneuvonta
    ERRAND_HELP = "ERRAND_HELP"  # asiointiapu
    CAPACITY_MAPPING = "CAPACITY_MAPPING"  # toiminta- ja työkyvyn kartoitus
    INTRODUCTORY_VISIT = "INTRODUCTORY_VISIT"  # tutustumiskäynti
    OTHER = "OTHER"


class PlanType(StrEnum):
    """Suunnitelman laji."""

    CLIENT_PLAN = "CLIENT_PLAN"  # asiakassuunnitelma
    SERVICE_PLAN = "SERVICE_PLAN"  # palvelusuunnitelma
    ACTIVATION_PLAN = "ACTIVATION_PLAN"  # aktivointisuunnitelma
    WORK_ACTIVITY_PLAN = "WORK_ACTIVITY_PLAN"  # kuntouttavan työtoiminnan suunnitelma
    FOLLOW_UP_PLAN = "FOLLOW_UP_PLAN"  # jatkosuunnitelma


class ReviewType(StrEnum):
    """Suunnitelman tarkistuksen laji."""

    REGULAR = "REGULAR"  # määräaikainen tarkistus, vähintään kerran vuodessa
    KUTY_MID = "KUTY_MID"  # kutyn väliarviointi
    KUTY_END = "KUTY_END"  # kutyn loppuarviointi


class GoalStatus(StrEnum):
    """Tavoitteen toteutuminen."""

    ACHIEVED = "ACHIEVED"  # saavutettu
    PARTLY_ACHIEVED = "PARTLY_ACHIEVED"  # osittain saavutettu
    NOT_ACHIEVED = "NOT_ACHIEVED"  # ei saavutettu
    DROPPED = "DROPPED"  # luovuttu


class ReferralReason(StrEnum):
    """Ohjauksen syy, coarse on purpose: details stay in casework's store."""

    WORK_CAPACITY_ASSESSMENT = "WORK_CAPACITY_ASSESSMENT"  # työkyvyn arviointi
    HEALTH_CHECK = "HEALTH_CHECK"  # terveystarkastus
    REHABILITATION = "REHABILITATION"  # kuntoutus
    EMPLOYMENT = "EMPLOYMENT"  # työllistyminen
    STUDY = "STUDY"  # opiskelu
    HOUSING = "HOUSING"  # asuminen
    FINANCES = "FINANCES"  # talous
    SOCIAL_PARTICIPATION = "SOCIAL_PARTICIPATION"  # osallisuus, vertaistuki
    OTHER = "OTHER"


class ReferralOutcome(StrEnum):
    """Ohjauksen tulos."""

    ACCEPTED = "ACCEPTED"  # vastaanotettu
    STARTED = "STARTED"  # palvelu alkoi
    DECLINED_BY_CLIENT = "DECLINED_BY_CLIENT"  # asiakas kieltäytyi
    REJECTED_BY_TARGET = "REJECTED_BY_TARGET"  # vastaanottaja ei ottanut
    NO_RESPONSE = "NO_RESPONSE"  # ei vastausta


class ServiceUnit(StrEnum):
    """Palvelun määrän yksikkö."""

    SESSION = "SESSION"  # kerta
    HOUR = "HOUR"  # tunti


class WorkActivityForm(StrEnum):
    """Kuntouttavan työtoiminnan muoto."""

    INDIVIDUAL = "INDIVIDUAL"  # yksilömuotoinen (työpainotteinen)
    GROUP = "GROUP"  # ryhmämuotoinen


class OrganiserKind(StrEnum):
    """Kuty-järjestäjän laji (järjestävä taho)."""

    MUNICIPALITY = "MUNICIPALITY"  # kunta, hyvinvointialue
    NGO = "NGO"  # järjestö
    PARISH = "PARISH"  # seurakunta
    COMPANY = "COMPANY"  # yritys
    MEETING_PLACE = "MEETING_PLACE"  # kohtaamispaikka
    OTHER = "OTHER"


class TaskArea(StrEnum):
    """Työtehtävien ala, coded instead of the contract's free-text task list."""

    KITCHEN = "KITCHEN"  # keittiö
    CLEANING = "CLEANING"  # siivous
    PROPERTY_AND_OUTDOOR = "PROPERTY_AND_OUTDOOR"  # kiinteistö- ja ulkotyöt
    REPAIR_AND_SEWING = "REPAIR_AND_SEWING"  # korjaus ja ompelu
    RECYCLING = "RECYCLING"  # kierrätys
    OFFICE = "OFFICE"  # toimisto
    CARE_ASSISTANCE = "CARE_ASSISTANCE"  # avustavat hoivatyöt
    CUSTOMER_SERVICE = "CUSTOMER_SERVICE"  # asiakaspalvelu
    OTHER = "OTHER"


class AbsenceCategory(StrEnum):
    """Poissaolon luokka. Never the reason itself: that may be health data."""

    SICKNESS = "SICKNESS"  # sairaus
    OTHER = "OTHER"  # muu ilmoitettu syy
    UNREPORTED = "UNREPORTED"  # ilmoittamaton poissaolo


class MidReviewDecision(StrEnum):
    """Väliarvioinnin päätös."""

    CONTINUE = "CONTINUE"  # jatketaan
    CHANGE_PLACEMENT = "CHANGE_PLACEMENT"  # vaihdetaan paikkaa
    END = "END"  # päätetään


class EndType(StrEnum):
    """Kuty-jakson päättymisen tapa."""

    COMPLETED = "COMPLETED"  # päättyi suunnitellusti
    INTERRUPTED = "INTERRUPTED"  # keskeytyi


class EndReason(StrEnum):
    """Syy kuntouttavan työtoiminnan päättymiseen tai keskeytykseen."""

    PLANNED_END = "PLANNED_END"  # sovittu kesto täyttyi
    SICK_LEAVE = "SICK_LEAVE"  # sairausloma
    MOVED_TO_WORK = "MOVED_TO_WORK"  # siirtyi työhön
    MOVED_TO_STUDY = "MOVED_TO_STUDY"  # siirtyi opiskelemaan
    MOVED_TO_OTHER_KUTY = "MOVED_TO_OTHER_KUTY"  # siirtyi toiseen kutyyn
    CLIENT_DECISION = "CLIENT_DECISION"  # asiakkaan päätös
    NON_ATTENDANCE = "NON_ATTENDANCE"  # poissaolot
    OTHER = "OTHER"


class Destination(StrEnum):
    """Siirtymän kohde. Which ones count for IND-03 is reporting's configuration."""

    OPEN_EMPLOYMENT = "OPEN_EMPLOYMENT"  # avoimet työmarkkinat
    WAGE_SUBSIDISED_EMPLOYMENT = "WAGE_SUBSIDISED_EMPLOYMENT"  # palkkatukityö
    WORK_TRIAL = "WORK_TRIAL"  # työkokeilu
    KUTY = "KUTY"  # kuntouttava työtoiminta
    DEGREE_STUDY = "DEGREE_STUDY"  # tutkintoon johtava koulutus
    OTHER_TRAINING = "OTHER_TRAINING"  # muu koulutus
    SICK_LEAVE = "SICK_LEAVE"  # sairausloma
    MEDICAL_REHAB = "MEDICAL_REHAB"  # lääkinnällinen kuntoutus
    PENSION = "PENSION"  # eläke
    OTHER = "OTHER"
    UNKNOWN = "UNKNOWN"  # ei tiedossa


class TransitionSource(StrEnum):
    """Mistä siirtymä tuli tietoon."""

    KUTY_END = "KUTY_END"  # kutyn päättyminen
    GROUP_END = "GROUP_END"  # ryhmän päättyminen
    PLAN_REVIEW = "PLAN_REVIEW"  # suunnitelman tarkistus
    CLIENT_REPORT = "CLIENT_REPORT"  # asiakkaan ilmoitus


class RelationshipEndReason(StrEnum):
    """Asiakkuuden päättymisen syy."""

    GOALS_MET = "GOALS_MET"  # tavoitteet saavutettu
    MOVED_AWAY = "MOVED_AWAY"  # muutti pois
    TRANSFERRED = "TRANSFERRED"  # siirtyi toiseen palveluun
    NO_CONTACT = "NO_CONTACT"  # ei yhteyttä
    CLIENT_REQUEST = "CLIENT_REQUEST"  # asiakkaan pyynnöstä
    PROJECT_ENDED = "PROJECT_ENDED"  # hanke päättyi
    OTHER = "OTHER"
