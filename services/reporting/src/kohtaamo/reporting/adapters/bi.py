"""The bi schema: its views (``bi_views.sql``), and the read-only role BI tools log in as.

The role can log in and read the bi views, nothing else: no other schema's tables (it
has no privilege on them), nothing writable (no CREATE anywhere, no temporary tables,
read-only transactions by default). Creating and updating it needs a database user with
CREATEROLE; without a password in the settings reporting manages no role.
"""

from __future__ import annotations

from importlib import resources

import asyncpg

class BiViewsChanged(RuntimeError):
    """A bi view would lose, rename or retype a column: reporting does not start."""


_LOCK_KEY = 0x6B6F6275  # serialises concurrent starts (another constant than migrations')


def _views(bi: str) -> str:
    script = resources.files(__package__).joinpath("bi_views.sql").read_text(encoding="utf-8")
    return script.replace("{bi}", _quoted(bi))


def _quoted(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


async def install(conn: asyncpg.Connection, bi: str, role: str | None = None,
                  password: str | None = None) -> None:
    """Create or replace the views in schema ``bi`` over the facts in the connection's
    current schema; with ``role`` and ``password``, make that role their only reader."""
    async with conn.transaction():
        await conn.execute("SELECT pg_advisory_xact_lock($1)", _LOCK_KEY)
        await conn.execute(f"CREATE SCHEMA IF NOT EXISTS {_quoted(bi)}")
        try:
            await conn.execute(_views(bi))
        except asyncpg.InvalidTableDefinitionError as exc:
            raise BiViewsChanged(
                f"a view in schema {bi} differs from bi_views.sql in a way BI tools would notice "
                f"(PostgreSQL: {exc}); a bi view's columns only grow at the end: publish an "
                "incompatible change as a new view, or drop the old view deliberately") from None
        if role is not None and password is not None:
            await _reader(conn, bi, role, password)


async def _reader(conn: asyncpg.Connection, bi: str, role: str, password: str) -> None:
    exists = await conn.fetchval("SELECT true FROM pg_roles WHERE rolname = $1", role)
    verb = "ALTER ROLE %I WITH" if exists else "CREATE ROLE %I"
    # Utility statements take no bind parameters: format() quotes on the server.
    statements: list[tuple[str, tuple[str, ...]]] = [
        (f"SELECT format('{verb} LOGIN NOINHERIT NOCREATEDB NOCREATEROLE PASSWORD %L', $1::text, $2::text)", (role, password)),
        ("SELECT format('ALTER ROLE %I SET default_transaction_read_only = on', $1::text)", (role,)),
        ("SELECT format('GRANT CONNECT ON DATABASE %I TO %I', current_database(), $1::text)", (role,)),
        # Temporary tables are the one thing every role may create by default.
        ("SELECT format('REVOKE TEMPORARY ON DATABASE %I FROM PUBLIC', current_database())", ()),
        ("SELECT format('GRANT USAGE ON SCHEMA %I TO %I', $1::text, $2::text)", (bi, role)),
        ("SELECT format('GRANT SELECT ON ALL TABLES IN SCHEMA %I TO %I', $1::text, $2::text)", (bi, role)),
    ]
    for build, args in statements:
        await conn.execute(await conn.fetchval(build, *args))
