"""Why a staff member reads a client's personal data: stated on every read, then logged."""

from enum import StrEnum


class ReadPurpose(StrEnum):
    CLIENT_WORK = "CLIENT_WORK"  # asiakastyö: contact, meetings, everyday casework
    NEEDS_ASSESSMENT = "NEEDS_ASSESSMENT"  # palvelutarpeen arviointi
    CLIENT_PLAN = "CLIENT_PLAN"  # asiakassuunnitelman laatiminen tai tarkistus
    REFERRAL = "REFERRAL"  # ohjaaminen palveluun (with consent)
    IDENTITY_CHECK = "IDENTITY_CHECK"  # henkilöllisyyden varmistaminen
    DATA_SUBJECT_REQUEST = "DATA_SUBJECT_REQUEST"  # rekisteröidyn oikeuksien käyttö


class ErasureReason(StrEnum):
    DATA_SUBJECT_REQUEST = "DATA_SUBJECT_REQUEST"  # the person asked for erasure
    UNLAWFUL_PROCESSING = "UNLAWFUL_PROCESSING"  # recorded without a lawful basis
    RETENTION_ENDED = "RETENTION_ENDED"  # the retention period is over
