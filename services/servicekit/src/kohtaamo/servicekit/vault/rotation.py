"""Rotating the key-encryption key, crash-safe at every step (run holding the table's lock).

The order keeps one invariant, whatever step a crash interrupts: every live data key is
wrapped under a KEK that the keyring file still holds.

1. Write the new KEK into the keyring file (atomically). A crash leaves an extra key that
   wraps nothing; the next rotation drops it.
2. Register its epoch in the table, marking the older ones as retiring: from now on new keys
   are wrapped under it only (an instance with a stale keyring is refused and reloads).
3. Re-wrap every live key under an older epoch, in batches; an erasure that lands meanwhile
   wins (the update only replaces the exact wrapped key it read). A crash leaves a mix of old
   and new epochs, all still in the keyring.
4. Retire the older epochs in the table. It refuses while a live key refers to one (an insert
   that began before step 2 committed after step 3 read); then step 3 runs again.
5. Remove every KEK but the new one from the keyring file. Only now is an old wrapped key,
   wherever a copy of it survives, unopenable. A crash before this step leaves old KEKs that
   wrap nothing live; the schedule sees them and rotates again.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from uuid import uuid4

from .crypto import KeyringState, KeyUnavailable, new_kek, unwrap, wrap
from .keyring import Keyring
from .table import KekInUse, KeyTableSession

log = logging.getLogger(__name__)

_BATCH = 500
_RETIRE_ATTEMPTS = 5


class KeyringMismatch(Exception):
    """The keyring file does not belong to this key table (or is missing); refusing to go on."""


@dataclass(frozen=True)
class RotationResult:
    epoch: int
    rewrapped: int
    destroyed_epochs: list[int]


def open_keyring(session: KeyTableSession, keyring: Keyring, *, where: str) -> KeyringState:
    """Check that the keyring belongs to the table (binding a new pair on first start)."""
    state = keyring.reload()
    bound = session.keyring_id()
    if bound is None:
        if state is not None and state.keks:
            raise KeyringMismatch(
                f"the keyring {keyring.store.describe()} holds keys of another key table "
                f"(keyring id {state.keyring_id}), and {where} has none yet: point the keyring "
                "path at this database's keyring, or at a new file for a new database"
            )
        bound = state.keyring_id if state is not None else uuid4()
        session.bind_keyring(bound)  # first, so a crash before the file is written is recoverable
    if state is None:
        if session.has_keys() or session.registered_epochs():
            raise KeyringMismatch(
                f"the keyring {keyring.store.describe()} is missing, but {where} holds keys "
                "wrapped under it: without it they cannot be opened; restore the keyring file "
                "(a development database can be reset instead: make down; rm -rf $KOHTAAMO_RUN_DIR)"
            )
        state = KeyringState(bound)
        keyring.save(state)
    if state.keyring_id != bound:
        raise KeyringMismatch(
            f"the keyring {keyring.store.describe()} (id {state.keyring_id}) belongs to another "
            f"key table than {where} (bound to keyring id {bound})"
        )
    missing = set(session.registered_epochs()) - set(state.epochs)
    if missing:
        raise KeyringMismatch(
            f"the keyring {keyring.store.describe()} lacks the key epochs {sorted(missing)} that "
            f"{where} refers to (an old copy of the file?); restore the current keyring"
        )
    return state


def rotate(
    session: KeyTableSession, keyring: Keyring, *, where: str,
    clock: Callable[[], datetime] = lambda: datetime.now(UTC),
    batch: int = _BATCH,
) -> RotationResult:
    state = open_keyring(session, keyring, where=where)
    epoch = max([0, *state.epochs, *session.registered_epochs()]) + 1
    kek = new_kek(epoch, clock())
    state = state.adding(kek)
    keyring.save(state)  # 1
    session.register(epoch)  # 2
    rewrapped = 0
    for _ in range(_RETIRE_ATTEMPTS):
        while rows := session.live_keys_below(epoch, batch):  # 3
            updates = []
            for row in rows:
                old = state.get(row.epoch)
                data_key = unwrap(old.key, row.wrapped, row.subject_id) if old else None
                if data_key is None:
                    raise KeyUnavailable(
                        f"the live key of {row.subject_id} (epoch {row.epoch}) does not open with "
                        f"the keyring {keyring.store.describe()}; rotation stopped before destroying anything"
                    )
                updates.append((row, wrap(kek, data_key, row.subject_id)))
            rewrapped += session.rewrap(updates, epoch)
        try:
            session.retire_below(epoch)  # 4
            break
        except KekInUse:
            log.info("a key was wrapped under an old epoch during the rotation; re-wrapping again")
    else:
        raise KekInUse(f"old epochs still in use after {_RETIRE_ATTEMPTS} passes; the rotation will be retried")
    destroyed = [e for e in state.epochs if e != epoch]
    keyring.save(state.keeping([epoch]))  # 5
    log.info("key-encryption key rotated to epoch %s: %s keys re-wrapped, epochs %s destroyed",
             epoch, rewrapped, destroyed)
    return RotationResult(epoch=epoch, rewrapped=rewrapped, destroyed_epochs=destroyed)
