"""The vault on the in-memory table and keyring, with a way to crash it at any step."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from uuid import UUID, uuid4

import pytest

from kohtaamo.servicekit.vault.crypto import KeyringState, unwrap
from kohtaamo.servicekit.vault.keyring import Keyring, MemoryKeyringStore
from kohtaamo.servicekit.vault.table import KeyTableSession, MemoryKeyTable
from kohtaamo.servicekit.vault.vault import SubjectKeyVault


class Crash(Exception):
    """The process died here."""


@dataclass
class Faults:
    """Counts the steps that change something; raises Crash before step number ``crash_at``."""

    crash_at: int | None = None
    steps: list[str] = field(default_factory=list)

    def step(self, name: str) -> None:
        if self.crash_at is not None and len(self.steps) == self.crash_at:
            raise Crash(name)
        self.steps.append(name)


class CrashingStore(MemoryKeyringStore):
    def __init__(self, faults: Faults) -> None:
        super().__init__()
        self.faults = faults

    def save(self, state: KeyringState) -> None:
        self.faults.step("keyring.save")
        super().save(state)


class _CrashingSession:
    def __init__(self, session: KeyTableSession, faults: Faults) -> None:
        self._s, self._faults = session, faults

    def __getattr__(self, name: str):
        attribute = getattr(self._s, name)
        if name in ("bind_keyring", "register", "rewrap", "retire_below"):
            def stepped(*args, **kwargs):
                self._faults.step(f"table.{name}")
                return attribute(*args, **kwargs)
            return stepped
        return attribute


class CrashingTable(MemoryKeyTable):
    def __init__(self, faults: Faults, clock: Callable[[], datetime]) -> None:
        super().__init__(clock)
        self.faults = faults

    def exclusive(self, *, wait: bool):
        import contextlib

        @contextlib.contextmanager
        def wrapped():
            with super(CrashingTable, self).exclusive(wait=wait) as session:
                yield _CrashingSession(session, self.faults) if session is not None else None

        return wrapped()


class Clock:
    def __init__(self) -> None:
        self.now = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> None:
        self.now += timedelta(**delta)


@dataclass
class World:
    """One key table and one keyring file shared by any number of service instances."""

    table: CrashingTable
    store: CrashingStore
    faults: Faults
    clock: Clock

    def instance(self) -> SubjectKeyVault:
        """A (re)started service instance: it reads the keyring afresh."""
        vault = SubjectKeyVault(self.table, Keyring(self.store))
        vault.open()
        return vault

    def existing_keys(self) -> list[bytes]:
        return [k.key for k in self.store.state.keks] if self.store.state else []

    def stored_copies_that_open(self, subject_id: UUID) -> list[bytes]:
        """Every wrapped key of the subject ever stored (WAL, backups) that an existing key opens."""
        return [
            wrapped for subject, wrapped in self.table.history if subject == subject_id
            if any(unwrap(key, wrapped, subject_id) is not None for key in self.existing_keys())
        ]

    def live_keys_all_open(self) -> bool:
        keyring = self.store.state
        for stored in self.table.live():
            kek = keyring.get(stored.epoch) if keyring else None
            if kek is None or unwrap(kek.key, stored.wrapped, stored.subject_id) is None:
                return False
        return True


@pytest.fixture
def world() -> World:
    faults, clock = Faults(), Clock()
    return World(CrashingTable(faults, clock), CrashingStore(faults), faults, clock)


@pytest.fixture
def clients() -> Callable[[SubjectKeyVault, int], dict[UUID, str]]:
    """``clients(vault, n)`` -> {subject id: sealed personal data} for n new subjects."""

    def make(vault: SubjectKeyVault, n: int) -> dict[UUID, str]:
        sealed = {}
        for i in range(n):
            subject = uuid4()
            vault.create_key(subject)
            sealed[subject] = vault.seal(subject, {"last_name": f"Virtanen-{i}"})
        return sealed

    return make
