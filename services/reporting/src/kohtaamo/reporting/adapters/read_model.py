"""The active read model: which schema reporting serves and which consumer group fills it.

One row in reporting's own schema (``read_model_active``, migration 0020) names it; no row
means the own schema and ``REPORTING_CONSUMER_GROUP`` (generation 0). A rebuild fills a
new schema with a new group side by side, and ``switch`` changes the row in one
transaction, only if the generation it replaces is still the active one; a running
reporting follows the row (``live.LiveReadModel``). ``Rebuilds`` keeps the history and
the rule that one rebuild runs at a time: it holds a session advisory lock for as long as
it runs, which PostgreSQL releases if the process dies, so a crashed rebuild blocks
nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

import asyncpg

_LOCK_CLASS = 0x6B6F7262  # any constant; the second key is the own schema's hash


def quoted(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


@dataclass(frozen=True)
class ReadModel:
    generation: int
    schema: str
    consumer_group: str  # without the topic prefix


@dataclass(frozen=True)
class Rebuild:
    model: ReadModel
    replaces: int
    state: str
    started_at: datetime
    finished_at: datetime | None
    detail: str | None
    cleaned_at: datetime | None


class RebuildRunning(Exception):
    """Another rebuild holds the lock."""


async def own_schema(conn: asyncpg.Connection) -> str:
    """The schema reporting's settings name (the connection's search path), e.g. public."""
    return str(await conn.fetchval("SELECT current_schema()"))


async def active(conn: asyncpg.Connection, own: str, default_group: str) -> ReadModel:
    row = await conn.fetchrow(
        f"SELECT generation, schema_name, consumer_group FROM {quoted(own)}.read_model_active")
    if row is None:
        return ReadModel(0, own, default_group)
    return ReadModel(row["generation"], row["schema_name"], row["consumer_group"])


def next_model(own: str, default_group: str, generation: int) -> ReadModel:
    base = "reporting" if own == "public" else own
    return ReadModel(generation, f"{base}_rebuild_{generation}",
                     f"{default_group}-rebuild-{generation}")


class Rebuilds:
    """The history of rebuilds and the one-at-a-time lock, over one connection."""

    def __init__(self, conn: asyncpg.Connection, own: str) -> None:
        self._conn, self._own = conn, own
        self._table = f"{quoted(own)}.read_model_rebuilds"

    async def lock(self) -> None:
        """Hold the rebuild lock until this connection closes, or refuse."""
        taken = await self._conn.fetchval(
            "SELECT pg_try_advisory_lock($1, hashtext($2))", _LOCK_CLASS, self._own)
        if not taken:
            running = [r for r in await self.history() if r.state == "RUNNING"]
            since = f" (generation {running[-1].model.generation}, started "\
                    f"{running[-1].started_at:%Y-%m-%d %H:%M:%S %Z})" if running else ""
            raise RebuildRunning(f"another rebuild of reporting is running{since}")

    async def begin(self, default_group: str, current: ReadModel) -> ReadModel:
        """Record a new rebuild (after ``lock``); an earlier one left RUNNING was interrupted."""
        await self._conn.execute(
            f"UPDATE {self._table} SET state = 'FAILED', finished_at = now(),"
            " detail = 'interrupted: the rebuild process ended before it finished'"
            " WHERE state = 'RUNNING'")
        last = await self._conn.fetchval(f"SELECT max(generation) FROM {self._table}")
        model = next_model(self._own, default_group, max(last or 0, current.generation) + 1)
        await self._conn.execute(
            f"INSERT INTO {self._table} (generation, schema_name, consumer_group, replaces, state)"
            " VALUES ($1, $2, $3, $4, 'RUNNING')",
            model.generation, model.schema, model.consumer_group, current.generation)
        return model

    async def finish(self, model: ReadModel, state: str, detail: str | None = None) -> None:
        await self._conn.execute(
            f"UPDATE {self._table} SET state = $2, finished_at = now(), detail = $3"
            " WHERE generation = $1", model.generation, state, detail)

    async def switch(self, new: ReadModel, replaced: ReadModel) -> None:
        """Make ``new`` the active read model, atomically, if ``replaced`` still is."""
        async with self._conn.transaction():
            row = await self._conn.fetchrow(
                f"SELECT generation FROM {quoted(self._own)}.read_model_active FOR UPDATE")
            now = row["generation"] if row else 0
            if now != replaced.generation:
                raise RuntimeError(f"generation {now} became active meanwhile; not switching")
            await self._conn.execute(
                f"INSERT INTO {quoted(self._own)}.read_model_active"
                " (singleton, generation, schema_name, consumer_group) VALUES (true, $1, $2, $3)"
                " ON CONFLICT (singleton) DO UPDATE SET generation = EXCLUDED.generation,"
                " schema_name = EXCLUDED.schema_name, consumer_group = EXCLUDED.consumer_group,"
                " switched_at = now()", new.generation, new.schema, new.consumer_group)
            await self.finish(new, "SWITCHED")

    async def history(self) -> list[Rebuild]:
        rows = await self._conn.fetch(f"SELECT * FROM {self._table} ORDER BY generation")
        return [_rebuild(r) for r in rows]

    async def own_cleaned(self) -> bool:
        return bool(await self._conn.fetchval(
            f"SELECT count(*) FROM {quoted(self._own)}.read_model_own_cleaned"))

    async def mark_cleaned(self, generation: int) -> None:
        if generation == 0:
            await self._conn.execute(
                f"INSERT INTO {quoted(self._own)}.read_model_own_cleaned DEFAULT VALUES"
                " ON CONFLICT DO NOTHING")
        else:
            await self._conn.execute(
                f"UPDATE {self._table} SET cleaned_at = now() WHERE generation = $1", generation)


def _rebuild(r: Any) -> Rebuild:
    return Rebuild(ReadModel(r["generation"], r["schema_name"], r["consumer_group"]),
                   r["replaces"], r["state"], r["started_at"], r["finished_at"], r["detail"],
                   r["cleaned_at"])


# What cleanup keeps of the own schema when its own read model (generation 0) is retired:
# the control tables and the record of applied migrations.
KEPT_IN_OWN_SCHEMA = ("read_model_active", "read_model_rebuilds", "read_model_own_cleaned",
                      "schema_migrations")
# Tables of reporting's own records, not facts from the topics, which a rebuild cannot
# recreate: copied into the new read model at the switch, and rows added to the old one
# since then copied again before cleanup drops it. Publications before the rows that
# refer to them; the copies are inserts only (the tables are append-only).
RECORD_TABLES: tuple[str, ...] = ("publications", "published_figures", "published_values",
                                  "drilldown_log")
