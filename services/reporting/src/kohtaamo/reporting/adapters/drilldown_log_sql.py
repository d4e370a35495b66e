"""The drill-down access log in PostgreSQL (append-only: see migration 0011)."""

from __future__ import annotations

import asyncpg

from ..application.drilldown import Entry


class DrilldownLogTable:
    def __init__(self, pool: asyncpg.Pool) -> None:
        self._pool = pool

    async def record(self, entry: Entry) -> None:
        r = entry.request
        await self._pool.execute(
            "INSERT INTO drilldown_log (entry_id, at, reader, reader_organisation, roles, purpose,"
            " project_id, organisations, code, definition_version, period_name, period_start,"
            " period_end, as_of, member_set, clients)"
            " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16)",
            entry.id, entry.at, r.reader.sub, r.reader.org, sorted(r.reader.roles), r.purpose.value,
            r.scope.project.id, list(r.scope.organisations), r.code, entry.definition_version,
            r.period.name, r.period.start, r.period.end, r.as_of, r.member_set, entry.clients)
