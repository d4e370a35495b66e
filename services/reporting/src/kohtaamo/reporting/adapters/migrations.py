"""Apply the numbered SQL files in ``migrations/`` once each, in order, under a lock."""

from __future__ import annotations

from importlib import resources

import asyncpg

_LOCK_KEY = 0x6B6F6874  # any constant: serialises concurrent starts of reporting


def _scripts() -> list[tuple[int, str, str]]:
    folder = resources.files(__package__).joinpath("migrations")
    found = []
    for entry in folder.iterdir():
        if entry.name.endswith(".sql"):
            number = int(entry.name.split("_", 1)[0])
            found.append((number, entry.name, entry.read_text()))
    return sorted(found)


async def migrate(conn: asyncpg.Connection) -> list[str]:
    """Bring the schema up to date; returns the names of the scripts applied now."""
    applied_now: list[str] = []
    async with conn.transaction():
        await conn.execute("SELECT pg_advisory_xact_lock($1)", _LOCK_KEY)
        await conn.execute(
            "CREATE TABLE IF NOT EXISTS schema_migrations ("
            " version integer PRIMARY KEY, name text NOT NULL,"
            " applied_at timestamptz NOT NULL DEFAULT now())"
        )
        done = {r["version"] for r in await conn.fetch("SELECT version FROM schema_migrations")}
        for number, name, script in _scripts():
            if number in done:
                continue
            await conn.execute(script)
            await conn.execute(
                "INSERT INTO schema_migrations(version, name) VALUES ($1, $2)", number, name
            )
            applied_now.append(name)
    return applied_now
