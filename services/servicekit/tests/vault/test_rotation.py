"""Rotation on the in-memory table: what it re-wraps, what it destroys, and every crash point.

``world.table.history`` holds every wrapped key ever stored, standing in for the WAL,
base backups and replicas of a real database.
"""

from __future__ import annotations

from datetime import timedelta

import pytest

from kohtaamo.servicekit.vault.crypto import KeyDestroyed
from kohtaamo.servicekit.vault.keyring import Keyring
from kohtaamo.servicekit.vault.rotation import rotate

from .conftest import Crash

_DAY, _MINUTE = timedelta(days=1), timedelta(minutes=1)
FULL_ROTATION_STEPS = [  # for three live keys, re-wrapped one per batch
    "keyring.save", "table.register", "table.rewrap", "table.rewrap", "table.rewrap",
    "table.retire_below", "keyring.save",
]


def rotate_one_key_per_batch(world):
    with world.table.exclusive(wait=True) as session:
        return rotate(session, Keyring(world.store), where="the test table", batch=1)


def test_a_rotation_rewraps_every_live_key_under_a_new_kek_and_destroys_the_old_one(world, clients):
    vault = world.instance()
    sealed = clients(vault, 3)

    result = vault.rotate()

    assert (result.epoch, result.rewrapped, result.destroyed_epochs) == (2, 3, [1])
    assert world.store.state.epochs == [2]
    assert {k.epoch for k in world.table.live()} == {2}
    assert sorted(vault.unseal(s, blob)["last_name"] for s, blob in sealed.items()) == [
        "Virtanen-0", "Virtanen-1", "Virtanen-2"]


def test_an_erased_subjects_old_wrapped_key_opens_until_the_next_rotation_and_never_after(world, clients):
    vault = world.instance()
    erased, kept = clients(vault, 2)
    vault.destroy_key(erased)

    window = world.stored_copies_that_open(erased)  # what a copy of the WAL gives away today
    vault.rotate()

    assert len(window) == 1
    assert world.stored_copies_that_open(erased) == []
    assert not vault.status().erasure_window_open
    with pytest.raises(KeyDestroyed):
        vault.seal(erased, {"anything": "at all"})
    assert vault.status().table_state.live_by_epoch == {2: 1}


def test_a_full_rotation_takes_these_steps(world, clients):
    clients(world.instance(), 3)
    world.faults.steps.clear()

    rotate_one_key_per_batch(world)

    assert world.faults.steps == FULL_ROTATION_STEPS


@pytest.mark.parametrize("crash_at", range(len(FULL_ROTATION_STEPS)),
                         ids=[f"before-{i}-{s}" for i, s in enumerate(FULL_ROTATION_STEPS)])
def test_a_crash_at_any_step_leaves_every_live_key_openable_and_the_next_rotation_completes(
    world, clients, crash_at
):
    vault = world.instance()
    sealed = clients(vault, 4)
    erased = next(iter(sealed))
    vault.destroy_key(erased)
    world.faults.steps.clear()
    world.faults.crash_at = crash_at

    with pytest.raises(Crash):
        rotate_one_key_per_batch(world)

    assert world.live_keys_all_open()
    world.faults.crash_at = None
    restarted = world.instance()
    live = {s: b for s, b in sealed.items() if s != erased}
    assert all(restarted.unseal(s, b)["last_name"].startswith("Virtanen") for s, b in live.items())
    assert restarted.rotation_due_in(interval=_DAY, after_erasure=_MINUTE) <= 60
    restarted.rotate()
    assert world.stored_copies_that_open(erased) == []
    assert all(restarted.unseal(s, b)["last_name"].startswith("Virtanen") for s, b in live.items())


def test_an_erasure_between_reading_and_rewrapping_a_key_is_not_undone(world, clients):
    vault = world.instance()
    subject = next(iter(clients(vault, 1)))
    with world.table.exclusive(wait=True) as session:
        read = session.live_keys_below

        def erase_right_after_the_read(epoch, limit):
            rows = read(epoch, limit)
            vault.destroy_key(subject)  # a request on another thread
            return rows

        session.live_keys_below = erase_right_after_the_read
        result = rotate(session, Keyring(world.store), where="the test table")

    assert result.rewrapped == 0
    assert world.table.get(subject) is None
    assert world.stored_copies_that_open(subject) == []
    assert not vault.status().erasure_window_open


def test_an_erasure_after_its_key_was_rewrapped_keeps_the_window_open_until_another_rotation(world, clients):
    vault = world.instance()
    subject = next(iter(clients(vault, 1)))
    with world.table.exclusive(wait=True) as session:
        retire = session.retire_below

        def erase_then_retire(epoch):
            vault.destroy_key(subject)  # after the re-wrap under the new epoch
            retire(epoch)

        session.retire_below = erase_then_retire
        rotate(session, Keyring(world.store), where="the test table")

    assert len(world.stored_copies_that_open(subject)) == 1
    assert vault.status().erasure_window_open
    vault.rotate()
    assert world.stored_copies_that_open(subject) == []


def test_an_instance_with_a_stale_keyring_registers_under_the_new_epoch_once_it_is_registered(world, clients):
    rotating, stale = world.instance(), world.instance()
    clients(rotating, 2)
    late = {}
    with world.table.exclusive(wait=True) as session:
        rewrap = session.rewrap

        def a_stale_instance_registers_a_client_first(updates, epoch):
            if not late:
                late.update(clients(stale, 1))  # its keyring still says epoch 1 is the newest
            return rewrap(updates, epoch)

        session.rewrap = a_stale_instance_registers_a_client_first
        result = rotate(session, Keyring(world.store), where="the test table")

    [(subject, sealed)] = late.items()
    assert result.rewrapped == 2
    assert world.table.get(subject).epoch == 2
    assert rotating.unseal(subject, sealed) == {"last_name": "Virtanen-0"}


def test_a_key_that_slipped_in_under_the_old_epoch_is_rewrapped_before_that_kek_goes(world, clients):
    rotating, stale = world.instance(), world.instance()
    clients(rotating, 2)
    late = {}
    with world.table.exclusive(wait=True) as session:
        retire = session.retire_below

        def an_insert_that_began_before_the_epoch_was_marked_retiring(epoch):
            if not late:
                world.table._retiring.clear()  # as if its statement saw the table before step 2
                late.update(clients(stale, 1))
                assert world.table.get(next(iter(late))).epoch == 1
            retire(epoch)

        session.retire_below = an_insert_that_began_before_the_epoch_was_marked_retiring
        result = rotate(session, Keyring(world.store), where="the test table")

    [(subject, sealed)] = late.items()
    assert result.rewrapped == 3
    assert world.store.state.epochs == [2]
    assert rotating.unseal(subject, sealed) == {"last_name": "Virtanen-0"}


def test_an_instance_with_a_stale_keyring_reads_and_registers_after_another_instance_rotated(
    world, clients
):
    first, second = world.instance(), world.instance()
    sealed = clients(first, 2)

    first.rotate()
    first.rotate()

    assert all(second.unseal(s, b)["last_name"].startswith("Virtanen") for s, b in sealed.items())
    [(subject, blob)] = clients(second, 1).items()
    assert world.table.get(subject).epoch == 3
    assert first.unseal(subject, blob) == {"last_name": "Virtanen-0"}


def test_only_one_rotation_runs_at_a_time(world):
    vault = world.instance()

    with world.table.exclusive(wait=True):
        assert vault.rotate(wait=False) is None

    assert vault.rotate(wait=False).epoch == 2
