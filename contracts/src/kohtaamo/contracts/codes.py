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
