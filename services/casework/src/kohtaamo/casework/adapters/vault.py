"""Per-client AES-GCM keys (crypto-shredding), wrapped with casework's master key.

Interim: the same scheme as intake's vault, in casework's own table
(``casework_subject_keys``), until servicekit's vault (keys wrapped by a rotated
key-encryption key) replaces both; the application only knows the ``PersonalDataVault`` port.
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
from psycopg_pool import ConnectionPool

from ..application.ports import KeyDestroyed

_NONCE = 12
TABLE = "casework_subject_keys"


class KeyTable(Protocol):
    def insert(self, subject_id: UUID, wrapped: bytes) -> None: ...

    def get(self, subject_id: UUID) -> bytes | None: ...

    def destroy(self, subject_id: UUID) -> None: ...

    def close(self) -> None: ...


class MemoryKeyTable:
    def __init__(self) -> None:
        self._keys: dict[UUID, bytes | None] = {}
        self._lock = threading.Lock()

    def insert(self, subject_id: UUID, wrapped: bytes) -> None:
        with self._lock:
            if subject_id in self._keys:
                raise ValueError(f"subject {subject_id} already has a key")
            self._keys[subject_id] = wrapped

    def get(self, subject_id: UUID) -> bytes | None:
        return self._keys.get(subject_id)

    def destroy(self, subject_id: UUID) -> None:
        with self._lock:
            if subject_id in self._keys:
                self._keys[subject_id] = None

    def close(self) -> None:
        pass


class PostgresKeyTable:
    def __init__(self, database_url: str, schema: str | None) -> None:
        self._pool = ConnectionPool(database_url, min_size=1, max_size=4, open=True)
        self._table = sql.Identifier(schema, TABLE) if schema else sql.Identifier(TABLE)
        with self._pool.connection() as conn:
            conn.execute(sql.SQL(
                "CREATE TABLE IF NOT EXISTS {} (subject_id uuid PRIMARY KEY, wrapped_key bytea,"
                " created_at timestamptz NOT NULL DEFAULT now(), destroyed_at timestamptz)"
            ).format(self._table))

    def insert(self, subject_id: UUID, wrapped: bytes) -> None:
        with self._pool.connection() as conn:
            conn.execute(sql.SQL("INSERT INTO {} (subject_id, wrapped_key) VALUES (%s, %s)")
                         .format(self._table), (subject_id, wrapped))

    def get(self, subject_id: UUID) -> bytes | None:
        with self._pool.connection() as conn:
            row = conn.execute(sql.SQL("SELECT wrapped_key FROM {} WHERE subject_id = %s")
                               .format(self._table), (subject_id,)).fetchone()
        return bytes(row[0]) if row is not None and row[0] is not None else None

    def destroy(self, subject_id: UUID) -> None:
        with self._pool.connection() as conn:
            conn.execute(sql.SQL("UPDATE {} SET wrapped_key = NULL, destroyed_at = now()"
                                 " WHERE subject_id = %s").format(self._table), (subject_id,))

    def close(self) -> None:
        self._pool.close()


class AesGcmVault:
    def __init__(self, keys: KeyTable, master_key_b64: str) -> None:
        self._keys = keys
        self._master = AESGCM(base64.b64decode(master_key_b64))

    def create_key(self, subject_id: UUID) -> None:
        data_key = AESGCM.generate_key(bit_length=256)
        self._keys.insert(subject_id, _encrypt(self._master, data_key, subject_id))

    def seal(self, subject_id: UUID, data: dict[str, Any]) -> str:
        plain = json.dumps(data, separators=(",", ":")).encode()
        return base64.b64encode(_encrypt(self._data_key(subject_id), plain, subject_id)).decode()

    def unseal(self, subject_id: UUID, sealed: str) -> dict[str, Any]:
        return json.loads(_decrypt(self._data_key(subject_id), base64.b64decode(sealed), subject_id))

    def destroy_key(self, subject_id: UUID) -> None:
        self._keys.destroy(subject_id)

    def close(self) -> None:
        self._keys.close()

    def _data_key(self, subject_id: UUID) -> AESGCM:
        wrapped = self._keys.get(subject_id)
        if wrapped is None:
            raise KeyDestroyed(f"no key for {subject_id}: the data was erased")
        return AESGCM(_decrypt(self._master, wrapped, subject_id))


def _encrypt(cipher: AESGCM, plain: bytes, subject_id: UUID) -> bytes:
    nonce = os.urandom(_NONCE)
    # The subject id is authenticated too: a blob moved to another client won't open.
    return nonce + cipher.encrypt(nonce, plain, subject_id.bytes)


def _decrypt(cipher: AESGCM, blob: bytes, subject_id: UUID) -> bytes:
    try:
        return cipher.decrypt(blob[:_NONCE], blob[_NONCE:], subject_id.bytes)
    except InvalidTag:
        raise KeyDestroyed(f"the sealed data of {subject_id} cannot be opened") from None


def build_vault(database_url: str, schema: str | None, master_key_b64: str) -> AesGcmVault:
    if database_url.startswith(("postgresql:", "postgres:")):
        return AesGcmVault(PostgresKeyTable(database_url, schema), master_key_b64)
    return AesGcmVault(MemoryKeyTable(), master_key_b64)
