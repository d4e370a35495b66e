"""Coded values shared by several events. English names; the Finnish term in the docstring."""

from enum import StrEnum


class AgeBand(StrEnum):
    """Ikäryhmä: age at the event, in bands wide enough not to identify anyone."""

    UNDER_18 = "UNDER_18"
    AGE_18_24 = "18_24"
    AGE_25_29 = "25_29"
    AGE_30_39 = "30_39"
    AGE_40_49 = "40_49"
    AGE_50_64 = "50_64"
    AGE_65_PLUS = "65_PLUS"

    @classmethod
    def for_age(cls, years: int) -> "AgeBand":
        if years < 18:
            return cls.UNDER_18
        for limit, band in ((25, cls.AGE_18_24), (30, cls.AGE_25_29), (40, cls.AGE_30_39),
                            (50, cls.AGE_40_49), (65, cls.AGE_50_64)):
            if years < limit:
                return band
        return cls.AGE_65_PLUS


class AgeBandDetail(StrEnum):
    """Ikäryhmä, finer: ``AgeBand`` with 50-64 split at 55, so that both the present bands
    and the ESF participant bands (under 25, 25-29, 30-54, 55 and over) follow from it."""

    UNDER_18 = "UNDER_18"
    AGE_18_24 = "18_24"
    AGE_25_29 = "25_29"
    AGE_30_39 = "30_39"
    AGE_40_49 = "40_49"
    AGE_50_54 = "50_54"
    AGE_55_64 = "55_64"
    AGE_65_PLUS = "65_PLUS"

    @classmethod
    def for_age(cls, years: int) -> "AgeBandDetail":
        if years < 50 or years >= 65:
            return cls(AgeBand.for_age(years).value)
        return cls.AGE_50_54 if years < 55 else cls.AGE_55_64

    @property
    def coarse(self) -> AgeBand:
        """The present band this one lies in."""
        if self in (AgeBandDetail.AGE_50_54, AgeBandDetail.AGE_55_64):
            return AgeBand.AGE_50_64
        return AgeBand(self.value)


class ReferralSource(StrEnum):
    """Ohjautumisreitti: who or what brought the client to the service."""

    SELF = "SELF"  # oma yhteydenotto
    OUTREACH = "OUTREACH"  # etsivä työ
    SOCIAL_OFFICE = "SOCIAL_OFFICE"  # sosiaalitoimisto
    TE_OFFICE = "TE_OFFICE"  # TE-toimisto
    TYP = "TYP"  # työvoiman palvelukeskus
    KELA = "KELA"
    HEALTH_CARE = "HEALTH_CARE"  # terveydenhuolto
    NGO = "NGO"  # järjestö
    PARISH = "PARISH"  # seurakunta
    POLICE = "POLICE"  # poliisi
    RELATIVE = "RELATIVE"  # läheinen
    OTHER = "OTHER"


class Party(StrEnum):
    """Osapuoli: a kind of organisation or person the client's information may go to.

    One list for consent scopes, plan participants and referral targets, so that a
    consumer can check "is this referral's target inside the consented parties" by
    plain membership. Kinds only: never an organisation's or a person's name.
    """

    OWN_ORGANISATION = "OWN_ORGANISATION"  # oma organisaatio / hanke
    SOCIAL_OFFICE = "SOCIAL_OFFICE"  # sosiaalitoimisto
    TE_OFFICE = "TE_OFFICE"  # TE-toimisto
    TYP = "TYP"  # työvoiman palvelukeskus
    KELA = "KELA"  # Kela (incl. its rehabilitation counsellor)
    HEALTH_CENTRE = "HEALTH_CENTRE"  # terveyskeskus, terveysasema
    UNEMPLOYED_NURSE = "UNEMPLOYED_NURSE"  # työttömien terveydenhoitaja
    TREATING_DOCTOR = "TREATING_DOCTOR"  # hoitava lääkäri
    SUBSTANCE_SERVICES = "SUBSTANCE_SERVICES"  # päihdepalvelut
    MENTAL_HEALTH_SERVICES = "MENTAL_HEALTH_SERVICES"  # mielenterveyspalvelut
    DISABILITY_SERVICES = "DISABILITY_SERVICES"  # vammaispalvelut
    HOUSING_SERVICE = "HOUSING_SERVICE"  # asuntopalvelu
    KUTY_ORGANISER = "KUTY_ORGANISER"  # kuntouttavan työtoiminnan järjestäjä
    EDUCATION_PROVIDER = "EDUCATION_PROVIDER"  # oppilaitos
    YOUTH_OUTREACH = "YOUTH_OUTREACH"  # etsivä nuorisotyö
    LEISURE_DEPT = "LEISURE_DEPT"  # vapaa-aikatoimi
    MEETING_PLACE = "MEETING_PLACE"  # kohtaamispaikka (NARIKKA, Kyläkulma)
    NGO = "NGO"  # järjestö
    PARISH = "PARISH"  # seurakunta
    POLICE = "POLICE"  # poliisi
    RELATIVES = "RELATIVES"  # läheiset
    OTHER = "OTHER"


