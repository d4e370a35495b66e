"""Drill-down: the pseudonymous clients behind a figure's numerator, denominator, or those
excluded from it (in the denominator, not the numerator), each with the event ids behind
them; never a name (casework resolves an id for a caseworker with their own rights).

A coded purpose is required and every drill-down is logged before anything is answered.
A small set (1-4 clients, or one the published figure suppresses) opens only to a
manager of the organisation whose clients they are: a project-wide role sees across
organisations, and the small groups of another organisation stay protected from it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Literal, Protocol
from uuid import UUID, uuid4

from . import disclosure
from .engine import Engine
from .evaluation import Figure, Scope
from .periods import Period

MemberSet = Literal["numerator", "denominator", "excluded"]


class Purpose(StrEnum):
    SERVICE_FOLLOW_UP = "SERVICE_FOLLOW_UP"  # who is still without a service the target counts
    PLAN_REVIEW_FOLLOW_UP = "PLAN_REVIEW_FOLLOW_UP"  # whose plan review is due or overdue
    RECORD_CHECK = "RECORD_CHECK"  # a figure is doubted: checking the records behind it
    FUNDER_AUDIT = "FUNDER_AUDIT"  # a funder's or auditor's check of a reported figure


class NotDrillable(ValueError):
    """The figure has no such set of clients (a 422 naming ``field``)."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field


class Protected(PermissionError):
    """A small set the caller may not open (a 403)."""


@dataclass(frozen=True)
class Reader:
    sub: str
    org: str
    roles: frozenset[str]


@dataclass(frozen=True)
class DrillRequest:
    code: str
    scope: Scope
    period: Period
    as_of: datetime
    member_set: MemberSet
    purpose: Purpose
    reader: Reader


@dataclass(frozen=True)
class Entry:
    """One line of the drill-down access log."""

    id: UUID
    at: datetime
    request: DrillRequest
    definition_version: str
    clients: int


class AccessLog(Protocol):
    async def record(self, entry: Entry) -> None: ...


@dataclass(frozen=True)
class Drilled:
    figure: Figure
    member_set: MemberSet
    clients: dict[UUID, list[UUID]]  # each client's event ids


async def drill_down(engine: Engine, log: AccessLog, request: DrillRequest, now: datetime) -> Drilled:
    may_open_small = "manager" in request.reader.roles and request.scope.organisations == (request.reader.org,)

    def pick(figure: Figure) -> tuple[frozenset[UUID], bool]:
        return members(figure, request.member_set, may_open_small), request.member_set == "numerator"

    figure, behind = await engine.explain(request.code, request.scope, request.period, request.as_of, pick)
    # Logged before it is answered: a drill-down that cannot be logged is not answered.
    await log.record(Entry(uuid4(), now, request, figure.indicator.version, len(behind)))
    return Drilled(figure, request.member_set, behind)


def members(figure: Figure, member_set: MemberSet, may_open_small: bool) -> frozenset[UUID]:
    m, kind = figure.members, figure.indicator.definition.kind
    if m is None:
        raise NotDrillable("code", f"{figure.code} counts things, not clients: no clients behind it")
    if kind == "cross_tab" and member_set != "denominator":
        raise NotDrillable("set", "a table's clients are its denominator: set=denominator")
    chosen = {"numerator": m.numerator, "denominator": m.denominator,
              "excluded": m.denominator - m.numerator}[member_set]
    if not may_open_small and _protected(figure, member_set, chosen):
        raise Protected(f"the {member_set} of {figure.code} is a small group (fewer than 5 "
                        "clients, or suppressed in the figure): only a manager of the "
                        "clients' own organisation may open it")
    return chosen


def _protected(figure: Figure, member_set: MemberSet, chosen: frozenset[UUID]) -> bool:
    if len(chosen) in disclosure.SMALL:
        return True
    if figure.denominator is not None:  # a share: what its published form hides
        shown = disclosure.share(figure.numerator or 0, figure.denominator, figure.value)
        part = {"numerator": shown.numerator, "denominator": shown.denominator,
                "excluded": shown.value}[member_set]
        return part.suppressed
    return False
