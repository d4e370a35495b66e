"""Group commit on a real PostgreSQL: several commands in one transaction, each answered alone.

To make a group for certain (not by luck of timing), a test holds the events table's lock
from another connection: the first save waits on it inside its transaction, the next saves
queue behind it, and once the lock is released they are written together as one group.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator, Callable
from uuid import UUID, uuid4

import asyncpg
import pytest
from eventsourcing.application import Application
from eventsourcing.domain import Aggregate, event
from eventsourcing.persistence import DataError, RecordConflictError, StoredEvent

from kohtaamo.servicekit.eventstore import eventsourcing_env
from kohtaamo.servicekit.group_commit import GroupCommitSettings
from kohtaamo.servicekit.group_commit_postgres import GroupCommitRecorder
from kohtaamo.servicekit.offload import Offload

pytestmark = pytest.mark.postgres


class Ticket(Aggregate):
    @event("Opened")
    def __init__(self, title: str) -> None:
        self.title = title
        self.notes: list[str] = []

    @event("Noted")
    def note(self, text: str) -> None:
        self.notes.append(text)


@pytest.fixture
def store(stack, database_schema):
    env = eventsourcing_env(stack.database_url, schema=database_schema,
                            group_commit=GroupCommitSettings(window_ms=0))
    env["POSTGRES_LOCK_TIMEOUT"] = "60"  # a test holds the table lock while it builds a group
    app = Application[UUID](env=env)
    assert isinstance(app.recorder, GroupCommitRecorder)
    yield app
    app.close()


@pytest.fixture
def threads():
    offload = Offload(32)
    yield offload
    offload.close()


class Attempts:
    """Saves run on threads of their own; each keeps its own answer or its own error."""

    def __init__(self, threads: Offload) -> None:
        self._threads = threads
        self.running: list[asyncio.Task] = []

    def start(self, save: Callable[[], object]) -> asyncio.Task:
        async def attempt() -> object:
            try:
                return await self._threads(save)
            except Exception as exc:
                return exc

        task = asyncio.ensure_future(attempt())
        self.running.append(task)
        return task

    async def answers(self) -> list[object]:
        return list(await asyncio.gather(*self.running))


@contextlib.asynccontextmanager
async def one_group(
    stack, schema: str, store: Application, eventually, threads: Offload
) -> AsyncIterator[Callable]:
    """Saves started inside go in one group, in the order started (each is queued first)."""
    conn = await asyncpg.connect(stack.database_url)
    table = f'"{schema}".application_events'
    transaction = conn.transaction()
    await transaction.start()
    await conn.execute(f"LOCK TABLE {table} IN EXCLUSIVE MODE")
    group, queued = store.recorder.group, []
    attempts = Attempts(threads)
    first = attempts.start(lambda: store.save(Ticket("holds the lock")))
    await eventually(lambda: conn.fetchval(
        "SELECT count(*) FROM pg_locks WHERE NOT granted AND relation = $1::text::regclass",
        table))

    async def start(save: Callable[[], object]) -> asyncio.Task:
        task = attempts.start(save)
        queued.append(task)
        await eventually(lambda: group.pending, until=lambda n: n == len(queued))
        return task

    before = group.groups_written
    try:
        yield start
    finally:
        await transaction.rollback()
        await conn.close()
        await first
        await asyncio.gather(*queued)
    assert group.groups_written == before + 2, "the queued saves were not written as one group"


async def notification_ids(store: Application) -> list[int]:
    notes = await asyncio.to_thread(store.recorder.select_notifications, 0, 10_000)
    return [n.id for n in notes]


async def test_a_refused_command_in_a_group_fails_alone_and_the_others_are_saved(
    stack, database_schema, store, eventually, threads
):
    kept, shared = Ticket("kept"), Ticket("shared")
    store.save(kept, shared)
    stale, first_copy, second_copy = (store.repository.get(i) for i in (kept.id, shared.id, shared.id))
    newer = store.repository.get(kept.id)
    newer.note("saved before the group")
    store.save(newer)
    stale.note("lost update")
    first_copy.note("first")
    second_copy.note("second")
    new_ones = [Ticket("one"), Ticket("two")]

    async with one_group(stack, database_schema, store, eventually, threads) as start:
        answers = [
            await start(lambda: store.save(new_ones[0])),
            await start(lambda: store.save(stale)),         # version 2 of kept is stored
            await start(lambda: store.save(first_copy)),
            await start(lambda: store.save(second_copy)),   # same version as first_copy
            await start(lambda: store.save(new_ones[1])),
        ]

    one, refused_stale, first, refused_second, two = [a.result() for a in answers]
    assert isinstance(refused_stale, RecordConflictError)
    assert isinstance(refused_second, RecordConflictError)
    ids = [r.notification.id for saved in (one, first, two) for r in saved]
    assert ids == list(range(ids[0], ids[0] + 3)), "each saved command got its own ids, in order"
    assert await notification_ids(store) == list(range(1, ids[-1] + 1))
    assert store.repository.get(kept.id).notes == ["saved before the group"]
    assert store.repository.get(shared.id).notes == ["first"]
    assert [store.repository.get(t.id).title for t in new_ones] == ["one", "two"]


async def test_records_the_database_refuses_fail_their_own_command_only(
    stack, database_schema, store, eventually, threads
):
    bad = StoredEvent(originator_id=uuid4(), originator_version=2**63, topic="x", state=b"{}")
    good = [Ticket("a"), Ticket("b")]

    async with one_group(stack, database_schema, store, eventually, threads) as start:
        answers = [
            await start(lambda: store.save(good[0])),
            await start(lambda: store.recorder.insert_events([bad])),  # beyond bigint
            await start(lambda: store.save(good[1])),
        ]

    saved_a, refused, saved_b = [a.result() for a in answers]
    assert isinstance(refused, DataError)
    assert [store.repository.get(t.id).title for t in good] == ["a", "b"]
    assert saved_b[0].notification.id == saved_a[0].notification.id + 1
    assert await notification_ids(store) == [1, 2, 3]


async def test_two_commands_on_one_aggregate_in_one_group_the_second_is_refused(
    stack, database_schema, store, eventually, threads
):
    ticket = Ticket("t")
    store.save(ticket)
    mine, theirs = store.repository.get(ticket.id), store.repository.get(ticket.id)
    mine.note("mine")
    theirs.note("theirs")

    async with one_group(stack, database_schema, store, eventually, threads) as start:
        first = await start(lambda: store.save(mine))
        second = await start(lambda: store.save(theirs))

    assert not isinstance(first.result(), Exception)
    assert isinstance(second.result(), RecordConflictError)
    assert store.repository.get(ticket.id).notes == ["mine"]


async def test_concurrent_commands_on_one_aggregate_never_lose_an_update(store, threads):
    ticket = Ticket("busy")
    store.save(ticket)
    attempts = Attempts(threads)

    def note(text: str) -> object:
        loaded = store.repository.get(ticket.id)
        loaded.note(text)
        return store.save(loaded)

    for n in range(60):
        attempts.start(lambda n=n: note(f"note {n}"))
    answers = await attempts.answers()

    saved = [a for a in answers if not isinstance(a, Exception)]
    assert all(isinstance(a, RecordConflictError) for a in answers if isinstance(a, Exception))
    final = store.repository.get(ticket.id)
    assert len(final.notes) == len(saved) >= 1, "every answered save is in the aggregate"
    assert final.version == 1 + len(saved)
    saved_order = sorted(saved, key=lambda s: s[0].notification.id)
    assert [s[0].domain_event.text for s in saved_order] == final.notes, "in commit order"


async def test_the_notification_log_stays_gap_free_and_in_order_under_concurrent_saves(store, threads):
    shared = [Ticket(f"shared {i}") for i in range(4)]
    store.save(*shared)
    attempts = Attempts(threads)

    def command(n: int) -> object:
        if n % 3:
            return store.save(Ticket(f"new {n}"), Ticket(f"other {n}"))
        loaded = store.repository.get(shared[n % 4].id)  # these race, and some are refused
        loaded.note(f"{n}")
        return store.save(loaded)

    for n in range(300):
        attempts.start(lambda n=n: command(n))
    answers = await attempts.answers()

    saved = [a for a in answers if not isinstance(a, Exception)]
    notes = await asyncio.to_thread(store.recorder.select_notifications, 0, 10_000)
    assert [n.id for n in notes] == list(range(1, len(notes) + 1)), "gap-free"
    assert len(notes) == 4 + sum(len(s) for s in saved), "every saved event, nothing else"
    by_id = {n.id: (n.originator_id, n.originator_version) for n in notes}
    for recordings in saved:  # each caller was told the ids of its own events
        assert [by_id[r.notification.id] for r in recordings] == [
            (r.domain_event.originator_id, r.domain_event.originator_version) for r in recordings]
    versions: dict[UUID, list[int]] = {}
    for n in notes:
        versions.setdefault(n.originator_id, []).append(n.originator_version)
    assert all(v == list(range(1, len(v) + 1)) for v in versions.values()), "versions in id order"
