"""Rotation as a background task: soon after an erasure (any instance's), and on a schedule."""

from __future__ import annotations

import asyncio
import contextlib
from datetime import timedelta
from uuid import uuid4

from kohtaamo.servicekit.vault.keyring import Keyring, MemoryKeyringStore
from kohtaamo.servicekit.vault.schedule import RotationSchedule
from kohtaamo.servicekit.vault.table import MemoryKeyTable
from kohtaamo.servicekit.vault.vault import SubjectKeyVault

DAY = timedelta(days=1)


def instance(table: MemoryKeyTable, store: MemoryKeyringStore) -> SubjectKeyVault:
    vault = SubjectKeyVault(table, Keyring(store))
    vault.open()
    return vault


@contextlib.asynccontextmanager
async def running(schedule: RotationSchedule):
    task = asyncio.create_task(schedule.run())
    try:
        yield
    finally:
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task


async def test_an_erasure_is_followed_by_a_rotation_after_the_debounce(eventually):
    table, store = MemoryKeyTable(), MemoryKeyringStore()
    vault = instance(table, store)
    erased, kept = uuid4(), uuid4()
    for subject in (erased, kept):
        vault.create_key(subject)
    sealed = vault.seal(kept, {"first_name": "Aino"})

    async with running(RotationSchedule(vault, interval=DAY, after_erasure=timedelta(milliseconds=50))):
        await asyncio.to_thread(vault.destroy_key, erased)
        await eventually(lambda: store.state.epochs, until=lambda epochs: epochs == [2])

    assert not vault.status().erasure_window_open
    assert vault.unseal(kept, sealed) == {"first_name": "Aino"}


async def test_an_erasure_made_by_another_instance_is_found_by_polling(eventually):
    table, store = MemoryKeyTable(), MemoryKeyringStore()
    scheduled, other = instance(table, store), instance(table, store)
    subject = uuid4()
    other.create_key(subject)

    async with running(RotationSchedule(scheduled, interval=DAY, after_erasure=timedelta(0), poll=0.05)):
        await asyncio.to_thread(other.destroy_key, subject)
        await eventually(lambda: other.status().erasure_window_open, until=lambda is_open: not is_open)

    assert store.state.epochs == [2]


async def test_rotations_follow_the_interval(eventually):
    table, store = MemoryKeyTable(), MemoryKeyringStore()
    vault = instance(table, store)

    async with running(RotationSchedule(vault, interval=timedelta(milliseconds=50), after_erasure=DAY)):
        # The oldest KEK left is the third: the first two were made and destroyed.
        epochs = await eventually(lambda: store.state.epochs, until=lambda epochs: epochs[0] >= 3)

    assert epochs[0] >= 3
