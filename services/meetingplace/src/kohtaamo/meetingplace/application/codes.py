"""Coded values in commands are checked against the contracts' code lists, at the door.

The domain checks the rules between values (dates, counts, uniqueness); whether a code is
one the published language knows is checked here, where the contracts may be imported, so
no command with an unknown code reaches the event store.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime
from enum import StrEnum
from zoneinfo import ZoneInfo

from kohtaamo.contracts.municipalities import MUNICIPALITIES

from ..domain.errors import InvalidCommand, require

FINLAND = ZoneInfo("Europe/Helsinki")


def finnish_today() -> date:
    """Effective dates are Finnish calendar days, whatever zone the server runs in."""
    return datetime.now(FINLAND).date()


def code(kind: type[StrEnum], value: str, field: str) -> None:
    if value not in kind.__members__.values():
        raise InvalidCommand(f"unknown code {value!r}", field=field)


def codes(kind: type[StrEnum], values: Iterable[str], field: str) -> None:
    for index, value in enumerate(values):
        code(kind, value, f"{field}.{index}")


def municipality(value: str, field: str = "municipality_code") -> None:
    require(value in MUNICIPALITIES, f"unknown municipality code {value!r}", field=field)


def not_in_future(day: date, today: date, field: str) -> None:
    require(day <= today, f"is in the future (today is {today})", field=field)
