"""Reporting's PostgreSQL: the pool, and applying projection writes once each (asyncpg)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import asyncpg

from kohtaamo.contracts import Envelope
from kohtaamo.servicekit.consumer import Source

from ..projections.facts import Write
from .migrations import migrate


class ReportingStore:
    def __init__(self, pool: asyncpg.Pool) -> None:
        self._pool = pool

    @classmethod
    async def open(cls, database_url: str, schema: str | None) -> ReportingStore:
        settings = {"search_path": schema} if schema else {}
        if schema:
            conn = await asyncpg.connect(database_url)
            try:
                quoted = '"' + schema.replace('"', '""') + '"'
                await conn.execute(f"CREATE SCHEMA IF NOT EXISTS {quoted}")
            finally:
                await conn.close()
        pool = await asyncpg.create_pool(
            database_url, min_size=1, max_size=5, server_settings=settings
        )
        async with pool.acquire() as conn:
            await migrate(conn)
        return cls(pool)

    @property
    def pool(self) -> asyncpg.Pool:
        return self._pool

    async def close(self) -> None:
        await self._pool.close()

    async def apply(self, event: Envelope[Any], source: Source, writes: Sequence[Write]) -> bool:
        """Record the event as processed and run its writes in one transaction.

        Returns False (and writes nothing) when the event was processed before.
        """
        async with self._pool.acquire() as conn, conn.transaction():
            return await _apply_one(conn, event, source, writes)

    async def apply_batch(
        self, batch: Sequence[tuple[Envelope[Any], Source, Sequence[Write]]]
    ) -> list[tuple[int, str]]:
        """Apply many events in one transaction; returns those that can never be applied.

        If one event's data is refused by the database, the batch is rolled back and
        applied again one event per transaction, so that only that event is rejected.
        Any other error (a lost connection) propagates: the batch will come again.
        """
        async with self._pool.acquire() as conn:
            try:
                async with conn.transaction():
                    for event, source, writes in batch:
                        await _apply_one(conn, event, source, writes)
                    await _advance(conn, [source for _, source, _ in batch])
                return []
            except _REFUSED_DATA:
                pass
            rejected = []
            for index, (event, source, writes) in enumerate(batch):
                try:
                    async with conn.transaction():
                        await _apply_one(conn, event, source, writes)
                        await _advance(conn, [source])
                except _REFUSED_DATA as exc:
                    rejected.append((index, refusal(exc)))
                    async with conn.transaction():
                        await _advance(conn, [source])  # read, refused, dead-lettered
            return rejected

# The database refuses this event's data: retrying will never help.
_REFUSED_DATA = (asyncpg.DataError, asyncpg.IntegrityConstraintViolationError)


async def _apply_one(
    conn: asyncpg.Connection, event: Envelope[Any], source: Source, writes: Sequence[Write]
) -> bool:
    first_time = await conn.fetchval(
        "INSERT INTO processed_events(event_id, event_type, topic, partition, \"offset\")"
        " VALUES ($1, $2, $3, $4, $5) ON CONFLICT (event_id) DO NOTHING RETURNING true",
        event.event_id,
        event.event_type,
        source.topic,
        source.partition,
        source.offset,
    )
    if not first_time:
        return False
    for statement, params in writes:
        await conn.execute(statement, *params)
    return True


_ADVANCE = """
INSERT INTO consumed_positions (topic, partition, "offset")
SELECT * FROM unnest($1::text[], $2::integer[], $3::bigint[])
ON CONFLICT (topic, partition) DO UPDATE
SET "offset" = GREATEST(consumed_positions."offset", EXCLUDED."offset"), applied_at = now()
"""


async def _advance(conn: asyncpg.Connection, sources: Sequence[Source]) -> None:
    last: dict[tuple[str, int], int] = {}
    for s in sources:
        key = (s.topic, s.partition)
        last[key] = max(last.get(key, -1), s.offset)
    if last:
        await conn.execute(_ADVANCE, [t for t, _ in last], [p for _, p in last],
                           list(last.values()))


def refusal(exc: Exception) -> str:
    """Why the database refused an event's data, without the row values PostgreSQL quotes in
    its DETAIL line: a dead letter's reason travels on Kafka."""
    message = getattr(exc, "message", None) or str(exc).splitlines()[0]
    return f"{type(exc).__name__}: {message}"
