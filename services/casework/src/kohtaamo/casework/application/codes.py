"""Coded values in commands are checked against the contracts' code lists, at the door.

The domain checks the rules between values (dates, uniqueness, counts); whether a code is
one the published language knows is checked here, where the contracts may be imported, so
that no command with an unknown code reaches the event store.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime
from enum import StrEnum

from kohtaamo.servicekit.outgoing import local_date

from ..domain.errors import InvalidCommand, require

__all__ = ["code", "codes", "not_in_future", "optional", "require"]


def code(kind: type[StrEnum], value: str, field: str) -> None:
    if value not in kind.__members__.values():
        raise InvalidCommand(f"unknown code {value!r}", field=field)


def optional(kind: type[StrEnum], value: str | None, field: str) -> None:
    if value is not None:
        code(kind, value, field)


def codes(kind: type[StrEnum], values: Iterable[str], field: str) -> None:
    for index, value in enumerate(values):
        code(kind, value, f"{field}.{index}")


def not_in_future(day: date | datetime | None, today: date, field: str) -> None:
    """Something that happened cannot have happened after today (in Finland)."""
    if day is None:
        return
    on = local_date(day) if isinstance(day, datetime) else day
    require(on <= today, "cannot be in the future", field=field)
