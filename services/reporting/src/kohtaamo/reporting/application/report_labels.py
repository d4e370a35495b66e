"""The funder report's words and number formats, in Finnish (the default) and English."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Literal
from zoneinfo import ZoneInfo

Lang = Literal["fi", "en"]
FINLAND = ZoneInfo("Europe/Helsinki")

LABELS: dict[str, dict[Lang, str]] = {
    "report": {"fi": "Rahoittajaraportti", "en": "Funder report"},
    "PERIODIC": {"fi": "Kausiraportti", "en": "Periodic report"},
    "FINAL": {"fi": "Loppuraportti", "en": "Final report"},
    "project": {"fi": "Hanke", "en": "Project"},
    "project_id": {"fi": "Hanketunnus", "en": "Project id"},
    "period": {"fi": "Raportointijakso", "en": "Reporting period"},
    "window": {"fi": "Hankeaika", "en": "Project window"},
    "closed_at": {"fi": "Jakso suljettu", "en": "Period closed"},
    "publication": {"fi": "Julkaisu", "en": "Publication"},
    "corrects": {"fi": "Korjaa julkaisun", "en": "Corrects publication"},
    "corrected_by": {"fi": "Korjattu julkaisulla", "en": "Corrected by publication"},
    "organisations": {"fi": "Organisaatiot", "en": "Organisations"},
    "results": {"fi": "Tulokset", "en": "Results"},
    "progress": {"fi": "Eteneminen kohti tavoitteita", "en": "Progress to the targets"},
    "indicator": {"fi": "Indikaattori", "en": "Indicator"},
    "basis": {"fi": "Jakso", "en": "Period"},
    "value": {"fi": "Arvo", "en": "Value"},
    "target": {"fi": "Tavoite", "en": "Target"},
    "status": {"fi": "Tila", "en": "Status"},
    "numerator": {"fi": "Osoittaja (henkilöä)", "en": "Numerator (people)"},
    "denominator": {"fi": "Nimittäjä (henkilöä)", "en": "Denominator (people)"},
    "share": {"fi": "Osuus", "en": "Share"},
    "previous": {"fi": "Edellinen jakso", "en": "Previous period"},
    "table": {"fi": "taulukko", "en": "table"},
    "month": {"fi": "Kuukausi", "en": "Month"},
    "meeting_place": {"fi": "Kohtaamispaikka", "en": "Meeting place"},
    "clients": {"fi": "Asiakkaita", "en": "Clients"},
    "category": {"fi": "Luokka", "en": "Category"},
    "definitions": {"fi": "Määritelmät ja versiot", "en": "Definitions and versions"},
    "code": {"fi": "Tunnus", "en": "Code"},
    "title": {"fi": "Nimi", "en": "Title"},
    "version": {"fi": "Versio", "en": "Version"},
    "description": {"fi": "Kuvaus", "en": "Description"},
    "summary": {"fi": "Yhteenveto", "en": "Summary"},
    "PERIOD": {"fi": "jakso", "en": "period"},
    "TO_DATE": {"fi": "hankkeen alusta", "en": "project to date"},
    "rising": {"fi": "nouseva", "en": "rising"},
    "whole_window": {"fi": "koko hankeaika", "en": "whole window"},
    "MET": {"fi": "Saavutettu", "en": "Met"},
    "NOT_MET": {"fi": "Ei saavutettu", "en": "Not met"},
    "RISING": {"fi": "Nousussa", "en": "Rising"},
    "NOT_RISING": {"fi": "Ei nousussa", "en": "Not rising"},
    "N_A": {"fi": "–", "en": "–"},
    "suppressed": {"fi": "salattu", "en": "suppressed"},
    "of_target": {"fi": "tavoitteesta", "en": "of target"},
    "attendance_note": {
        "fi": "Läsnäolo on koottu kuukausittain; asiakaskohtaiset rivit eivät kuulu raporttiin.",
        "en": "Attendance is summed per month; rows per client are not part of the report."},
    "legend": {
        "fi": "Pienet luvut on salattu: <5 = 1–4 henkilöä; salattu = luku piilotettu, jotta "
              "pieni luku ei olisi pääteltävissä summista. Luvut ovat sellaisina kuin ne "
              "tiedettiin jakson sulkemishetkellä.",
        "en": "Small numbers are suppressed: <5 = 1–4 people; suppressed = hidden so that a "
              "small number cannot be worked out from the totals. Figures are as known at the "
              "moment the period was closed."},
    "attendance_measures": {"fi": "Päivät · Tunnit · Sovitut päivät · Läsnäoloaste %",
                            "en": "Days · Hours · Contracted days · Attendance rate %"},
}


def label(key: str, lang: Lang) -> str:
    return LABELS[key][lang]


def shown(text: str, lang: Lang) -> str:
    """A published ``shown`` string in the report's language ("<5" stays as it is)."""
    if text == "suppressed":
        return label("suppressed", lang)
    if text == "n/a":
        return "–"
    return number(text, lang)


def number(text: str, lang: Lang) -> str:
    """1234 -> "1 234" (fi) / "1,234" (en); "70.0" -> "70,0" (fi)."""
    try:
        value = Decimal(text)
    except ArithmeticError:
        return text
    whole, _, decimals = f"{value:,}".partition(".")
    if lang == "fi":
        whole = whole.replace(",", "\u00a0")
        return whole + ("," + decimals if decimals else "")
    return whole + ("." + decimals if decimals else "")


def percent(text: str, lang: Lang) -> str:
    return f"{number(text, lang)}\u00a0%"


def day(d: date, lang: Lang) -> str:
    return f"{d.day}.{d.month}.{d.year}" if lang == "fi" else d.isoformat()


def days(start: date, end: date, lang: Lang) -> str:
    return f"{day(start, lang)}–{day(end, lang)}"


def moment(at: datetime, lang: Lang) -> str:
    local = at.astimezone(FINLAND)
    if lang == "fi":
        return f"{local.day}.{local.month}.{local.year} klo {local:%H.%M} (Suomen aikaa)"
    return f"{local:%Y-%m-%d %H:%M} (Helsinki time)"
