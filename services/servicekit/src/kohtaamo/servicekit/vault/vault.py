"""The vault a service's application uses: seal personal data under a key per subject.

It implements the application's ``PersonalDataVault`` port (create_key, seal, unseal,
destroy_key, close) and adds what operations need: ``open`` (first start creates the
keyring), ``rotate``, ``reload_keyring``, ``status`` and ``rotation_due_in``.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any
from uuid import UUID

from . import crypto
from .crypto import KeyDestroyed, KeyUnavailable
from .keyring import Keyring
from .rotation import RotationResult, open_keyring, rotate
from .table import KeyTable, TableState

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class VaultStatus:
    keyring: str
    table: str
    keyring_epochs: list[int]
    table_state: TableState

    @property
    def erasure_window_open(self) -> bool:
        """True while some erased subject's old wrapped key still opens with an existing KEK."""
        return self.table_state.pending_erasures > 0


class SubjectKeyVault:
    def __init__(self, table: KeyTable, keyring: Keyring) -> None:
        self._table = table
        self._keyring = keyring
        self._listeners: list[Callable[[], None]] = []
        self._listeners_lock = threading.Lock()

    def on_destroyed(self, listener: Callable[[], None]) -> None:
        """Call ``listener`` (from the thread that erased) after each destroyed key."""
        with self._listeners_lock:
            self._listeners.append(listener)

    # The application's port

    def create_key(self, subject_id: UUID) -> None:
        data_key = crypto.new_data_key()
        for _ in range(2):
            state = self._keyring.state
            for kek in state.newest_first() if state else ():
                # The newest KEK may not be registered yet (a rotation is at its step 1).
                if self._table.insert(subject_id, kek.epoch, crypto.wrap(kek, data_key, subject_id)):
                    return
            self._keyring.reload()  # another instance rotated: our keyring is stale
        raise KeyUnavailable(
            f"no key-encryption key in {self._keyring.store.describe()} is registered in "
            f"{self._table.describe()}"
        )

    def seal(self, subject_id: UUID, data: dict[str, Any]) -> str:
        return crypto.seal(self._data_key(subject_id), subject_id, data)

    def unseal(self, subject_id: UUID, sealed: str) -> dict[str, Any]:
        return crypto.unseal(self._data_key(subject_id), subject_id, sealed)

    def destroy_key(self, subject_id: UUID) -> None:
        self._table.destroy(subject_id)
        with self._listeners_lock:
            listeners = list(self._listeners)
        for listener in listeners:
            listener()

    def close(self) -> None:
        self._table.close()

    # Operations

    def open(self) -> None:
        """Check the keyring against the table; on first start create both's first KEK."""
        with self._table.exclusive(wait=True) as session:
            assert session is not None
            state = open_keyring(session, self._keyring, where=self._table.describe())
            if not set(state.epochs) & set(session.registered_epochs()):
                rotate(session, self._keyring, where=self._table.describe())

    def rotate(self, *, wait: bool = True) -> RotationResult | None:
        """Rotate now; None when ``wait`` is False and another instance is rotating."""
        with self._table.exclusive(wait=wait) as session:
            if session is None:
                return None
            return rotate(session, self._keyring, where=self._table.describe())

    def reload_keyring(self) -> None:
        """Drop keys that another instance's rotation destroyed; pick up its new one."""
        self._keyring.reload()

    def status(self) -> VaultStatus:
        """As things are now: the keyring is read again."""
        state = self._keyring.reload()
        epochs = state.epochs if state else []
        return VaultStatus(
            keyring=self._keyring.store.describe(), table=self._table.describe(),
            keyring_epochs=epochs, table_state=self._table.state(min(epochs) if epochs else None),
        )

    def rotation_due_in(self, *, interval: timedelta, after_erasure: timedelta) -> float:
        """Seconds until the next rotation is due (0 or less: due now)."""
        status = self.status()
        table = status.table_state
        if not table.registered or min(status.keyring_epochs, default=0) < min(table.registered):
            return 0.0  # a crash left KEKs in the keyring file that the table already retired
        due: list[datetime] = []
        if table.newest_registered_at is not None:
            due.append(table.newest_registered_at + interval)
        if table.oldest_pending_erasure_at is not None:
            due.append(table.oldest_pending_erasure_at + after_erasure)
        if not due:
            return 0.0
        return (min(due) - table.now).total_seconds()

    def _data_key(self, subject_id: UUID) -> bytes:
        for _ in range(2):
            stored = self._table.get(subject_id)
            if stored is None:
                raise KeyDestroyed(f"no key for {subject_id}: the data was erased")
            kek = self._kek(stored.epoch)
            if kek is None:
                continue  # rotated between reading the row and the keyring: read the row again
            data_key = crypto.unwrap(kek, stored.wrapped, subject_id)
            if data_key is None:
                raise KeyUnavailable(f"the key of {subject_id} does not open with its KEK (epoch {stored.epoch})")
            return data_key
        raise KeyUnavailable(
            f"the keyring {self._keyring.store.describe()} holds no KEK of epoch {stored.epoch}, "
            f"which wraps the key of {subject_id}"
        )

    def _kek(self, epoch: int) -> bytes | None:
        state = self._keyring.state
        kek = state.get(epoch) if state else None
        if kek is None:
            state = self._keyring.reload()
            kek = state.get(epoch) if state else None
        return kek.key if kek else None
