"""The subject key table on PostgreSQL (psycopg), in the service's own database and schema.

``<table>``          subject_id, kek_epoch (FK), wrapped_key, created_at, destroyed_at, destroyed_kek_epoch
``<table>_keks``     the KEK epochs keys may refer to (new keys only to one not retiring);
                     a live key's foreign key keeps its epoch
``<table>_keyring``  one row: the id of the keyring file this table belongs to

Rotation is serialised across instances with a session-level advisory lock, held on a
connection of its own for the whole rotation.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator, Sequence
from typing import Any
from uuid import UUID

import psycopg
from psycopg import sql
from psycopg.rows import dict_row
from psycopg_pool import ConnectionPool

from .table import KekInUse, StoredKey, TableState


class LegacyKeyTable(Exception):
    """The table was made by the version that wrapped keys with the event store's key."""


class PostgresKeyTable:
    def __init__(self, database_url: str, *, schema: str | None, table: str) -> None:
        self._url = database_url
        self._name = f"{schema}.{table}" if schema else table
        self._table = table

        def ident(suffix: str = "") -> sql.Identifier:
            return sql.Identifier(schema, table + suffix) if schema else sql.Identifier(table + suffix)

        self._t = {"keys": ident(), "keks": ident("_keks"), "keyring": ident("_keyring")}
        self._lock_key = f"kohtaamo.subject-keys:{self._name}"
        with self._session_connection(wait=True) as conn:
            assert conn is not None
            self._create(conn)
        # Opened after the tables are checked: a refused table leaves no pool behind.
        self._pool = ConnectionPool(database_url, min_size=1, max_size=4, open=True,
                                    kwargs={"row_factory": dict_row})

    def describe(self) -> str:
        return f"the key table {self._name}"

    def insert(self, subject_id: UUID, epoch: int, wrapped: bytes) -> bool:
        try:
            with self._pool.connection() as conn:
                cursor = conn.execute(
                    self._sql("INSERT INTO {keys} (subject_id, kek_epoch, wrapped_key)"
                              " SELECT %s, %s, %s WHERE EXISTS"
                              " (SELECT FROM {keks} WHERE epoch = %s AND NOT retiring)"),
                    (subject_id, epoch, wrapped, epoch),
                )
                return cursor.rowcount == 1
        except psycopg.errors.ForeignKeyViolation:
            return False  # the epoch was retired between the check and the insert

    def get(self, subject_id: UUID) -> StoredKey | None:
        with self._pool.connection() as conn:
            row = conn.execute(
                self._sql("SELECT kek_epoch, wrapped_key FROM {keys}"
                          " WHERE subject_id = %s AND wrapped_key IS NOT NULL"),
                (subject_id,),
            ).fetchone()
        return StoredKey(subject_id, row["kek_epoch"], bytes(row["wrapped_key"])) if row else None

    def destroy(self, subject_id: UUID) -> None:
        with self._pool.connection() as conn:
            # destroyed_kek_epoch takes the row's epoch as it is when the update gets the row,
            # so an erasure racing a re-wrap records the newer epoch.
            conn.execute(
                self._sql("UPDATE {keys} SET wrapped_key = NULL, kek_epoch = NULL,"
                          " destroyed_kek_epoch = kek_epoch, destroyed_at = now()"
                          " WHERE subject_id = %s AND wrapped_key IS NOT NULL"),
                (subject_id,),
            )

    def state(self, oldest_existing_epoch: int | None) -> TableState:
        with self._pool.connection() as conn:
            head = conn.execute(self._sql(
                "SELECT now() AS now, (SELECT array_agg(epoch ORDER BY epoch) FROM {keks}) AS registered,"
                " (SELECT created_at FROM {keks} ORDER BY epoch DESC LIMIT 1) AS newest_at"
            )).fetchone()
            pending = conn.execute(
                self._sql("SELECT count(*) AS n, min(destroyed_at) AS oldest FROM {keys}"
                          " WHERE wrapped_key IS NULL AND destroyed_kek_epoch >= %s"),
                (oldest_existing_epoch if oldest_existing_epoch is not None else -1,),
            ).fetchone()
            live = conn.execute(self._sql(
                "SELECT kek_epoch, count(*) AS n FROM {keys} WHERE wrapped_key IS NOT NULL GROUP BY kek_epoch"
            )).fetchall()
        assert head is not None and pending is not None
        return TableState(
            now=head["now"], registered=list(head["registered"] or []), newest_registered_at=head["newest_at"],
            live_by_epoch={r["kek_epoch"]: r["n"] for r in live},
            pending_erasures=pending["n"], oldest_pending_erasure_at=pending["oldest"],
        )

    @contextlib.contextmanager
    def exclusive(self, *, wait: bool) -> Iterator[_PostgresSession | None]:
        with self._session_connection(wait=wait) as conn:
            yield _PostgresSession(conn, self._sql) if conn is not None else None

    def close(self) -> None:
        self._pool.close()

    def _sql(self, template: str) -> sql.Composed:
        return sql.SQL(template).format(**self._t)

    @contextlib.contextmanager
    def _session_connection(self, *, wait: bool) -> Iterator[psycopg.Connection[Any] | None]:
        """A connection of its own holding the advisory lock (released when it closes)."""
        with psycopg.connect(self._url, autocommit=True, row_factory=dict_row) as conn:
            if wait:
                conn.execute("SELECT pg_advisory_lock(hashtextextended(%s, 0))", (self._lock_key,))
            else:
                row = conn.execute("SELECT pg_try_advisory_lock(hashtextextended(%s, 0)) AS got",
                                   (self._lock_key,)).fetchone()
                if not (row and row["got"]):
                    yield None
                    return
            yield conn

    def _create(self, conn: psycopg.Connection[Any]) -> None:
        legacy = conn.execute(
            "SELECT to_regclass(%s) IS NOT NULL AS exists, EXISTS (SELECT FROM pg_attribute"
            " WHERE attrelid = to_regclass(%s) AND attname = 'kek_epoch') AS current",
            (self._t["keys"].as_string(conn), self._t["keys"].as_string(conn)),
        ).fetchone()
        if legacy and legacy["exists"] and not legacy["current"]:
            raise LegacyKeyTable(
                f"{self._name} was made by an older version that wrapped the subject keys with the "
                "event store's key; this development database cannot be migrated: reset it "
                "(make down; rm -rf $KOHTAAMO_RUN_DIR) and start again"
            )
        with conn.transaction():
            conn.execute(self._sql(
                "CREATE TABLE IF NOT EXISTS {keyring} (one boolean PRIMARY KEY DEFAULT true CHECK (one),"
                " keyring_id uuid NOT NULL);"
                " CREATE TABLE IF NOT EXISTS {keks} (epoch integer PRIMARY KEY,"
                " created_at timestamptz NOT NULL DEFAULT now(), retiring boolean NOT NULL DEFAULT false);"
                " CREATE TABLE IF NOT EXISTS {keys} (subject_id uuid PRIMARY KEY,"
                # kek_epoch before wrapped_key: an update's WAL record then keeps the whole key
                " kek_epoch integer REFERENCES {keks} (epoch), wrapped_key bytea,"
                " created_at timestamptz NOT NULL DEFAULT now(), destroyed_at timestamptz,"
                " destroyed_kek_epoch integer, CHECK ((wrapped_key IS NULL) = (kek_epoch IS NULL)));"
            ))
            for suffix, column, where in (("_live", "kek_epoch", "IS NOT NULL"),
                                          ("_erased", "destroyed_kek_epoch", "IS NULL")):
                conn.execute(
                    sql.SQL("CREATE INDEX IF NOT EXISTS {} ON {} ({}) WHERE wrapped_key " + where).format(
                        sql.Identifier(self._table + suffix), self._t["keys"], sql.Identifier(column)
                    )
                )


