"""The indicator kinds in SQL, each written once and parametrised by the definition.

Every query sees only facts with ``recorded_at <= as_of`` ("as known at T") of one
project and the organisations in scope. SQL text is put together only from the fixed
fragments below, chosen by names the definitions were validated against; every value
(dates, codes, days) is a bind parameter.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import datetime
from typing import Any

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

# $1 project, $2 organisations, $3 as_of, $4 start(P), $5 end(P)
_CLIENTS = """
WITH period AS (  -- names the types of the period's bounds, whichever fragments use them
    SELECT $4::date AS start_on, $5::date AS end_on
), registration AS (
    SELECT DISTINCT ON (client_id) client_id, effective_date AS registered_on, gender,
           COALESCE(age_band_detail, age_band) AS age_band_detail, municipality_code,
           organisation_id
    FROM fact_registrations
    WHERE recorded_at <= $3 AND project_id = $1 AND organisation_id = ANY($2::text[])
    ORDER BY client_id, recorded_at, event_id
), voided AS (
    SELECT DISTINCT client_id FROM fact_client_status WHERE status = 'VOIDED' AND recorded_at <= $3
), ended AS (
    -- The latest recorded end is the one that stands (a correction is a new row).
    SELECT DISTINCT ON (client_id) client_id, effective_date AS ended_on
    FROM fact_client_status WHERE status = 'ENDED' AND recorded_at <= $3
    ORDER BY client_id, recorded_at DESC, event_id DESC
), clients AS (
    SELECT r.*, e.ended_on FROM registration r LEFT JOIN ended e USING (client_id)
    WHERE r.client_id NOT IN (SELECT client_id FROM voided)
), cancelled AS (
    SELECT DISTINCT activity_id FROM fact_activities WHERE status = 'CANCELLED' AND recorded_at <= $3
)
"""

_POPULATIONS = {
    "all_clients": "TRUE",
    "registered_in_period": "c.registered_on BETWEEN $4 AND $5",
    "active_in_period": "c.registered_on <= $5 AND (c.ended_on IS NULL OR c.ended_on >= $4)",
    "active_at_end": "c.registered_on <= $5 AND (c.ended_on IS NULL OR c.ended_on > $5)",
    "ended_in_period": "c.ended_on BETWEEN $4 AND $5",
}

# {d}: the bind parameter holding the criterion's days.
_WINDOWS = {
    "in_period": "e.effective_date BETWEEN $4 AND $5",
    "in_period_from_registration": "e.effective_date BETWEEN GREATEST($4, c.registered_on) AND $5",
    "on_or_before_end": "e.effective_date <= $5",
    "within_days_before_end": "e.effective_date BETWEEN $5 - {d}::integer AND $5",
    "around_end": "e.effective_date BETWEEN c.ended_on - {d}::integer AND c.ended_on + {d}::integer",
}

# {t},{c},{f},{u}: bind parameters of the rules' event types, codes, flags, uncancelled.
_EXISTS = """EXISTS (
    SELECT 1 FROM fact_client_events e
    JOIN unnest({t}::text[], {c}::text[], {f}::boolean[], {u}::boolean[])
         AS rule(event_type, code, flag, uncancelled)
      ON e.event_type = rule.event_type
     AND (rule.code IS NULL OR e.code = rule.code)
     AND (rule.flag IS NULL OR e.flag = rule.flag)
     AND NOT (rule.uncancelled AND EXISTS (SELECT 1 FROM cancelled x WHERE x.activity_id = e.ref_id))
    WHERE e.client_id = c.client_id AND e.recorded_at <= $3 AND {window})"""


class _Params:
    def __init__(self, *first: Any) -> None:
        self.values = list(first)

    def add(self, value: Any) -> str:
        self.values.append(value)
        return f"${len(self.values)}"


def _criterion(criterion: Criterion, params: _Params) -> str:
    rows = [(r.event, code, r.flag, r.activity_not_cancelled)
            for r in criterion.events for code in (r.codes or (None,))]
    t, c, f, u = (params.add([row[i] for row in rows]) for i in range(4))
    days = params.add(criterion.days) if criterion.days is not None else None
    window = _WINDOWS[criterion.window].format(d=days)
    return _EXISTS.format(t=t, c=c, f=f, u=u, window=window)


class FactsSnapshot:
    """Reads of one consistent snapshot (a repeatable-read transaction): the figure and
    the log positions it is reported at come from the same state of the tables."""

    def __init__(self, conn: asyncpg.Connection) -> None:
        self._conn = conn

    async def clients(self, scope: Scope, period: Period, as_of: datetime,
                      population: Population, qualifying: Criterion | None) -> list[ClientRow]:
        params = _Params(scope.project.id, list(scope.organisations), as_of, period.start, period.end)
        where = [_POPULATIONS[population.base]]
        if population.min_days_registered is not None:
            where.append(f"c.registered_on <= $5 - {params.add(population.min_days_registered)}::integer")
        where += [_criterion(required, params) for required in population.requires]
        qualifies = _criterion(qualifying, params) if qualifying is not None else "TRUE"
        sql = (f"{_CLIENTS} SELECT c.client_id, c.gender, c.age_band_detail, c.municipality_code,"
               f" c.organisation_id, {qualifies} AS qualifies FROM clients c"
               f" WHERE {' AND '.join(where)} ORDER BY c.client_id")
        rows = await self._conn.fetch(sql, *params.values)
        return [ClientRow(r["client_id"], r["qualifies"], {
            "gender": r["gender"] or "NOT_STATED", "age_band_detail": r["age_band_detail"],
            "municipality": r["municipality_code"], "organisation": r["organisation_id"],
        }) for r in rows]

    async def visits(self, scope: Scope, period: Period, as_of: datetime) -> list[asyncpg.Record]:
        return await self._conn.fetch(_VISITS, *_scope(scope, period, as_of))

    async def activities(self, scope: Scope, period: Period, as_of: datetime) -> list[asyncpg.Record]:
        return await self._conn.fetch(_ACTIVITIES, *_scope(scope, period, as_of))

    async def attendance(self, scope: Scope, period: Period, as_of: datetime
                         ) -> tuple[list[AttendanceRow], list[ContractRow]]:
        args = _scope(scope, period, as_of)
        attended = [AttendanceRow(r["client_id"], r["month"], r["days"], r["hours"])
                    for r in await self._conn.fetch(_ATTENDANCE, *args)]
        contracts = [ContractRow(r["client_id"], r["days_per_week"], r["start_on"], r["end_on"])
                     for r in await self._conn.fetch(_CONTRACTS, *args)]
        return attended, contracts

    async def positions(self) -> list[Position]:
        rows = await self._conn.fetch(
            'SELECT topic, partition, "offset" FROM consumed_positions ORDER BY topic, partition')
        return [Position(r["topic"], r["partition"], r["offset"]) for r in rows]


def _scope(scope: Scope, period: Period, as_of: datetime) -> tuple[Any, ...]:
    return scope.project.id, list(scope.organisations), as_of, period.start, period.end


_VISITS = """
WITH latest AS (  -- a corrected tally repeats its visit_id: the latest recorded counts
    SELECT DISTINCT ON (visit_id) meeting_place_id, headcount, effective_date
    FROM fact_visits
    WHERE recorded_at <= $3 AND project_id = $1 AND organisation_id = ANY($2::text[])
    ORDER BY visit_id, recorded_at DESC, event_id DESC
)
SELECT meeting_place_id, date_trunc('month', effective_date)::date AS month,
       sum(headcount)::bigint AS visits
