"""Group commit's mechanism on its own: who writes, what each caller gets back."""

from __future__ import annotations

import asyncio
import threading

import pytest
from pydantic_settings import SettingsConfigDict

from kohtaamo.servicekit.eventstore import eventsourcing_env
from kohtaamo.servicekit.group_commit import FACTORY_TOPIC, Closed, GroupCommitSettings, GroupCommitter
from kohtaamo.servicekit.offload import Offload
from kohtaamo.servicekit.settings import ServiceSettings


class Refused(Exception):
    pass


class Writer:
    """Answers each request with its double, refuses odd ones; the first group can be held."""

    def __init__(self, *, hold_first: bool = False) -> None:
        self.groups: list[list[int]] = []
        self.entered = threading.Event()
        self.release = threading.Event()
        if not hold_first:
            self.release.set()

    def __call__(self, group: list[int]) -> list[int | Exception]:
        self.entered.set()
        if not self.groups:
            self.release.wait()
        self.groups.append(group)
        return [Refused(n) if n % 2 else n * 2 for n in group]


@pytest.fixture
def threads():
    offload = Offload(20)
    yield offload
    offload.close()


def submitting(
    threads: Offload, committer: GroupCommitter[int, int], n: int
) -> asyncio.Future[int | Exception]:
    """Submit ``n`` from a thread of its own; the future holds its answer or its error."""

    def call() -> int | Exception:
        try:
            return committer.submit(n)
        except Exception as exc:
            return exc

    return asyncio.ensure_future(threads(call))


async def test_requests_arriving_while_a_group_is_written_go_together_and_each_gets_its_own_answer(
    eventually, threads
):
    writer = Writer(hold_first=True)
    committer = GroupCommitter(writer, window=0, max_batch=100)
    first = submitting(threads, committer, 10)
    await eventually(writer.entered.is_set)  # 10 is being written
    others = [submitting(threads, committer, n) for n in (1, 2, 3, 4)]
    await eventually(lambda: committer.pending, until=lambda n: n == 4)

    writer.release.set()
    answers = await asyncio.gather(first, *others)

    assert [sorted(g) for g in writer.groups] == [[10], [1, 2, 3, 4]]
    assert answers[0] == 20
    assert [a if isinstance(a, int) else ("refused", a.args[0]) for a in answers[1:]] == [
        ("refused", 1), 4, ("refused", 3), 8,
    ]


async def test_a_group_holds_at_most_max_batch_requests(eventually, threads):
    writer = Writer(hold_first=True)
    committer = GroupCommitter(writer, window=0, max_batch=3)
    first = submitting(threads, committer, 0)
    await eventually(writer.entered.is_set)
    rest = [submitting(threads, committer, n) for n in range(2, 16, 2)]  # 7 more
    await eventually(lambda: committer.pending, until=lambda n: n == 7)

    writer.release.set()
    await asyncio.gather(first, *rest)

    assert [len(g) for g in writer.groups] == [1, 3, 3, 1]
    assert sorted(n for g in writer.groups for n in g) == [0, *range(2, 16, 2)]


async def test_a_failing_write_fails_only_its_group_and_the_next_group_is_written():
    calls = 0

    def write(group: list[int]) -> list[int]:
        nonlocal calls
        calls += 1
        if calls == 1:
            raise ConnectionError("database restarting")
        return group

    committer = GroupCommitter(write, window=0, max_batch=10)

    with pytest.raises(ConnectionError):
        committer.submit(1)
    assert committer.submit(2) == 2


def test_a_closed_committer_refuses_new_requests():
    committer = GroupCommitter(lambda group: group, window=0, max_batch=10)
    assert committer.submit(5) == 5

    committer.close()

    with pytest.raises(Closed):
        committer.submit(6)


def test_group_commit_selects_the_grouped_recorder_for_postgres_only():
    settings = GroupCommitSettings(window_ms=2, max_batch=50)

    env = eventsourcing_env("postgresql://u:p@db/intake", group_commit=settings)
    off = eventsourcing_env("postgresql://u:p@db/intake", group_commit=GroupCommitSettings(enabled=False))

    assert env["PERSISTENCE_MODULE"] == FACTORY_TOPIC
    assert (env["GROUP_COMMIT_WINDOW_MS"], env["GROUP_COMMIT_MAX_BATCH"]) == ("2.0", "50")
    assert off["PERSISTENCE_MODULE"] == "eventsourcing.postgres"
    assert eventsourcing_env("memory://", group_commit=settings)["PERSISTENCE_MODULE"] == "eventsourcing.popo"


def test_each_service_reads_its_group_commit_settings_from_its_own_prefix(monkeypatch):
    class CaseworkSettings(ServiceSettings):
        model_config = SettingsConfigDict(env_prefix="CASEWORK_")

    monkeypatch.setenv("CASEWORK_GROUP_COMMIT__ENABLED", "false")
    monkeypatch.setenv("CASEWORK_GROUP_COMMIT__WINDOW_MS", "2.5")
    monkeypatch.setenv("INTAKE_GROUP_COMMIT__MAX_BATCH", "7")  # another service's

    assert CaseworkSettings().group_commit == GroupCommitSettings(enabled=False, window_ms=2.5)
