"""Which failures mean "a dependency is down or too slow", to answer 503 rather than 500.

A command that meets one of these stored nothing (the event store writes each command in one
transaction, which did not commit), so the caller may safely try again after ``Retry-After``.
"""

from __future__ import annotations

import asyncpg
import psycopg
import psycopg_pool
from eventsourcing import persistence

# Seconds a caller is told to wait: about one reconnection attempt of the pools.
RETRY_AFTER_SECONDS = 5

_UNAVAILABLE: tuple[type[BaseException], ...] = (
    persistence.OperationalError,  # eventsourcing's: connection lost, pool exhausted, lock timeout
    persistence.InterfaceError,
    psycopg.OperationalError,
    psycopg_pool.PoolTimeout,
    asyncpg.PostgresConnectionError,
    asyncpg.CannotConnectNowError,
    asyncpg.QueryCanceledError,  # statement_timeout or lock_timeout
    asyncpg.ConnectionDoesNotExistError,
    ConnectionError,  # refused, reset
    TimeoutError,  # a bounded wait for a connection ran out
)


def dependency_unavailable(exc: BaseException) -> bool:
    """Whether ``exc``, or what caused it, says a database (or broker) did not answer."""
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        if isinstance(current, _UNAVAILABLE):
            return True
        seen.add(id(current))
        current = current.__cause__ or current.__context__
    return False
