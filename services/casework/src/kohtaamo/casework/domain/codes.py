"""Casework's own code lists: used inside casework only, never published.

Codes that travel on Kafka are the contracts' (``kohtaamo.contracts``); the application
checks commands against those. The domain names the few values its rules turn on as plain
strings, so that it needs no wire format.
"""

from enum import StrEnum


class ReadPurpose(StrEnum):
    """Why a staff member reads a client's private text: stated on every read, then logged."""

    CLIENT_WORK = "CLIENT_WORK"  # asiakastyö: meetings, follow-up, everyday casework
    CLIENT_PLAN = "CLIENT_PLAN"  # suunnitelman laatiminen tai tarkistus
    REFERRAL = "REFERRAL"  # ohjaaminen palveluun
    WORK_ACTIVITY = "WORK_ACTIVITY"  # kuntouttavan työtoiminnan seuranta
    DATA_SUBJECT_REQUEST = "DATA_SUBJECT_REQUEST"  # rekisteröidyn oikeuksien käyttö


class GoalDomain(StrEnum):
    """Tavoitteen elämänalue: what a plan goal is about. Its wording stays private."""

    HOUSING = "HOUSING"  # asuminen
    RELATIONSHIPS = "RELATIONSHIPS"  # ihmissuhteet
    WORK = "WORK"  # työ ja työelämä
    STUDY = "STUDY"  # opiskelu
    FINANCES = "FINANCES"  # talous
    HEALTH = "HEALTH"  # terveys ja toimintakyky
    SUBSTANCE_USE = "SUBSTANCE_USE"  # päihteet
    DAILY_LIFE = "DAILY_LIFE"  # arki ja elämänhallinta
    SOCIAL_PARTICIPATION = "SOCIAL_PARTICIPATION"  # osallisuus
    OTHER = "OTHER"


# Values of the contracts' code lists that casework's rules turn on.
CONSENT = "CONSENT"  # SharingBasis: the referral relies on a consent
REFERRAL = "REFERRAL"  # ConsentPurpose: referring the client to a service
FACE_TO_FACE = "FACE_TO_FACE"  # Channel
REMOTE = "REMOTE"  # AppointmentKind
MET_IN_PERSON = ("HOME_VISIT", "EVALUATION_VISIT")  # AppointmentKind: always face to face
WORK_ACTIVITY_PLAN = "WORK_ACTIVITY_PLAN"  # PlanType
ACTIVATION_PLAN = "ACTIVATION_PLAN"
FOLLOW_UP_PLAN = "FOLLOW_UP_PLAN"
INTERRUPTED = "INTERRUPTED"  # EndType
PLANNED_END = "PLANNED_END"  # EndReason
UNREPORTED = "UNREPORTED"  # AbsenceCategory
