"""The subject key table: one wrapped data key per subject, with the epoch of its KEK.

The table also registers which KEK epochs may be referred to. Registering a new epoch marks
the older ones as retiring: no new key is accepted under them, so an instance with a stale
keyring learns of the new KEK at its next registration. And the table refuses to retire an
epoch that a live key still refers to (on PostgreSQL a foreign key does it): a key that
slipped in under an old epoch keeps its KEK until it is re-wrapped. ``MemoryKeyTable`` keeps the same rules in memory, plus a ``history`` of every
wrapped key it ever stored: the in-memory stand-in for WAL, backups and replicas.
"""

from __future__ import annotations

import contextlib
from contextlib import AbstractContextManager
import threading
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Protocol
from uuid import UUID


@dataclass(frozen=True)
class StoredKey:
    subject_id: UUID
    epoch: int
    wrapped: bytes


@dataclass(frozen=True)
class TableState:
    """What the rotation schedule and ``status`` need, read in one go."""

    now: datetime
    registered: list[int]
    newest_registered_at: datetime | None
    live_by_epoch: dict[int, int]
    pending_erasures: int  # destroyed keys whose last wrapping KEK may still exist
    oldest_pending_erasure_at: datetime | None


class KekInUse(Exception):
    """An epoch cannot be retired: a live key still refers to it."""


class KeyTableSession(Protocol):
    """Holds the table's exclusive (rotation) lock; only a session may change the KEK epochs."""

    def keyring_id(self) -> UUID | None: ...

    def bind_keyring(self, keyring_id: UUID) -> None: ...

    def has_keys(self) -> bool: ...

    def registered_epochs(self) -> list[int]: ...

    def register(self, epoch: int) -> None: ...

    def live_keys_below(self, epoch: int, limit: int) -> list[StoredKey]: ...

    def rewrap(self, updates: Sequence[tuple[StoredKey, bytes]], epoch: int) -> int: ...

    def retire_below(self, epoch: int) -> None: ...


class KeyTable(Protocol):
    def describe(self) -> str: ...

    def insert(self, subject_id: UUID, epoch: int, wrapped: bytes) -> bool:
        """False when ``epoch`` is not registered, or retiring: wrap under another KEK."""
        ...

    def get(self, subject_id: UUID) -> StoredKey | None: ...

    def destroy(self, subject_id: UUID) -> None: ...

    def state(self, oldest_existing_epoch: int | None) -> TableState: ...

    def exclusive(self, *, wait: bool) -> AbstractContextManager[KeyTableSession | None]: ...

    def close(self) -> None: ...


@dataclass
class _Row:
    epoch: int | None
    wrapped: bytes | None
    destroyed_epoch: int | None = None
    destroyed_at: datetime | None = None


class MemoryKeyTable:
    def __init__(self, clock: Callable[[], datetime] = lambda: datetime.now(UTC)) -> None:
        self.clock = clock
        self.history: list[tuple[UUID, bytes]] = []
        self._rows: dict[UUID, _Row] = {}
        self._epochs: dict[int, datetime] = {}
        self._retiring: set[int] = set()
        self._keyring_id: UUID | None = None
        self._lock = threading.RLock()
        self._exclusive = threading.Lock()

    def describe(self) -> str:
        return "memory"

    def insert(self, subject_id: UUID, epoch: int, wrapped: bytes) -> bool:
        with self._lock:
            if epoch not in self._epochs or epoch in self._retiring:
                return False
            if subject_id in self._rows:
                raise ValueError(f"subject {subject_id} already has a key")
            self._rows[subject_id] = _Row(epoch, wrapped)
            self.history.append((subject_id, wrapped))
            return True

    def get(self, subject_id: UUID) -> StoredKey | None:
        with self._lock:
            row = self._rows.get(subject_id)
            if row is None or row.wrapped is None or row.epoch is None:
                return None
            return StoredKey(subject_id, row.epoch, row.wrapped)

    def live(self) -> list[StoredKey]:
        with self._lock:
            return [StoredKey(s, r.epoch, r.wrapped) for s, r in self._rows.items()
                    if r.epoch is not None and r.wrapped is not None]

    def destroy(self, subject_id: UUID) -> None:
        with self._lock:
            row = self._rows.get(subject_id)
            if row is not None and row.wrapped is not None:
                row.destroyed_epoch, row.epoch, row.wrapped = row.epoch, None, None
                row.destroyed_at = self.clock()

    def state(self, oldest_existing_epoch: int | None) -> TableState:
        with self._lock:
            pending = [
                r.destroyed_at for r in self._rows.values()
                if r.wrapped is None and r.destroyed_at is not None and r.destroyed_epoch is not None
                and (oldest_existing_epoch is None or r.destroyed_epoch >= oldest_existing_epoch)
            ]
            live: dict[int, int] = {}
            for r in self._rows.values():
                if r.epoch is not None:
                    live[r.epoch] = live.get(r.epoch, 0) + 1
            newest = max(self._epochs) if self._epochs else None
            return TableState(
                now=self.clock(), registered=sorted(self._epochs),
                newest_registered_at=self._epochs[newest] if newest is not None else None,
                live_by_epoch=live, pending_erasures=len(pending),
                oldest_pending_erasure_at=min(pending) if pending else None,  # type: ignore[type-var]
            )

    @contextlib.contextmanager
    def exclusive(self, *, wait: bool) -> Iterator[KeyTableSession | None]:
        if not self._exclusive.acquire(blocking=wait):
            yield None
            return
        try:
            yield _MemorySession(self)
        finally:
            self._exclusive.release()

    def close(self) -> None:
        pass


class _MemorySession:
    def __init__(self, table: MemoryKeyTable) -> None:
        self._t = table

    def keyring_id(self) -> UUID | None:
        return self._t._keyring_id

    def bind_keyring(self, keyring_id: UUID) -> None:
        self._t._keyring_id = keyring_id

    def has_keys(self) -> bool:
        return bool(self._t._rows)

    def registered_epochs(self) -> list[int]:
        return sorted(self._t._epochs)

    def register(self, epoch: int) -> None:
        with self._t._lock:
            self._t._retiring.update(e for e in self._t._epochs if e < epoch)
            self._t._epochs[epoch] = self._t.clock()

    def live_keys_below(self, epoch: int, limit: int) -> list[StoredKey]:
        return [k for k in self._t.live() if k.epoch < epoch][:limit]

    def rewrap(self, updates: Sequence[tuple[StoredKey, bytes]], epoch: int) -> int:
        done = 0
        with self._t._lock:
            for old, wrapped in updates:
                row = self._t._rows.get(old.subject_id)
                if row is not None and row.wrapped == old.wrapped:  # not erased meanwhile
                    row.epoch, row.wrapped = epoch, wrapped
                    self._t.history.append((old.subject_id, wrapped))
                    done += 1
        return done

    def retire_below(self, epoch: int) -> None:
        with self._t._lock:
            retiring = {e for e in self._t._epochs if e < epoch}
            if any(r.epoch in retiring for r in self._t._rows.values()):
                raise KekInUse(f"a live key still refers to one of epochs {sorted(retiring)}")
            for e in retiring:
                del self._t._epochs[e]
                self._t._retiring.discard(e)
