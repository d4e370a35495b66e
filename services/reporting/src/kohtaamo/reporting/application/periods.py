"""Reporting periods: names (``window``, ``2016``, ``2016Q1``, ``2016-03``) or two dates.

All dates are Finnish local calendar dates, both ends inclusive.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Literal

Granularity = Literal["window", "year", "quarter", "month", "dates"]


class PeriodError(ValueError):
    """A period that does not parse, or that ends before it starts."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field


@dataclass(frozen=True)
class Period:
    start: date
    end: date
    granularity: Granularity
    name: str | None = None  # as asked, e.g. "2016Q1"; None for from/to dates

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    def months(self) -> list[date]:
        """The first day of each calendar month the period touches."""
        first, out = self.start.replace(day=1), []
        while first <= self.end:
            out.append(first)
            first = _add_months(first, 1)
        return out

    def previous(self) -> Period:
        """The period of the same length just before: the previous month, quarter or year;
        otherwise the same number of days."""
        if self.granularity == "month":
            start = _add_months(self.start, -1)
            return month(start.year, start.month)
        if self.granularity == "quarter":
            start = _add_months(self.start, -3)
            return quarter(start.year, (start.month - 1) // 3 + 1)
        if self.granularity == "year":
            return year(self.start.year - 1)
        end = self.start - timedelta(days=1)
        return Period(end - timedelta(days=self.days - 1), end, "dates")


def year(y: int) -> Period:
    return Period(date(y, 1, 1), date(y, 12, 31), "year", str(y))


def quarter(y: int, q: int) -> Period:
    start = date(y, 3 * q - 2, 1)
    return Period(start, _add_months(start, 3) - timedelta(days=1), "quarter", f"{y}Q{q}")


def month(y: int, m: int) -> Period:
    start = date(y, m, 1)
    return Period(start, _add_months(start, 1) - timedelta(days=1), "month", f"{y}-{m:02d}")


def steps(window: tuple[date, date], granularity: Literal["quarter", "month"]) -> list[Period]:
    """The named quarters or months that touch ``window``, in order."""
    first = window[0].replace(day=1)
    if granularity == "quarter":
        first = first.replace(month=(first.month - 1) // 3 * 3 + 1)
    out = []
    while first <= window[1]:
        out.append(quarter(first.year, (first.month - 1) // 3 + 1) if granularity == "quarter"
                   else month(first.year, first.month))
        first = _add_months(first, 3 if granularity == "quarter" else 1)
    return out


def years(window: tuple[date, date]) -> list[Period]:
    return [year(y) for y in range(window[0].year, window[1].year + 1)]


def _add_months(first: date, n: int) -> date:
    index = first.year * 12 + first.month - 1 + n
    return date(index // 12, index % 12 + 1, 1)


_NAMES = (
    (re.compile(r"^(\d{4})$"), lambda m: year(int(m[1]))),
    (re.compile(r"^(\d{4})Q([1-4])$"), lambda m: quarter(int(m[1]), int(m[2]))),
    (re.compile(r"^(\d{4})-(0[1-9]|1[0-2])$"), lambda m: month(int(m[1]), int(m[2]))),
)


def parse(name: str | None, start: date | None, end: date | None,
          window: tuple[date, date]) -> Period:
    """A period from a name or from ``from``/``to``, never both; ``window`` is the project's."""
    if name is not None and (start is not None or end is not None):
        raise PeriodError("period", "give either period or from/to, not both")
    if name is None:
        if start is None or end is None:
            raise PeriodError("period", "give period (window, 2016, 2016Q1, 2016-03) or both from and to")
        if end < start:
            raise PeriodError("to", f"the period ends ({end}) before it starts ({start})")
        return Period(start, end, "dates")
    if name == "window":
        return Period(window[0], window[1], "window", "window")
    for pattern, build in _NAMES:
        found = pattern.match(name)
        if found:
            try:
                return build(found)
            except ValueError:  # year 0: no such calendar year
                raise PeriodError("period", f"'{name}' is not in the calendar") from None
    raise PeriodError("period", f"'{name}' is not a period: use window, 2016, 2016Q1 or 2016-03")
