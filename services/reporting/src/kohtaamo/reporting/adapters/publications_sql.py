"""Publications in PostgreSQL: each stored whole in one transaction, read back as it was."""

from __future__ import annotations

import json
from dataclasses import asdict
from datetime import date
from uuid import UUID

import asyncpg

from ..application.closing import Conflict
from ..application.evaluation import Position
from ..application.pack import Project, restored
from ..application.periods import Period
from ..application.published import Publication, PublicationSummary, PublishedFigure, values

_INSERT_PUBLICATION = """
INSERT INTO publications (publication_id, project_id, kind, period_name, period_granularity,
    period_start, period_end, closed_at, closed_by, corrects, project, log_positions)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11::jsonb, $12::jsonb)
"""
_INSERT_FIGURE = """
INSERT INTO published_figures (publication_id, ordinal, code, basis, period_start, period_end,
    definition_version, definition, definition_file, raw, published)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8::jsonb, $9, $10::jsonb, $11::jsonb)
"""
_INSERT_VALUE = """
INSERT INTO published_values (publication_id, code, basis, line, row_key, measure, value, shown,
    suppressed)
VALUES ($1, $2, $3, $4, $5::jsonb, $6, $7, $8, $9)
"""
_SUMMARY = """
SELECT p.*, (SELECT c.publication_id FROM publications c WHERE c.corrects = p.publication_id)
       AS corrected_by
FROM publications p
"""


class PublicationsRepository:
    def __init__(self, pool: asyncpg.Pool) -> None:
        self._pool = pool

    async def add(self, publication: Publication) -> None:
        p = publication
        try:
            async with self._pool.acquire() as conn, conn.transaction():
                await conn.execute(
                    _INSERT_PUBLICATION, p.id, p.project.id, p.kind, p.period.name,
                    p.period.granularity, p.period.start, p.period.end, p.closed_at, p.closed_by,
                    p.corrects, json.dumps(p.project.model_dump(mode="json")),
                    json.dumps([asdict(pos) for pos in p.positions]))
                await conn.executemany(_INSERT_FIGURE, [
                    (p.id, i, f.code, f.basis, f.period.start, f.period.end, f.indicator.version,
                     json.dumps(f.indicator.definition.model_dump(mode="json")), f.indicator.file,
                     json.dumps(f.raw), json.dumps(f.published))
                    for i, f in enumerate(p.figures)])
                await conn.executemany(_INSERT_VALUE, [
                    (p.id, f.code, f.basis, v.line, json.dumps(v.row_key), v.measure, v.value,
                     v.shown, v.suppressed)
                    for f in p.figures for v in values(f.published)])
        except asyncpg.UniqueViolationError as exc:
            if exc.constraint_name == "publications_corrects_key":
                raise Conflict(f"publication {p.corrects} was corrected meanwhile") from None
            raise Conflict("the period was closed meanwhile") from None

    async def get(self, publication_id: UUID) -> Publication | None:
        async with self._pool.acquire() as conn:
            row = await conn.fetchrow(_SUMMARY + " WHERE p.publication_id = $1", publication_id)
            if row is None:
                return None
            figures = await conn.fetch(
                "SELECT * FROM published_figures WHERE publication_id = $1 ORDER BY ordinal",
                publication_id)
        summary = _summary(row)
        return Publication(
            id=summary.id, project=Project.model_validate(json.loads(row["project"])),
            kind=summary.kind, period=summary.period, closed_at=summary.closed_at,
            closed_by=summary.closed_by, corrects=summary.corrects,
            positions=[Position(**pos) for pos in json.loads(row["log_positions"])],
            figures=[_figure(f, summary.period) for f in figures], corrected_by=summary.corrected_by)

    async def of_project(self, project_id: str) -> list[PublicationSummary]:
        rows = await self._pool.fetch(
            _SUMMARY + " WHERE p.project_id = $1 ORDER BY p.period_start, p.period_end, p.closed_at",
            project_id)
        return [_summary(r) for r in rows]

    async def closing_of(self, project_id: str, period: Period) -> UUID | None:
        return await self._pool.fetchval(
            "SELECT publication_id FROM publications WHERE project_id = $1 AND period_start = $2"
            " AND period_end = $3 AND corrects IS NULL", project_id, period.start, period.end)


def _summary(row: asyncpg.Record) -> PublicationSummary:
    period = Period(row["period_start"], row["period_end"], row["period_granularity"],
                    row["period_name"])
    return PublicationSummary(row["publication_id"], row["project_id"], row["kind"], period,
                              row["closed_at"], row["closed_by"], row["corrects"], row["corrected_by"])


def _figure(row: asyncpg.Record, period: Period) -> PublishedFigure:
    indicator = restored(json.loads(row["definition"]), row["definition_version"],
                         row["definition_file"])
    own = period if row["basis"] == "PERIOD" else _dates(row["period_start"], row["period_end"])
    return PublishedFigure(row["basis"], own, indicator, json.loads(row["raw"]),
                           json.loads(row["published"]))


def _dates(start: date, end: date) -> Period:
    return Period(start, end, "dates")
