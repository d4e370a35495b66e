"""Reporting's PostgreSQL: the pool, and applying projection writes once each (asyncpg)."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

import asyncpg

from kohtaamo.contracts import Envelope
from kohtaamo.servicekit.consumer import Source

from ..projections.facts import Write
from .bulk_sql import ColumnTypes, append_rows, mark_processed
from .migrations import migrate


class ReportingStore:
    def __init__(self, pool: asyncpg.Pool, types: ColumnTypes) -> None:
        self._pool = pool
        self._types = types

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
        types = ColumnTypes()
        async with pool.acquire() as conn:
            await migrate(conn)
            await types.load(conn)
        return cls(pool, types)

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

        Set-based: one statement for ``processed_events`` and one per fact table for the
        whole batch. If the database refuses one event's data, the part of the batch that
        holds it is rolled back to a savepoint and applied again in halves, down to that one
        event, which is rejected alone (a few extra round trips per refused event, not one
        per event). Any other error (a lost connection) propagates: the batch will come again.
        """
        first_seen: dict[Any, int] = {}
        for index, (event, _, _) in enumerate(batch):
            first_seen.setdefault(event.event_id, index)  # a later copy is a duplicate
        items = [(i, batch[i]) for i in sorted(first_seen.values())]
        async with self._pool.acquire() as conn, conn.transaction():
            rejected = await self._apply_halves(conn, items)
            await _advance(conn, [source for _, source, _ in batch])  # refused ones too
        return rejected

    async def _apply_halves(
        self, conn: asyncpg.Connection,
        items: Sequence[tuple[int, tuple[Envelope[Any], Source, Sequence[Write]]]],
    ) -> list[tuple[int, str]]:
        try:
            async with conn.transaction():  # a savepoint
                new = await mark_processed(conn, [
                    (e.event_id, e.event_type, s.topic, s.partition, s.offset)
                    for _, (e, s, _) in items])
                await append_rows(conn, self._types, [
                    row for _, (e, _, writes) in items if e.event_id in new for row in writes])
            return []
        except _REFUSED_DATA as exc:
            if len(items) == 1:
                return [(items[0][0], refusal(exc))]
        middle = len(items) // 2
        return (await self._apply_halves(conn, items[:middle])
                + await self._apply_halves(conn, items[middle:]))


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
    for row in writes:
        await conn.execute(row.statement, *row.values)
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
        keys = sorted(last)  # one lock order for every instance
        await conn.execute(_ADVANCE, [t for t, _ in keys], [p for _, p in keys],
                           [last[k] for k in keys])


def refusal(exc: Exception) -> str:
    """Why the database refused an event's data, without the row values PostgreSQL quotes in
    its DETAIL line (nor those asyncpg quotes when it cannot encode an argument): a dead
    letter's reason travels on Kafka."""
    message = getattr(exc, "message", None) or str(exc).splitlines()[0]
    message = _QUOTED_ARGUMENT.sub(r"\1", message.splitlines()[0] if message else "")
    return f"{type(exc).__name__}: {message}"


# asyncpg: "invalid input for query argument $3: [<values>] (value out of int32 range)"
_QUOTED_ARGUMENT = re.compile(r"(invalid input for query argument \$\d+): .*?(?= \(|$)")
