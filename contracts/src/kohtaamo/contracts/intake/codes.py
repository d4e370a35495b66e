"""Coded values of intake's events. English names; the Finnish term beside each."""

from enum import StrEnum


class VoidReason(StrEnum):
    """Kirjauksen mitätöinnin syy: why a registration is taken back."""

    DUPLICATE = "DUPLICATE"  # kaksoiskirjaus: the person was already a client
    RECORDED_IN_ERROR = "RECORDED_IN_ERROR"  # virheellinen kirjaus: not a client at all
    WRONG_ORGANISATION = "WRONG_ORGANISATION"  # kirjattu väärään organisaatioon


class ConsentPurpose(StrEnum):
    """Suostumuksen käyttötarkoitus: what the consented information exchange is for."""

    INFORMATION_EXCHANGE = "INFORMATION_EXCHANGE"  # tietojen vaihto
    COOPERATION = "COOPERATION"  # yhteistyö (asiakas- ja verkostopalaverit)
    PLAN_PARTICIPATION = "PLAN_PARTICIPATION"  # osallistuminen suunnitelman laatimiseen
    REFERRAL = "REFERRAL"  # ohjaaminen palveluun
    # Tunnistettu osallistuminen: meetingplace may link visits, group participation and
    # peer support to the client id (otherwise everything there is anonymous).
    PARTICIPATION_RECORDING = "PARTICIPATION_RECORDING"
    DEVELOPER_CLIENT = "DEVELOPER_CLIENT"  # kehittäjäasiakkuus
    OUTREACH_FOLLOW_UP = "OUTREACH_FOLLOW_UP"  # etsivän työn jatkoyhteydenotto


class ConsentForm(StrEnum):
    """Suostumuksen muoto."""

    WRITTEN = "WRITTEN"  # kirjallinen
    ORAL_DOCUMENTED = "ORAL_DOCUMENTED"  # suullinen, kirjattu asiakastietoihin


class SupportNeed(StrEnum):
    """Tuen tarve in one life domain of the initial survey (alkukartoitus).

    Deliberately coarse: the survey's details stay in intake's own store, because health
    and substance use are special-category data and reporting reads every topic.
    """

    NO_NEED = "NO_NEED"  # ei tuen tarvetta
    SOME_NEED = "SOME_NEED"  # jonkin verran tuen tarvetta
    SIGNIFICANT_NEED = "SIGNIFICANT_NEED"  # merkittävä tuen tarve
    NOT_DISCUSSED = "NOT_DISCUSSED"  # ei käsitelty (client declined or not yet)


class AssessmentDecision(StrEnum):
    """Palvelutarpeen arvioinnin johtopäätös."""

    CASEWORK_NEEDED = "CASEWORK_NEEDED"  # asiakkuus sosiaalityössä jatkuu
    GUIDANCE_ONLY = "GUIDANCE_ONLY"  # ohjaus ja neuvonta riittää
    REFERRED_ELSEWHERE = "REFERRED_ELSEWHERE"  # ohjattu muualle
    NO_NEED = "NO_NEED"  # ei palvelutarvetta


class OutreachChannel(StrEnum):
    """Etsivän työn kontaktin tapa."""

    HOME_VISIT = "HOME_VISIT"  # kotikäynti
    STREET = "STREET"  # kadulla, jalkautuen
    MEETING_PLACE = "MEETING_PLACE"  # kohtaamispaikassa
    PHONE = "PHONE"  # puhelimitse
    PARTNER_TIP = "PARTNER_TIP"  # yhteistyötahon vinkki


class OutreachOutcome(StrEnum):
    """Etsivän työn kontaktin tulos."""

    NO_CONTACT = "NO_CONTACT"  # ei tavoitettu
    INFO_GIVEN = "INFO_GIVEN"  # annettiin tietoa palveluista
    WANTS_SERVICE = "WANTS_SERVICE"  # haluaa palvelua (registration may follow)
    DECLINED = "DECLINED"  # kieltäytyi