class _PostgresSession:
    def __init__(self, conn: psycopg.Connection[Any], compose: Any) -> None:
        self._conn = conn
        self._sql = compose

    def keyring_id(self) -> UUID | None:
        row = self._conn.execute(self._sql("SELECT keyring_id FROM {keyring}")).fetchone()
        return row["keyring_id"] if row else None

    def bind_keyring(self, keyring_id: UUID) -> None:
        self._conn.execute(self._sql("INSERT INTO {keyring} (keyring_id) VALUES (%s)"), (keyring_id,))

    def has_keys(self) -> bool:
        row = self._conn.execute(self._sql("SELECT EXISTS (SELECT FROM {keys}) AS any")).fetchone()
        return bool(row and row["any"])

    def registered_epochs(self) -> list[int]:
        return [r["epoch"] for r in self._conn.execute(self._sql("SELECT epoch FROM {keks} ORDER BY epoch"))]

    def register(self, epoch: int) -> None:
        with self._conn.transaction():
            self._conn.execute(self._sql("UPDATE {keks} SET retiring = true WHERE epoch < %s"), (epoch,))
            self._conn.execute(self._sql("INSERT INTO {keks} (epoch) VALUES (%s)"), (epoch,))

    def live_keys_below(self, epoch: int, limit: int) -> list[StoredKey]:
        rows = self._conn.execute(
            self._sql("SELECT subject_id, kek_epoch, wrapped_key FROM {keys}"
                      " WHERE wrapped_key IS NOT NULL AND kek_epoch < %s LIMIT %s"),
            (epoch, limit),
        ).fetchall()
        return [StoredKey(r["subject_id"], r["kek_epoch"], bytes(r["wrapped_key"])) for r in rows]

    def rewrap(self, updates: Sequence[tuple[StoredKey, bytes]], epoch: int) -> int:
        done = 0
        with self._conn.transaction(), self._conn.cursor() as cursor:
            for old, wrapped in updates:
                # Only the exact key that was read: an erasure meanwhile keeps its NULL.
                cursor.execute(
                    self._sql("UPDATE {keys} SET kek_epoch = %s, wrapped_key = %s"
                              " WHERE subject_id = %s AND wrapped_key = %s"),
                    (epoch, wrapped, old.subject_id, old.wrapped),
                )
                done += cursor.rowcount
        return done

    def retire_below(self, epoch: int) -> None:
        try:
            self._conn.execute(self._sql("DELETE FROM {keks} WHERE epoch < %s"), (epoch,))
        except psycopg.errors.ForeignKeyViolation as error:
            raise KekInUse(str(error)) from None
