"""The indicator kinds in SQL, each written once and parametrised by the definition.

Every query sees only facts known at T (``client_sql.known``: recorded at or before it,
and read at or before the log positions an evaluation may be bound to) of one project
and the organisations in scope, built from the fragments of ``client_sql``.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from datetime import datetime
from typing import Any
from uuid import UUID

import asyncpg

from ..application.definitions import Criterion, Population
from ..application.evaluation import (
    AttendanceRow,
    ClientRow,
    ContractRow,
    Position,
    Scope,
)
from ..application.periods import Period
from . import evidence_sql
from .client_sql import CLIENTS, POPULATIONS, Params, base_params, criterion_holds, known


class FactsSnapshot:
    """Reads of one consistent snapshot (a repeatable-read transaction): the figure and
    the log positions it is reported at come from the same state of the tables.

    ``through``: only facts read at or before these log positions count (a publication
    reproduced as it was closed); its positions are then these."""

    def __init__(self, conn: asyncpg.Connection, through: Sequence[Position] | None = None) -> None:
        self._conn = conn
        self._through = list(through) if through is not None else None

    def _params(self, scope: Scope, period: Period, as_of: datetime) -> list[Any]:
        return base_params(scope, period, as_of, self._through)

    async def clients(self, scope: Scope, period: Period, as_of: datetime,
                      population: Population, qualifying: Criterion | None) -> list[ClientRow]:
        params = Params(self._params(scope, period, as_of))
        qualifies = criterion_holds(qualifying, params) if qualifying is not None else "TRUE"
        sql = (f"{CLIENTS} SELECT c.client_id, c.gender, c.age_band_detail, c.municipality_code,"
               f" c.organisation_id, {qualifies} AS qualifies FROM clients c"
               f" WHERE {population_holds(population, params)} ORDER BY c.client_id")
        rows = await self._conn.fetch(sql, *params.values)
        return [ClientRow(r["client_id"], r["qualifies"], {
            "gender": r["gender"] or "NOT_STATED", "age_band_detail": r["age_band_detail"],
            "municipality": r["municipality_code"], "organisation": r["organisation_id"],
        }) for r in rows]

    async def evidence(self, scope: Scope, period: Period, as_of: datetime, population: Population,
                       qualifying: Criterion | None, clients: frozenset[UUID]) -> dict[UUID, list[UUID]]:
        return await evidence_sql.events_behind(self._conn, self._params(scope, period, as_of),
                                                population, qualifying, clients)

    async def visits(self, scope: Scope, period: Period, as_of: datetime) -> list[asyncpg.Record]:
        return await self._conn.fetch(_VISITS, *self._params(scope, period, as_of))

    async def activities(self, scope: Scope, period: Period, as_of: datetime) -> list[asyncpg.Record]:
        return await self._conn.fetch(_ACTIVITIES, *self._params(scope, period, as_of))

    async def attendance(self, scope: Scope, period: Period, as_of: datetime
                         ) -> tuple[list[AttendanceRow], list[ContractRow]]:
        args = self._params(scope, period, as_of)
        attended = [AttendanceRow(r["client_id"], r["month"], r["days"], r["hours"])
                    for r in await self._conn.fetch(_ATTENDANCE, *args)]
        contracts = [ContractRow(r["client_id"], r["days_per_week"], r["start_on"], r["end_on"])
                     for r in await self._conn.fetch(_CONTRACTS, *args)]
        return attended, contracts

    async def positions(self) -> list[Position]:
        if self._through is not None:
            return sorted(self._through, key=lambda p: (p.topic, p.partition))
        rows = await self._conn.fetch(
            'SELECT topic, partition, "offset" FROM consumed_positions ORDER BY topic, partition')
        return [Position(r["topic"], r["partition"], r["offset"]) for r in rows]


def population_holds(population: Population, params: Params) -> str:
    """True for a client ``c`` of the population (its base, age and required events)."""
    where = [POPULATIONS[population.base]]
    if population.min_days_registered is not None:
        where.append(f"c.registered_on <= $5 - {params.add(population.min_days_registered)}::integer")
    where += [criterion_holds(required, params) for required in population.requires]
    return " AND ".join(where)


_VISITS = f"""
WITH latest AS (  -- a corrected tally repeats its visit_id: the latest recorded counts
    SELECT DISTINCT ON (visit_id) meeting_place_id, headcount, effective_date
    FROM fact_visits f
    WHERE {known('f')} AND project_id = $1 AND organisation_id = ANY($2::text[])
    ORDER BY visit_id, recorded_at DESC, event_id DESC
)
SELECT meeting_place_id, date_trunc('month', effective_date)::date AS month,
       sum(headcount)::bigint AS visits
