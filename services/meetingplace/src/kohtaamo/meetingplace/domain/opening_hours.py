"""A meeting place's weekly opening hours, as one value checked once, here."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from .errors import Problem, gather

WEEKDAYS = ("MONDAY", "TUESDAY", "WEDNESDAY", "THURSDAY", "FRIDAY", "SATURDAY", "SUNDAY")
_TIME = re.compile(r"^([01]\d|2[0-3]):[0-5]\d$")


@dataclass(frozen=True)
class Opening:
    weekday: str
    opens: str  # "HH:MM", Finnish local time
    closes: str


@dataclass(frozen=True)
class OpeningHours:
    """The days a place is open and from when to when; a day not listed is closed."""

    days: tuple[Opening, ...] = ()

    def __post_init__(self) -> None:
        object.__setattr__(self, "days", tuple(self.days))
        problems: list[Problem] = []
        seen: set[str] = set()
        for index, day in enumerate(self.days):
            field = f"opening_hours.{index}"
            if day.weekday not in WEEKDAYS:
                problems.append((f"{field}.weekday", f"unknown weekday {day.weekday!r}"))
            elif day.weekday in seen:
                problems.append((f"{field}.weekday", f"{day.weekday} is listed more than once"))
            seen.add(day.weekday)
            times_ok = True
            for name in ("opens", "closes"):
                if not _TIME.match(getattr(day, name)):
                    problems.append((f"{field}.{name}", "a time of day as HH:MM"))
                    times_ok = False
            if times_ok and day.opens >= day.closes:
                problems.append((f"{field}.closes", "closes before it opens"))
        gather(problems, "the opening hours are not valid")

    def as_state(self) -> list[dict[str, str]]:
        return [{"weekday": d.weekday, "opens": d.opens, "closes": d.closes} for d in self.days]

    @classmethod
    def from_state(cls, state: list[dict[str, Any]]) -> OpeningHours:
        return cls(tuple(Opening(**day) for day in state))
