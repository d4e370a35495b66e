"""Numbers and dates as each language writes them (Babel's CLDR data): ``70,0 %`` and
``1 234`` in Finnish, ``70.0%`` and ``1,234`` in English; a suppressed number is a label."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from babel import Locale
from babel.dates import format_date, format_time
from babel.numbers import format_decimal, parse_pattern

from ...application.dashboard import HELSINKI
from ...application.periods import Period
from .labels import Language, text


@dataclass(frozen=True)
class Shown:
    """A number as the page prints it: ``text``, and whether it is a suppression label."""

    text: str
    suppressed: bool = False
    title: str | None = None  # what a suppression label means
    number: Decimal | None = None  # for drawing; None when suppressed or not available


class Formats:
    def __init__(self, lang: Language) -> None:
        self.lang = lang
        self._locale = Locale.parse(lang)
        self._percent = parse_pattern(self._locale.percent_formats[None].pattern)
        self._percent.frac_prec = (1, 1)  # the engine's one decimal

    def count(self, n: int | Decimal) -> str:
        return format_decimal(n, locale=self._locale)

    def percent(self, value: str | Decimal) -> str:
        return self._percent.apply(Decimal(value) / 100, self._locale)

    def day(self, d: date) -> str:
        return format_date(d, "medium", locale=self._locale)

    def moment(self, t: datetime) -> str:
        local = t.astimezone(HELSINKI)
        return f"{self.day(local.date())} {format_time(local, 'short', locale=self._locale)}"

    def period(self, p: Period) -> str:
        if p.granularity == "window":
            return text("window", self.lang)
        if p.granularity == "year":
            return str(p.start.year)
        if p.granularity == "quarter":
            return format_date(p.start, "QQQ y", locale=self._locale)
        if p.granularity == "month":
            return format_date(p.start, "LLLL y", locale=self._locale)
        return f"{self.day(p.start)} – {self.day(p.end)}"

    def short_period(self, p: Period) -> str:
        """An axis label: the step's end for a cumulative point, else the step."""
        if p.granularity == "month":
            return format_date(p.start, "LLL y", locale=self._locale)
        if p.granularity == "quarter":
            return format_date(p.start, "QQQ y", locale=self._locale)
        return format_date(p.end, "LLL y", locale=self._locale)

    def month(self, yyyy_mm: str) -> str:
        return format_date(date.fromisoformat(f"{yyyy_mm}-01"), "LLLL y", locale=self._locale)

    def short_month(self, yyyy_mm: str) -> str:
        return format_date(date.fromisoformat(f"{yyyy_mm}-01"), "LLL y", locale=self._locale)

    def cell(self, cell: dict[str, Any], *, share: bool = False) -> Shown:
        """A published value (``value``, ``shown``, ``suppressed``) as the page prints it."""
        if cell.get("suppressed") or cell.get("value") is None and cell.get("shown") in ("<5", "suppressed"):
            return self.suppressed(cell.get("shown"))
        value = cell.get("value")
        if value is None:
            return Shown(text("not_available", self.lang))
        number = Decimal(str(value))
        return Shown(self.percent(number) if share else self.count(number), number=number)

    def suppressed(self, shown: str | None) -> Shown:
        if shown == "<5":
            return Shown(text("less_than_five", self.lang), True, text("less_than_five_title", self.lang))
        return Shown(text("suppressed", self.lang), True, text("suppressed_title", self.lang))
