"""Closing a reporting period: every indicator of the pack, as known at the closing moment,
stored as a publication that never changes. A later correction is a new publication that
names the one it corrects; a closed period is never reopened."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Protocol
from uuid import UUID, uuid4
from zoneinfo import ZoneInfo

from .engine import Engine
from .evaluation import Scope
from .pack import Project, Versioned
from .periods import Period
from .publication import publish
from .published import Kind, Publication, PublicationSummary, PublishedFigure, raw

FINLAND = ZoneInfo("Europe/Helsinki")


class CloseRefused(ValueError):
    """The period cannot be closed as asked (a 422 naming ``field``)."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field


class Conflict(Exception):
    """What is recorded already rules it out (a 409); ``existing`` names the publication."""

    def __init__(self, message: str, existing: UUID | None = None) -> None:
        super().__init__(message)
        self.existing = existing


class PublicationStore(Protocol):
    async def add(self, publication: Publication) -> None:
        """Store it whole, or raise ``Conflict`` (the period closed, or the publication it
        corrects corrected, meanwhile) and store nothing."""

    async def get(self, publication_id: UUID) -> Publication | None: ...
    async def of_project(self, project_id: str) -> list[PublicationSummary]: ...
    async def closing_of(self, project_id: str, period: Period) -> UUID | None:
        """The first publication of the period, if it was closed."""


@dataclass(frozen=True)
class CloseRequest:
    project: Project
    period: Period
    kind: Kind
    by: str  # the staff member's id


async def close_period(engine: Engine, store: PublicationStore, request: CloseRequest,
                       now: datetime) -> Publication:
    period, project = request.period, request.project
    if period.end >= now.astimezone(FINLAND).date():
        raise CloseRefused("period", f"the period ends on {period.end.isoformat()}: it can be "
                           "closed from the next day on")
    if period.end < project.window_start or period.start > project.window_end:
        raise CloseRefused("period", f"the period is outside the project window "
                           f"{project.window_start.isoformat()}–{project.window_end.isoformat()}")
    if request.kind == "FINAL" and (period.start, period.end) != project.window:
        raise CloseRefused("kind", "a final report covers the whole project window: period=window")
    existing = await store.closing_of(project.id, period)
    if existing is not None:
        raise Conflict(f"the period is closed already (publication {existing}); a late change "
                       f"is published as a correction: POST /publications/{{id}}/correction", existing)
    publication = await _publish(engine, project, period, request.kind, request.by, now, None)
    await store.add(publication)
    return publication


async def correct(engine: Engine, store: PublicationStore, corrected: Publication, by: str,
                  now: datetime, *, differs: bool) -> Publication:
    """A new publication of the same period as known now, naming the one it corrects."""
    if corrected.corrected_by is not None:
        raise Conflict(f"publication {corrected.id} is corrected already by "
                       f"{corrected.corrected_by}: correct that one", corrected.corrected_by)
    if not differs:
        raise Conflict("nothing to correct: every figure as known now is the one published")
    publication = await _publish(engine, corrected.project, corrected.period, corrected.kind, by, now,
                                 corrected.id)
    await store.add(publication)
    return publication


async def _publish(engine: Engine, project: Project, period: Period, kind: Kind, by: str,
                   now: datetime, corrects: UUID | None) -> Publication:
    items = figure_periods(list(engine.pack.indicators.values()), project, period)
    scope = Scope(project, project.organisations)
    figures = await engine.evaluate_many([(ind, p) for ind, _, p in items], scope, now)
    return Publication(
        id=uuid4(), project=project, kind=kind, period=period, closed_at=now, closed_by=by,
        corrects=corrects, positions=figures[0].positions if figures else [],
        figures=[PublishedFigure(basis, p, ind, raw(f), publish(f))
                 for (ind, basis, p), f in zip(items, figures, strict=True)],
    )


def figure_periods(indicators: list[Versioned], project: Project, period: Period
                   ) -> list[tuple[Versioned, str, Period]]:
    """Each indicator over the period; and one judged over the whole window also from the
    window's start to the period's end, the progress a steering group follows."""
    out: list[tuple[Versioned, str, Period]] = []
    whole = (period.start, period.end) == project.window
    to_date = Period(project.window_start, min(period.end, project.window_end), "dates")
    for indicator in indicators:
        out.append((indicator, "PERIOD", period))
        target = indicator.definition.target
        if target is not None and target.judged == "whole_window" and not whole:
            out.append((indicator, "TO_DATE", to_date))
    return out