class ProfessionalRole(StrEnum):
    """Ammattirooli: the role someone took part in, never who they are."""

    SOCIAL_WORKER = "SOCIAL_WORKER"  # sosiaalityöntekijä
    SOCIAL_COUNSELLOR = "SOCIAL_COUNSELLOR"  # sosiaaliohjaaja
    INDIVIDUAL_COUNSELLOR = "INDIVIDUAL_COUNSELLOR"  # yksilöohjaaja
    BENEFIT_HANDLER = "BENEFIT_HANDLER"  # etuuskäsittelijä
    NURSE = "NURSE"  # sairaanhoitaja, psykiatrinen sairaanhoitaja
    PUBLIC_HEALTH_NURSE = "PUBLIC_HEALTH_NURSE"  # terveydenhoitaja
    DOCTOR = "DOCTOR"  # lääkäri
    KELA_REHAB_COUNSELLOR = "KELA_REHAB_COUNSELLOR"  # Kelan kuntoutusneuvoja
    EMPLOYMENT_COUNSELLOR = "EMPLOYMENT_COUNSELLOR"  # työvoimaohjaaja (TE, TYP)
    WORK_PLANNER = "WORK_PLANNER"  # työsuunnittelija
    KUTY_ORGANISER_REP = "KUTY_ORGANISER_REP"  # järjestäjän edustaja
    PLACEMENT_SUPERVISOR = "PLACEMENT_SUPERVISOR"  # harjoitteluohjaaja
    PROJECT_WORKER = "PROJECT_WORKER"  # projektityöntekijä
    EXPERT_BY_EXPERIENCE = "EXPERT_BY_EXPERIENCE"  # kokemusasiantuntija
    PEER_SUPPORTER = "PEER_SUPPORTER"  # vertaistukija
    OTHER = "OTHER"


class ServiceType(StrEnum):
    """Palvelu: what was delivered or planned. Reporting's IND-02 catalogue maps these."""

    INDIVIDUAL_COACHING = "INDIVIDUAL_COACHING"  # yksilövalmennus
    GROUP_COACHING = "GROUP_COACHING"  # ryhmävalmennus
    PEER_SUPPORT_1TO1 = "PEER_SUPPORT_1TO1"  # kahdenkeskinen vertaistuki
    PEER_SUPPORT_ONLINE = "PEER_SUPPORT_ONLINE"  # vertaistuki verkossa
    PEER_GROUP = "PEER_GROUP"  # vertaisryhmä
    HEALTH_CHECK = "HEALTH_CHECK"  # terveystarkastus
    HEALTH_SERVICE = "HEALTH_SERVICE"  # terveyspalvelu
    ERRAND_HELP = "ERRAND_HELP"  # asiointiapu
    DAY_ACTIVITY = "DAY_ACTIVITY"  # päivätoiminta
    GUIDANCE_COUNSELLING = "GUIDANCE_COUNSELLING"  # ohjaus ja neuvonta
    REHABILITATION_GUIDANCE = "REHABILITATION_GUIDANCE"  # kuntoutusohjaus
    FINANCIAL_COUNSELLING = "FINANCIAL_COUNSELLING"  # talous- ja velkaneuvonta
    WORK_TRIAL = "WORK_TRIAL"  # työkokeilu
    WORK_PRACTICE = "WORK_PRACTICE"  # työharjoittelu
    JOB_COACHING = "JOB_COACHING"  # työvalmennus
    KUTY = "KUTY"  # kuntouttava työtoiminta
    OTHER = "OTHER"


class SharingBasis(StrEnum):
    """Tietojen luovutuksen peruste: why information may go to another party."""

    CONSENT = "CONSENT"  # asiakkaan suostumus (a ConsentRecorded)
    STATUTORY = "STATUTORY"  # lakisääteinen peruste


class Gender(StrEnum):
    """Sukupuoli as the client states it; the funder (ESR) reports participants by it."""

    FEMALE = "FEMALE"  # nainen
    MALE = "MALE"  # mies
    OTHER = "OTHER"  # muu
    NOT_STATED = "NOT_STATED"  # ei ilmoitettu


class TargetGroup(StrEnum):
    """Kohderyhmä: the project target groups a client belongs to, minimised.

    Never ethnicity or origin, not even as a group ("maahanmuuttaja", Roma): membership
    would reveal it. Health-related groups are coarse and optional.
    """

    LONG_TERM_UNEMPLOYED = "LONG_TERM_UNEMPLOYED"  # pitkäaikaistyötön
    YOUNG_UNEMPLOYED = "YOUNG_UNEMPLOYED"  # nuori työtön
    KUTY_CLIENT = "KUTY_CLIENT"  # kuntouttavan työtoiminnan asiakas
    DISABILITY = "DISABILITY"  # vammaispalvelujen asiakas
    MENTAL_HEALTH_REHAB = "MENTAL_HEALTH_REHAB"  # mielenterveyskuntoutuja
    SUBSTANCE_REHAB = "SUBSTANCE_REHAB"  # päihdekuntoutuja
    OTHER = "OTHER"
