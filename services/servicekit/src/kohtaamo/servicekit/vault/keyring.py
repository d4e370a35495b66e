"""Where the key-encryption keys live: a keyring file outside the database (or memory, in tests).

The file is replaced atomically (write a temporary file, fsync it, rename it over the old
one, fsync the directory), so a crash leaves either the old or the new keyring, never a torn
one; the temporary file is removed before each write, so no stale copy of a destroyed key
lingers beside it.
"""

from __future__ import annotations

import base64
import contextlib
import json
import logging
import os
import threading
from datetime import datetime
from pathlib import Path
from typing import Protocol
from uuid import UUID

from .crypto import Kek, KeyringState

_FORMAT = "kohtaamo-keyring"
_VERSION = 1

log = logging.getLogger(__name__)


class KeyringStore(Protocol):
    def load(self) -> KeyringState | None: ...

    def save(self, state: KeyringState) -> None: ...

    def describe(self) -> str: ...


class KeyringFile:
    def __init__(self, path: Path) -> None:
        self.path = path
        self._tmp = path.with_name(path.name + ".tmp")

    def describe(self) -> str:
        return str(self.path)

    def load(self) -> KeyringState | None:
        try:
            raw = self.path.read_bytes()
        except FileNotFoundError:
            return None
        mode = self.path.stat().st_mode
        if mode & 0o077:
            log.warning("keyring %s is readable by others (mode %o): make it 0600", self.path, mode & 0o777)
        try:
            doc = json.loads(raw)
            if doc.get("format") != _FORMAT or doc.get("version") != _VERSION:
                raise ValueError(f"not a {_FORMAT} version {_VERSION} file")
            return KeyringState(
                keyring_id=UUID(doc["keyring_id"]),
                keks=tuple(
                    Kek(epoch=int(k["epoch"]), key=base64.b64decode(k["key"]),
                        created_at=datetime.fromisoformat(k["created_at"]))
                    for k in doc["keks"]
                ),
            )
        except (ValueError, KeyError, TypeError) as error:
            raise ValueError(f"keyring file {self.path} cannot be read: {error}") from None

    def save(self, state: KeyringState) -> None:
        doc = {
            "format": _FORMAT,
            "version": _VERSION,
            "keyring_id": str(state.keyring_id),
            "keks": [
                {"epoch": k.epoch, "key": base64.b64encode(k.key).decode(),
                 "created_at": k.created_at.isoformat()}
                for k in state.keks
            ],
        }
        self.path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        with contextlib.suppress(FileNotFoundError):
            self._tmp.unlink()  # a leftover of a crash may hold keys destroyed since
        fd = os.open(self._tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "wb") as out:
            out.write(json.dumps(doc, indent=1).encode())
            out.flush()
            os.fsync(out.fileno())
        os.replace(self._tmp, self.path)
        directory = os.open(self.path.parent, os.O_RDONLY)
        try:
            os.fsync(directory)
        finally:
            os.close(directory)


class MemoryKeyringStore:
    """For the in-memory store (unit tests): the keyring lives as long as the process."""

    def __init__(self) -> None:
        self.state: KeyringState | None = None

    def describe(self) -> str:
        return "memory"

    def load(self) -> KeyringState | None:
        return self.state

    def save(self, state: KeyringState) -> None:
        self.state = state


class Keyring:
    """The keyring as this process last read it; thread-safe. Rotation writes through it."""

    def __init__(self, store: KeyringStore) -> None:
        self.store = store
        self._lock = threading.Lock()
        self._state: KeyringState | None = None

    @property
    def state(self) -> KeyringState | None:
        return self._state

    def reload(self) -> KeyringState | None:
        state = self.store.load()
        with self._lock:
            self._state = state
        return state

    def save(self, state: KeyringState) -> None:
        with self._lock:
            self.store.save(state)
            self._state = state
