"""Turn a database URL into the environment the eventsourcing library reads."""

from __future__ import annotations

from urllib.parse import parse_qs, unquote, urlsplit

import psycopg
from psycopg import sql

from .group_commit import GroupCommitSettings

# Every stored event carries the cause of the command that saved it (see causation.py).
MAPPER_TOPIC = "kohtaamo.servicekit.causation:CausationMapper"


def eventsourcing_env(
    database_url: str, *, schema: str | None = None, cipher_key: str | None = None,
    group_commit: GroupCommitSettings | None = None, aggregate_cache: int = 0,
) -> dict[str, str]:
    """Explicit keys for ``Application(env=...)``, so nothing comes from os.environ by accident.

    ``group_commit`` (PostgreSQL only) saves concurrent commands together: see group_commit.py.
    ``aggregate_cache`` keeps that many recently used aggregates in memory (0: none). Each read
    still asks the store for the events after the cached version (the library's fast-forward),
    so another process's writes are seen; only the replay of the older events is saved. Not
    for aggregates whose decrypted state must vanish on erasure (intake's personal data).
    """
    url = urlsplit(database_url)
    env: dict[str, str]
    if url.scheme in ("postgresql", "postgres"):
        # libpq's ?host=/folder names a unix socket's folder (the embedded PostgreSQL's).
        host = url.hostname or parse_qs(url.query).get("host", [None])[0]
        if not host or not url.username or not url.path.strip("/"):
            raise ValueError(f"database URL needs user, host and database name: {database_url!r}")
        env = {
            "PERSISTENCE_MODULE": "eventsourcing.postgres",
            "POSTGRES_DBNAME": url.path.strip("/"),
            "POSTGRES_HOST": host,
            "POSTGRES_PORT": str(url.port or 5432),
            "POSTGRES_USER": unquote(url.username),
            "POSTGRES_PASSWORD": unquote(url.password or ""),
            "POSTGRES_SCHEMA": schema or "",
            "POSTGRES_POOL_SIZE": "5",
            "POSTGRES_LOCK_TIMEOUT": "5",
            # A command waits at most this long for a connection, then answers 503.
            "POSTGRES_CONNECT_TIMEOUT": "5",
        }
        if group_commit is not None:
            env.update(group_commit.eventsourcing_env())
    elif url.scheme == "sqlite":
        env = {"PERSISTENCE_MODULE": "eventsourcing.sqlite", "SQLITE_DBNAME": url.path or ":memory:"}
    elif url.scheme == "memory":
        env = {"PERSISTENCE_MODULE": "eventsourcing.popo"}
    else:
        raise ValueError(f"unsupported database URL scheme {url.scheme!r}")
    env["MAPPER_TOPIC"] = MAPPER_TOPIC
    if aggregate_cache > 0:
        env["AGGREGATE_CACHE_MAXSIZE"] = str(aggregate_cache)
    if cipher_key:
        env["CIPHER_TOPIC"] = "eventsourcing.cryptography:AESCipher"
        env["CIPHER_KEY"] = cipher_key
    return env


def ensure_schema(database_url: str, schema: str | None) -> None:
    """Create the PostgreSQL schema a service's tables live in, before the library creates them."""
    if not schema or not database_url.startswith(("postgresql:", "postgres:")):
        return
    with psycopg.connect(database_url, autocommit=True) as conn:
        conn.execute(sql.SQL("CREATE SCHEMA IF NOT EXISTS {}").format(sql.Identifier(schema)))