FROM latest WHERE effective_date BETWEEN $4 AND $5
GROUP BY 1, 2 ORDER BY 1, 2
"""

_ACTIVITIES = """
WITH latest AS (
    SELECT DISTINCT ON (activity_id, status) activity_id, status, attendee_count, effective_date
    FROM fact_activities
    WHERE recorded_at <= $3 AND project_id = $1 AND organisation_id = ANY($2::text[])
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

_ATTENDANCE = _CLIENTS + """
SELECT a.client_id, date_trunc('month', a.effective_date)::date AS month,
       sum(a.days_attended)::bigint AS days, sum(a.hours_attended) AS hours
FROM fact_attendance a JOIN clients c USING (client_id)
WHERE a.recorded_at <= $3 AND a.effective_date BETWEEN $4 AND $5
GROUP BY 1, 2 ORDER BY 1, 2
"""

_CONTRACTS = _CLIENTS + """
, contract AS (
    SELECT DISTINCT ON (contract_id) contract_id, client_id, days_per_week,
           planned_start_on, planned_end_on
    FROM fact_work_contracts WHERE recorded_at <= $3
    ORDER BY contract_id, recorded_at DESC, event_id DESC
), started AS (
    SELECT contract_id, work_activity_id, effective_date AS started_on
    FROM fact_work_periods WHERE status = 'STARTED' AND recorded_at <= $3
), work_ended AS (
    SELECT work_activity_id, max(effective_date) AS ended_on
    FROM fact_work_periods WHERE status = 'ENDED' AND recorded_at <= $3 GROUP BY 1
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
    async def snapshot(self) -> AsyncIterator[FactsSnapshot]:
        async with self._pool.acquire() as conn:
            async with conn.transaction(isolation="repeatable_read", readonly=True):
                yield FactsSnapshot(conn)


