"""Coded values of meetingplace's events. English names; the Finnish term beside each."""

from __future__ import annotations

from enum import StrEnum


class Facility(StrEnum):
    """Varustus, free for visitors."""

    COMPUTER = "COMPUTER"  # tietokone
    SEWING_MACHINE = "SEWING_MACHINE"  # ompelukone
    RECYCLING_POINT = "RECYCLING_POINT"  # kierrätyspiste
    KITCHEN = "KITCHEN"  # keittiö
    LAUNDRY = "LAUNDRY"  # pyykinpesu


class Premises(StrEnum):
    """Tilat: what kind of space the meeting place is in (never its street address)."""

    RENTED_FLAT = "RENTED_FLAT"  # vuokrahuoneisto
    NGO_HOUSE = "NGO_HOUSE"  # järjestötalo
    MUNICIPAL_PREMISES = "MUNICIPAL_PREMISES"  # kunnan tila
    PARISH_PREMISES = "PARISH_PREMISES"  # seurakunnan tila
    OTHER = "OTHER"


class Identification(StrEnum):
    """Tunnistettavuus: meeting places are anonymous by default (matala kynnys)."""

    ANONYMOUS = "ANONYMOUS"  # nimetön, pelkkä lukumäärä
    IDENTIFIED_CLIENT = "IDENTIFIED_CLIENT"  # asiakas, joka on antanut suostumuksen


class VisitPurpose(StrEnum):
    """Käynnin tarkoitus, when the visitor tells it."""

    DROP_IN = "DROP_IN"  # olemaan, kahville
    FACILITY_USE = "FACILITY_USE"  # tietokone, ompelukone, kierrätyspiste
    MET_PROFESSIONAL = "MET_PROFESSIONAL"  # tapasi ammattilaisen
    MET_PEER = "MET_PEER"  # tapasi vertaisen tai kokemusasiantuntijan
    ACTIVITY = "ACTIVITY"  # osallistui toimintaan


class TimeSlot(StrEnum):
    """Vuorokaudenaika of a visit, in Finnish local time."""

    MORNING = "MORNING"  # aamupäivä, before 12:00
    AFTERNOON = "AFTERNOON"  # iltapäivä, 12:00-16:59
    EVENING = "EVENING"  # ilta, from 17:00
    WHOLE_DAY = "WHOLE_DAY"  # koko aukiolopäivä: one tally for the day

    @classmethod
    def for_hour(cls, hour: int) -> TimeSlot:
        if hour < 12:
            return cls.MORNING
        return cls.AFTERNOON if hour < 17 else cls.EVENING


class ActivityType(StrEnum):
    """Toiminnan muoto."""

    THEMED_MEETING = "THEMED_MEETING"  # teemallinen tapaaminen
    INFO_SESSION = "INFO_SESSION"  # infotilaisuus
    OPEN_GROUP = "OPEN_GROUP"  # avoin ryhmä
    CLOSED_GROUP = "CLOSED_GROUP"  # suljettu ryhmä
    PEER_GROUP = "PEER_GROUP"  # vertaisryhmä
    GROUP_COACHING = "GROUP_COACHING"  # ryhmävalmennus
    DISCUSSION_CAFE = "DISCUSSION_CAFE"  # keskustelukahvila
    RESIDENTS_FORUM = "RESIDENTS_FORUM"  # asukasfoorumi
    DEVELOPER_CLIENT_SESSION = "DEVELOPER_CLIENT_SESSION"  # kehittäjäasiakasryhmän tapaaminen
    BRIEFING = "BRIEFING"  # tietoisku
    EXERCISE_GROUP = "EXERCISE_GROUP"  # liikuntaryhmä
    OPENING_EVENT = "OPENING_EVENT"  # avajaiset


class ActivityTheme(StrEnum):
    """Teema, coded so that no free text travels. Never a population group: a theme
    naming an ethnic or origin group would reveal the participants' background."""

    CLIENT_PARTICIPATION = "CLIENT_PARTICIPATION"  # asiakkaat kehittäjinä, osallisuus
    SERVICE_DEVELOPMENT = "SERVICE_DEVELOPMENT"  # palvelujen kehittäminen
    CRISIS_SUPPORT = "CRISIS_SUPPORT"  # kriisiapu
    INCOME_AND_FINANCES = "INCOME_AND_FINANCES"  # toimeentulo ja talousneuvonta
    STUDY_AND_BENEFITS = "STUDY_AND_BENEFITS"  # opiskelu ja opintoetuudet
    WORK_AND_ACTIVATION = "WORK_AND_ACTIVATION"  # työ, kuntouttava työtoiminta
    WELLBEING_AND_RELATIONSHIPS = "WELLBEING_AND_RELATIONSHIPS"  # hyvinvointi, ihmissuhteet
    HEALTH_AND_EXERCISE = "HEALTH_AND_EXERCISE"  # terveys ja liikunta
    EVERYDAY_SKILLS = "EVERYDAY_SKILLS"  # arjen taidot: ruoka, päivärytmi
    DIGITAL_SKILLS = "DIGITAL_SKILLS"  # arjen tietotekniikka
    CULTURE_AND_CRAFTS = "CULTURE_AND_CRAFTS"  # kulttuuri ja käsityö
    COMMUNITY_AND_NEIGHBOURHOOD = "COMMUNITY_AND_NEIGHBOURHOOD"  # yhteisöllisyys, asukkaat
    PEER_SUPPORT = "PEER_SUPPORT"  # vertaistuki
    OTHER = "OTHER"


class Organiser(StrEnum):
    """Järjestäjä of an activity."""

    PROJECT = "PROJECT"  # hanke
    NGO = "NGO"  # järjestö
    PARISH = "PARISH"  # seurakunta
    LEISURE_DEPT = "LEISURE_DEPT"  # vapaa-aikatoimi
    SOCIAL_OFFICE = "SOCIAL_OFFICE"  # sosiaalitoimisto
    MEETING_PLACE = "MEETING_PLACE"  # kohtaamispaikka itse
    OTHER = "OTHER"


class CancellationReason(StrEnum):
    """Peruutuksen syy."""

    TOO_FEW_SIGNUPS = "TOO_FEW_SIGNUPS"  # liian vähän ilmoittautuneita
    STAFF = "STAFF"  # henkilöstösyy
    VENUE = "VENUE"  # tila ei käytettävissä
    OTHER = "OTHER"


class PeerSupportForm(StrEnum):
    """Vertaistuen muoto (SoKu's three forms)."""

    ONE_TO_ONE = "ONE_TO_ONE"  # kahdenkeskinen tuki
    GROUP = "GROUP"  # vertaisryhmä
    ONLINE = "ONLINE"  # vertaistuki verkossa
