"""What an evaluation works on and gives: scopes, fact rows, figures.

A ``Figure`` holds the raw numbers with the definition version and the log positions they
were computed at, and the member sets behind a share (for drill-down). A Figure is never
published as it is: ``publication.publish`` applies disclosure control.
"""

from __future__ import annotations

from collections.abc import Sequence
from contextlib import AbstractAsyncContextManager
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal
from typing import Any, Protocol
from uuid import UUID

from .definitions import Criterion, Population, Text
from .pack import Pack, Project, Versioned
from .periods import Period


@dataclass(frozen=True)
class Scope:
    """Whose figure: one project, all or some of the organisations that run it."""

    project: Project
    organisations: tuple[str, ...]

    @property
    def whole_project(self) -> bool:
        return set(self.organisations) == set(self.project.organisations)


@dataclass(frozen=True)
class Position:
    topic: str
    partition: int
    offset: int


@dataclass(frozen=True)
class ClientRow:
    client_id: UUID
    qualifies: bool
    dimensions: dict[str, str]


@dataclass(frozen=True)
class AttendanceRow:
    client_id: UUID
    month: date
    days: int
    hours: Decimal


@dataclass(frozen=True)
class ContractRow:
    client_id: UUID
    days_per_week: int
    start_on: date
    end_on: date


class Facts(Protocol):
    async def clients(self, scope: Scope, period: Period, as_of: datetime,
                      population: Population, qualifying: Criterion | None) -> list[ClientRow]: ...
    async def visits(self, scope: Scope, period: Period, as_of: datetime) -> list[Any]: ...
    async def activities(self, scope: Scope, period: Period, as_of: datetime) -> list[Any]: ...
    async def attendance(self, scope: Scope, period: Period, as_of: datetime
                         ) -> tuple[list[AttendanceRow], list[ContractRow]]: ...
    async def evidence(self, scope: Scope, period: Period, as_of: datetime, population: Population,
                       qualifying: Criterion | None, clients: frozenset[UUID]
                       ) -> dict[UUID, list[UUID]]: ...
    async def positions(self) -> list[Position]: ...


class FactsSource(Protocol):
    def snapshot(self, through: Sequence[Position] | None = None
                 ) -> AbstractAsyncContextManager[Facts]: ...


@dataclass(frozen=True)
class Column:
    code: str
    title: Text
    people: bool = True  # a count of people: suppressed when small


@dataclass(frozen=True)
class Table:
    """Rows of cells; with ``totals`` the last row and column are the totals."""

    columns: list[Column]
    rows: list[dict[str, Any]]  # each row's key, e.g. {"month": "2016-03"} or {"code", "title"}
    cells: list[list[Any]]
    totals: bool = False


@dataclass(frozen=True)
class Members:
    """Who is behind a share: pseudonymous client ids, for drill-down only."""

    numerator: frozenset[UUID]
    denominator: frozenset[UUID]


@dataclass(frozen=True)
class Figure:
    indicator: Versioned
    scope: Scope
    period: Period
    as_of: datetime
    positions: list[Position]
    status: str = "N_A"  # MET, NOT_MET, RISING, NOT_RISING, N_A
    count: int | None = None
    numerator: int | None = None
    denominator: int | None = None
    value: str | None = None  # a share in percent, one decimal, half-up
    previous: Figure | None = None
    table: Table | None = None
    members: Members | None = field(default=None, repr=False)

    @property
    def code(self) -> str:
        return self.indicator.definition.code


def one_decimal(value: Decimal) -> str:
    return str(value.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP))


def percent(numerator: int | Decimal, denominator: int | Decimal) -> str | None:
    """100 x num / den, one decimal, half-up (69.95 -> 70.0); None when den is 0."""
    if not denominator:
        return None
    return one_decimal(Decimal(100) * Decimal(numerator) / Decimal(denominator))
