"""Set-based writes for a batch: one statement per table, whatever the number of events.

Each statement takes one array per column and ``unnest``s them into rows, so a batch of
500 events costs one round trip for ``processed_events`` and one per fact table it touches,
instead of two or three per event. The arrays' types come from the catalogue (read once
per connection pool), so no column type is written down twice.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from typing import Any

import asyncpg

from ..projections.facts import Row

_COLUMN_TYPES = """
SELECT c.relname AS table_name, a.attname AS column_name,
       format_type(a.atttypid, a.atttypmod) AS column_type
FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid
WHERE c.relnamespace = current_schema()::regnamespace AND c.relkind = 'r'
  AND a.attnum > 0 AND NOT a.attisdropped
"""

# Sorted by event id: two instances applying overlapping batches (a partition that moved
# mid-batch) take the unique index's locks in the same order and never deadlock.
_MARK_PROCESSED = """
INSERT INTO processed_events (event_id, event_type, topic, partition, "offset")
SELECT * FROM unnest($1::uuid[], $2::text[], $3::text[], $4::integer[], $5::bigint[])
ON CONFLICT (event_id) DO NOTHING
RETURNING event_id
"""


class ColumnTypes:
    """The SQL type of every column of the schema's tables, for the arrays' casts."""

    def __init__(self) -> None:
        self._types: dict[str, dict[str, str]] = {}
        self._statements: dict[tuple[str, tuple[str, ...]], str] = {}

    async def load(self, conn: asyncpg.Connection) -> None:
        found: dict[str, dict[str, str]] = defaultdict(dict)
        for r in await conn.fetch(_COLUMN_TYPES):
            found[r["table_name"]][r["column_name"]] = r["column_type"]
        self._types = dict(found)
        self._statements.clear()

    async def insert_statement(self, conn: asyncpg.Connection, table: str,
                               columns: tuple[str, ...]) -> str:
        key = (table, columns)
        if key not in self._statements:
            if table not in self._types:  # a table made after the pool opened
                await self.load(conn)
            types = self._types.get(table)
            if types is None or not set(columns) <= set(types):
                raise LookupError(f"reporting's schema has no table {table} with columns {columns}")
            arrays = ", ".join(f"${i}::{types[c]}[]" for i, c in enumerate(columns, start=1))
            self._statements[key] = (
                f"INSERT INTO {table} ({', '.join(columns)}) SELECT * FROM unnest({arrays})"
                " ON CONFLICT (event_id) DO NOTHING")
        return self._statements[key]


async def mark_processed(conn: asyncpg.Connection,
                         events: Iterable[tuple[Any, str, str, int, int]]) -> set[Any]:
    """Insert (event id, type, topic, partition, offset) rows; returns the ids that were
    new (not processed before, by this batch or an earlier one)."""
    rows = sorted({e[0]: e for e in reversed(list(events))}.values(), key=lambda e: e[0])
    if not rows:
        return set()
    columns = list(zip(*rows, strict=True))
    return {r["event_id"] for r in await conn.fetch(_MARK_PROCESSED, *map(list, columns))}


async def append_rows(conn: asyncpg.Connection, types: ColumnTypes, rows: Sequence[Row]) -> None:
    """Append fact rows, one statement per (table, column list)."""
    groups: dict[tuple[str, tuple[str, ...]], list[tuple[Any, ...]]] = defaultdict(list)
    for row in rows:
        groups[(row.table, row.columns)].append(row.values)
    for (table, columns), values in sorted(groups.items()):
        statement = await types.insert_statement(conn, table, columns)
        await conn.execute(statement, *map(list, zip(*values, strict=True)))
