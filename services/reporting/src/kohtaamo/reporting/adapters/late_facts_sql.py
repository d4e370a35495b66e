"""Facts that became known after a publication was closed: recorded after its closing
moment, or read beyond its log positions."""

from __future__ import annotations

from datetime import date, datetime
from uuid import UUID

import asyncpg

from ..application.corrections import LateEvent
from ..application.evaluation import Position, Scope

# Every fact table, with the client it is about where there is one.
_TABLES = [("fact_registrations", "client_id"), ("fact_client_status", "client_id"),
           ("fact_client_events", "client_id"), ("fact_work_contracts", "client_id"),
           ("fact_work_periods", "client_id"), ("fact_attendance", "client_id"),
           ("fact_visits", "client_id"), ("fact_activities", "NULL::uuid"),
           ("fact_place_events", "client_id")]
_FACTS = " UNION ALL ".join(
    f"SELECT event_id, {client} AS client_id, organisation_id, project_id, effective_date,"
    f" recorded_at, src_topic, src_partition, src_offset FROM {table}" for table, client in _TABLES)

# $1 project, $2 organisations, $3 closed_at, $4-$6 positions at the close, $7 now,
# $8 clients (or NULL), $9 start, $10 end
_LATE = f"""
SELECT f.event_id, p.event_type, f.effective_date, f.recorded_at, f.client_id
FROM ({_FACTS}) f JOIN processed_events p USING (event_id)
WHERE f.recorded_at <= $7
  AND NOT (f.recorded_at <= $3 AND EXISTS (
      SELECT 1 FROM unnest($4::text[], $5::integer[], $6::bigint[]) AS seen(topic, part, upto)
      WHERE seen.topic = f.src_topic AND seen.part = f.src_partition AND f.src_offset <= seen.upto))
  AND CASE WHEN $8::uuid[] IS NULL
           THEN f.project_id = $1 AND f.organisation_id = ANY($2::text[])
                AND f.effective_date BETWEEN $9 AND $10
           ELSE f.client_id = ANY($8::uuid[]) END
ORDER BY f.recorded_at, f.event_id
"""


class LateFactsReader:
    def __init__(self, pool: asyncpg.Pool) -> None:
        self._pool = pool

    async def recorded_after(self, scope: Scope, closed_at: datetime, positions: list[Position],
                             now: datetime, *, clients: frozenset[UUID] | None,
                             start: date, end: date) -> list[LateEvent]:
        rows = await self._pool.fetch(
            _LATE, scope.project.id, list(scope.organisations), closed_at,
            [p.topic for p in positions], [p.partition for p in positions],
            [p.offset for p in positions], now, sorted(clients) if clients is not None else None,
            start, end)
        return [LateEvent(r["event_id"], r["event_type"], r["effective_date"], r["recorded_at"],
                          r["client_id"]) for r in rows]
