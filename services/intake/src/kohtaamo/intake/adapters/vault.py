"""Per-subject AES-GCM keys (crypto-shredding), wrapped with the service's master key.

Each client's personal fields are sealed with that client's own data key. Data keys are
stored wrapped (encrypted) with the master key, in a mutable table beside the immutable
event store; erasure overwrites the wrapped key, after which every copy of the sealed
fields — in events, replicas and backups of the event store — is unreadable.
"""

from __future__ import annotations

import base64
import json
import os
import threading
from typing import Any, Protocol
from uuid import UUID

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from psycopg import sql

from ..application.ports import KeyDestroyed

_NONCE = 12


class KeyTable(Protocol):
    def insert(self, subject_id: UUID, wrapped: bytes) -> None: ...

    def get(self, subject_id: UUID) -> bytes | None: ...

    def destroy(self, subject_id: UUID) -> None: ...

    def close(self) -> None: ...


class MemoryKeyTable:
    """For the in-memory store (unit tests): keys live as long as the process."""

    def __init__(self) -> None:
        self._keys: dict[UUID, bytes | None] = {}
        self._lock = threading.Lock()

    def insert(self, subject_id: UUID, wrapped: bytes) -> None:
        with self._lock:
            self._keys[subject_id] = wrapped

    def get(self, subject_id: UUID) -> bytes | None:
        return self._keys.get(subject_id)

    def destroy(self, subject_id: UUID) -> None:
        with self._lock:
            self._keys[subject_id] = None

    def close(self) -> None:
        pass


class PostgresKeyTable:
    """``intake_subject_keys`` in intake's own database and schema."""

    def __init__(self, datastore: Any, schema: str | None) -> None:
        self._datastore = datastore
        self._table = (
            sql.Identifier(schema, "intake_subject_keys") if schema
            else sql.Identifier("intake_subject_keys")
        )
        with self._datastore.transaction(commit=True) as cursor:
            cursor.execute(
                sql.SQL(
                    "CREATE TABLE IF NOT EXISTS {} (subject_id uuid PRIMARY KEY,"
                    " wrapped_key bytea, created_at timestamptz NOT NULL DEFAULT now(),"
                    " destroyed_at timestamptz)"
                ).format(self._table)
            )

    def insert(self, subject_id: UUID, wrapped: bytes) -> None:
        with self._datastore.transaction(commit=True) as cursor:
            cursor.execute(
                sql.SQL("INSERT INTO {} (subject_id, wrapped_key) VALUES (%s, %s)").format(
                    self._table
                ),
                (subject_id, wrapped),
            )

    def get(self, subject_id: UUID) -> bytes | None:
        with self._datastore.transaction(commit=False) as cursor:
            cursor.execute(
                sql.SQL("SELECT wrapped_key FROM {} WHERE subject_id = %s").format(self._table),
                (subject_id,),
            )
            row = cursor.fetchone()
        if row is None:
            return None
        value = row["wrapped_key"] if isinstance(row, dict) else row[0]
        return bytes(value) if value is not None else None

    def destroy(self, subject_id: UUID) -> None:
        with self._datastore.transaction(commit=True) as cursor:
            cursor.execute(
                sql.SQL(
                    "UPDATE {} SET wrapped_key = NULL, destroyed_at = now()"
                    " WHERE subject_id = %s"
                ).format(self._table),
                (subject_id,),
            )

    def close(self) -> None:
        self._datastore.close()


class AesGcmVault:
    def __init__(self, keys: KeyTable, master_key_b64: str) -> None:
        self._keys = keys
        self._master = AESGCM(base64.b64decode(master_key_b64))

    def create_key(self, subject_id: UUID) -> None:
        data_key = AESGCM.generate_key(bit_length=256)
        self._keys.insert(subject_id, self._encrypt(self._master, data_key, subject_id))

    def seal(self, subject_id: UUID, data: dict[str, Any]) -> str:
        plain = json.dumps(data, separators=(",", ":")).encode()
        return base64.b64encode(self._encrypt(self._data_key(subject_id), plain, subject_id)).decode()

    def unseal(self, subject_id: UUID, sealed: str) -> dict[str, Any]:
        plain = self._decrypt(self._data_key(subject_id), base64.b64decode(sealed), subject_id)
        return json.loads(plain)

    def destroy_key(self, subject_id: UUID) -> None:
        self._keys.destroy(subject_id)

    def close(self) -> None:
        self._keys.close()

    def _data_key(self, subject_id: UUID) -> AESGCM:
        wrapped = self._keys.get(subject_id)
        if wrapped is None:
            raise KeyDestroyed(f"no key for {subject_id}: the data was erased")
        return AESGCM(self._decrypt(self._master, wrapped, subject_id))

    @staticmethod
    def _encrypt(cipher: AESGCM, plain: bytes, subject_id: UUID) -> bytes:
        nonce = os.urandom(_NONCE)
        # The subject id is authenticated too: a blob moved to another client won't open.
        return nonce + cipher.encrypt(nonce, plain, subject_id.bytes)

    @staticmethod
    def _decrypt(cipher: AESGCM, blob: bytes, subject_id: UUID) -> bytes:
        try:
            return cipher.decrypt(blob[:_NONCE], blob[_NONCE:], subject_id.bytes)
        except InvalidTag:
            raise KeyDestroyed(f"the sealed data of {subject_id} cannot be opened") from None
