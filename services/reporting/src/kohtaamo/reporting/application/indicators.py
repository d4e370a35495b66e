"""Indicator definitions over the projected facts (domain.md section 9)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Protocol


class Facts(Protocol):
    async def count_registered_clients(self) -> int: ...


@dataclass(frozen=True)
class IndicatorValue:
    code: str
    value: int | float
    as_of: datetime


async def clients_registered(facts: Facts) -> IndicatorValue:
    """IND-01: distinct clients registered, voided registrations excluded."""
    return IndicatorValue(
        code="clients-registered",
        value=await facts.count_registered_clients(),
        as_of=datetime.now(UTC),
    )
