"""A keyring belongs to one key table: first start binds them, a mix-up is refused loudly."""

from __future__ import annotations

from datetime import timedelta

import pytest

from kohtaamo.servicekit.vault.keyring import Keyring, MemoryKeyringStore
from kohtaamo.servicekit.vault.rotation import KeyringMismatch
from kohtaamo.servicekit.vault.table import MemoryKeyTable
from kohtaamo.servicekit.vault.vault import SubjectKeyVault

from .conftest import Crash

DAY, MINUTE = timedelta(days=1), timedelta(minutes=1)


def test_the_first_start_makes_the_first_kek_and_binds_the_keyring_to_the_table(world):
    world.instance()

    with world.table.exclusive(wait=True) as session:
        assert session.keyring_id() == world.store.state.keyring_id
        assert session.registered_epochs() == world.store.state.epochs == [1]


def test_a_keyring_of_another_table_is_refused(world):
    world.instance()
    other_table = MemoryKeyTable()

    with pytest.raises(KeyringMismatch, match="holds keys of another key table"):
        SubjectKeyVault(other_table, Keyring(world.store)).open()


def test_a_missing_keyring_is_refused_when_the_table_has_keys(world, clients):
    clients(world.instance(), 1)

    with pytest.raises(KeyringMismatch, match="is missing"):
        SubjectKeyVault(world.table, Keyring(MemoryKeyringStore())).open()


def test_an_old_copy_of_the_keyring_is_refused(world):
    world.instance()
    old_copy = MemoryKeyringStore()
    old_copy.state = world.store.state
    world.instance().rotate()

    with pytest.raises(KeyringMismatch, match=r"lacks the key epochs \[2\]"):
        SubjectKeyVault(world.table, Keyring(old_copy)).open()


@pytest.mark.parametrize("crash_at", range(4))
def test_a_crash_during_the_first_start_is_recovered_by_the_next_start(world, clients, crash_at):
    world.faults.crash_at = crash_at

    with pytest.raises(Crash):
        world.instance()

    world.faults.crash_at = None
    vault = world.instance()
    [(subject, sealed)] = clients(vault, 1).items()
    assert vault.unseal(subject, sealed) == {"last_name": "Virtanen-0"}


def test_a_rotation_is_due_after_the_interval_or_soon_after_an_erasure(world, clients):
    vault = world.instance()
    subject = next(iter(clients(vault, 2)))

    fresh = vault.rotation_due_in(interval=DAY, after_erasure=MINUTE)
    world.clock.advance(hours=1)
    vault.destroy_key(subject)
    after_erasure = vault.rotation_due_in(interval=DAY, after_erasure=MINUTE)
    vault.rotate()
    after_rotation = vault.rotation_due_in(interval=DAY, after_erasure=MINUTE)

    assert fresh == DAY.total_seconds()
    assert after_erasure == MINUTE.total_seconds()
    assert after_rotation == DAY.total_seconds()


def test_a_kek_left_in_the_keyring_by_a_crash_makes_a_rotation_due_at_once(world, clients):
    vault = world.instance()
    clients(vault, 1)
    world.faults.steps.clear()
    world.faults.crash_at = 4  # save, register, rewrap, retire, then the crash: before removing the old KEK

    with pytest.raises(Crash):
        world.instance().rotate()

    world.faults.crash_at = None
    assert world.store.state.epochs == [1, 2]
    assert vault.rotation_due_in(interval=DAY, after_erasure=MINUTE) == 0
