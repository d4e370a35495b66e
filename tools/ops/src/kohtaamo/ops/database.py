"""Connections to the services' PostgreSQL databases, with one-line failures."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator
from urllib.parse import urlsplit

import asyncpg

from .errors import BadInput, Unreachable


def where(database_url: str) -> str:
    """host:port/db of a URL, never its password."""
    url = urlsplit(database_url)
    return f"{url.hostname}:{url.port or 5432}{url.path}"


@contextlib.asynccontextmanager
async def connected(database_url: str, schema: str | None = None, *,
                    timeout: float = 5.0) -> AsyncIterator[asyncpg.Connection]:
    if not database_url.startswith(("postgresql:", "postgres:")):
        raise BadInput(f"not a PostgreSQL database: {database_url.split(':', 1)[0]}://")
    settings = {"search_path": schema} if schema else {}
    try:
        conn = await asyncpg.connect(database_url, timeout=timeout, server_settings=settings)
    except (OSError, asyncpg.PostgresError, TimeoutError, asyncio.TimeoutError) as exc:
        raise Unreachable(f"PostgreSQL at {where(database_url)} does not answer: "
                          f"{type(exc).__name__}: {exc}") from None
    try:
        yield conn
    finally:
        await conn.close()