FROM latest WHERE effective_date BETWEEN $4 AND $5
GROUP BY 1, 2 ORDER BY 1, 2
"""

_ACTIVITIES = f"""
WITH latest AS (
    SELECT DISTINCT ON (activity_id, status) activity_id, status, attendee_count, effective_date
    FROM fact_activities f
    WHERE {known('f')} AND project_id = $1 AND organisation_id = ANY($2::text[])
    ORDER BY activity_id, status, recorded_at DESC, event_id DESC
), activity AS (  -- a held activity later cancelled counts only as cancelled
    SELECT activity_id, bool_or(status = 'CANCELLED') AS cancelled,
           COALESCE(max(effective_date) FILTER (WHERE status = 'CANCELLED'), max(effective_date)) AS day,
           max(attendee_count) FILTER (WHERE status = 'HELD') AS attendees
    FROM latest GROUP BY activity_id
)
SELECT date_trunc('month', day)::date AS month,
       count(*) FILTER (WHERE NOT cancelled) AS held,
       COALESCE(sum(attendees) FILTER (WHERE NOT cancelled), 0)::bigint AS attendees,
       count(*) FILTER (WHERE NOT cancelled AND attendees = 0) AS zero_attendance,
       count(*) FILTER (WHERE cancelled) AS cancelled
FROM activity WHERE day BETWEEN $4 AND $5
GROUP BY 1 ORDER BY 1
"""

_ATTENDANCE = CLIENTS + f"""
SELECT a.client_id, date_trunc('month', a.effective_date)::date AS month,
       sum(a.days_attended)::bigint AS days, sum(a.hours_attended) AS hours
FROM fact_attendance a JOIN clients c USING (client_id)
WHERE {known('a')} AND a.effective_date BETWEEN $4 AND $5
GROUP BY 1, 2 ORDER BY 1, 2
"""

_CONTRACTS = CLIENTS + f"""
, contract AS (
    SELECT DISTINCT ON (contract_id) contract_id, client_id, days_per_week,
           planned_start_on, planned_end_on
    FROM fact_work_contracts f WHERE {known('f')}
    ORDER BY contract_id, recorded_at DESC, event_id DESC
), started AS (
    SELECT contract_id, work_activity_id, effective_date AS started_on
    FROM fact_work_periods f WHERE status = 'STARTED' AND {known('f')}
), work_ended AS (
    SELECT work_activity_id, max(effective_date) AS ended_on
    FROM fact_work_periods f WHERE status = 'ENDED' AND {known('f')} GROUP BY 1
)
-- A contract runs from its start (else its planned start) to its actual end (else its
-- planned end).
SELECT k.client_id, k.days_per_week,
       COALESCE(min(s.started_on), k.planned_start_on) AS start_on,
       COALESCE(max(e.ended_on), k.planned_end_on) AS end_on
FROM contract k JOIN clients c USING (client_id)
LEFT JOIN started s USING (contract_id) LEFT JOIN work_ended e ON e.work_activity_id = s.work_activity_id
GROUP BY k.contract_id, k.client_id, k.days_per_week, k.planned_start_on, k.planned_end_on
HAVING COALESCE(min(s.started_on), k.planned_start_on) <= $5
   AND COALESCE(max(e.ended_on), k.planned_end_on) >= $4
"""


class FactsReader:
    def __init__(self, pool: asyncpg.Pool) -> None:
        self._pool = pool

    @asynccontextmanager
    async def snapshot(self, through: Sequence[Position] | None = None) -> AsyncIterator[FactsSnapshot]:
        async with self._pool.acquire() as conn:
            async with conn.transaction(isolation="repeatable_read", readonly=True):
                yield FactsSnapshot(conn, through)
