"""Coded values in commands are checked against the contracts' code lists, at the door.

The domain checks the rules between values (dates, uniqueness, counts); whether a code is
one the published language knows is checked here, where the contracts may be imported, so
that no command with an unknown code reaches the event store.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from enum import StrEnum

from kohtaamo.contracts.municipalities import MUNICIPALITIES

from ..domain.errors import InvalidCommand, require

__all__ = ["code", "codes", "municipality", "not_in_future", "require"]


def code(kind: type[StrEnum], value: str, field: str) -> None:
    if value not in kind.__members__.values():
        raise InvalidCommand(f"unknown code {value!r}", field=field)


def codes(kind: type[StrEnum], values: Iterable[str], field: str) -> None:
    for index, value in enumerate(values):
        code(kind, value, f"{field}.{index}")


def municipality(value: str, field: str = "municipality_code") -> None:
    require(value in MUNICIPALITIES, f"unknown municipality code {value!r}", field=field)


def not_in_future(day: date, today: date, field: str) -> None:
    require(day <= today, "cannot be in the future", field=field)
