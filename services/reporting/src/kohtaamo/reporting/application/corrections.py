"""Corrections: a published figure as known now, shown beside the published one when what
a reader would see differs, with the events recorded after the close that made it differ.

The published figure never changes; a correction is computed each time it is asked for,
with the publication's own definitions. Only the published forms are compared and shown,
so a change inside a suppressed cell (3 becoming 4 behind "<5") shows nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, Protocol
from uuid import UUID

from .engine import Engine
from .evaluation import Figure, Position, Scope
from .publication import publish
from .published import Publication, PublishedFigure, comparable
from .reproduction import recompute


@dataclass(frozen=True)
class LateEvent:
    event_id: UUID
    event_type: str
    effective_date: date
    recorded_at: datetime
    client_id: UUID | None = None  # to tell causes apart; not shown with the correction


# What moves a client into or out of a population whatever the definition says.
MEMBERSHIP = frozenset({"intake.ClientRegistered", "intake.ClientRegistrationVoided",
                        "casework.ClientRelationshipEnded"})


class LateFacts(Protocol):
    async def recorded_after(self, scope: Scope, closed_at: datetime, positions: list[Position],
                             now: datetime, *, clients: frozenset[UUID] | None,
                             start: date, end: date) -> list[LateEvent]:
        """Facts known now but not at the close: of these clients or, without clients, of
        the scope dated from start to end."""


@dataclass(frozen=True)
class Correction:
    published: PublishedFigure
    current: dict[str, Any]  # the figure as known now, disclosure control applied
    late_events: list[LateEvent]


async def corrections(engine: Engine, late: LateFacts, publication: Publication, now: datetime
                      ) -> list[Correction]:
    current = await recompute(engine, publication, as_of=now)
    differing = [(stored, figure) for stored, figure in zip(publication.figures, current, strict=True)
                 if comparable(publish(figure)) != comparable(stored.published)]
    if not differing:
        return []
    at_close = await engine.evaluate_many(
        [(stored.indicator, stored.period) for stored, _ in differing],
        Scope(publication.project, publication.project.organisations),
        publication.closed_at, through=publication.positions)
    out = []
    for (stored, figure), before in zip(differing, at_close, strict=True):
        changed = _changed(before, figure)
        events = await _causes(engine, late, publication, figure, changed, now) if changed else []
        if not events:  # the difference lies in dated facts (visits, activities) or in a previous period
            events = await late.recorded_after(
                figure.scope, publication.closed_at, publication.positions, now, clients=None,
                start=figure.previous.period.start if figure.previous else figure.period.start,
                end=figure.period.end)
        out.append(Correction(stored, publish(figure), events))
    return out


async def _causes(engine: Engine, late: LateFacts, publication: Publication, figure: Figure,
                  changed: frozenset[UUID], now: datetime) -> list[LateEvent]:
    """The late events of the clients who entered or left the figure that put them in or
    out: their registration, void or end, or an event the definition counts (in its window)."""
    events = await late.recorded_after(figure.scope, publication.closed_at, publication.positions, now,
                                       clients=changed, start=figure.period.start, end=figure.period.end)
    behind = await engine.behind(figure, changed)
    counted = {event for ids in behind.values() for event in ids}
    return [e for e in events if e.event_type in MEMBERSHIP or e.event_id in counted]


def _changed(before: Figure, now: Figure) -> frozenset[UUID] | None:
    """Clients who entered or left the figure's sets; None when it has no client sets or
    none changed."""
    if before.members is None or now.members is None:
        return None
    changed = ((before.members.numerator ^ now.members.numerator)
               | (before.members.denominator ^ now.members.denominator))
    return changed or None
