"""A load stopped on request goes on from its journal: every command of the programme is sent
once, in all. A journal cut short, or of another programme, is refused."""

from __future__ import annotations

import asyncio
import re
from collections import Counter

import httpx
import pytest

from kohtaamo.synthetic import Journal, JournalError, LoadStopped, load

from .stand_ins import Services, targets

ID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")


def routes(seen: list[tuple[str, str]]) -> Counter[str]:
    return Counter(f"{method} {ID.sub('{id}', path)}" for method, path in seen)


class StopsAfter(Services):
    """Sets ``stop`` once it has answered ``after`` requests (someone presses Ctrl-C)."""

    def __init__(self, after: int, stop: asyncio.Event) -> None:
        super().__init__()
        self.after, self.stop = after, stop

    def __call__(self, request: httpx.Request) -> httpx.Response:
        if len(self.seen) + 1 >= self.after:
            self.stop.set()
        return super().__call__(request)


async def test_a_load_stopped_on_request_goes_on_from_its_journal_sending_each_command_once(tmp_path):
    # given what an uninterrupted load of the programme sends
    whole = Services()
    complete = await load(targets(whole), clients=50, seed=3, concurrency=4)

    # when the same load is stopped part-way through its casework and started again on its journal
    stop = asyncio.Event()
    services = StopsAfter(after=len(whole.seen) // 2, stop=stop)
    with pytest.raises(LoadStopped, match="casework"):
        await load(targets(services), clients=50, seed=3, concurrency=4, journal=Journal(tmp_path / "j"), stop=stop)
    sent_before = len(services.seen)
    services.after = 10**9
    resumed = await load(targets(services), clients=50, seed=3, concurrency=4, journal=Journal(tmp_path / "j"))

    # then the two runs together sent exactly the commands of the uninterrupted one
    assert routes(services.seen) == routes(whole.seen)
    assert 0 < sent_before < len(whole.seen)
    # and the second run went on where the first stopped, with the ids the first was given
    assert resumed.resumed > 0 and resumed.request_count == len(services.seen) - sent_before
    assert resumed.expected == complete.expected


async def test_a_journal_cut_short_while_sending_is_refused(tmp_path):
    # given a load killed mid-way (no stop on request was recorded)
    journal = Journal(tmp_path / "j")
    loading = asyncio.create_task(load(targets(Services()), clients=50, seed=3, concurrency=4, journal=journal))
    while not journal.path.exists() or journal.path.read_text().count("\n") < 5:
        await asyncio.sleep(0)
    loading.cancel()
    await asyncio.gather(loading, return_exceptions=True)

    # when it is started again on that journal, then it refuses to go on (it cannot be exact)
    with pytest.raises(JournalError, match="cut short"):
        await load(targets(Services()), clients=50, seed=3, concurrency=4, journal=Journal(tmp_path / "j"))


async def test_a_journal_of_another_programme_is_refused(tmp_path):
    # given a journal of 50 clients of seed 3, stopped on request at once
    stop = asyncio.Event()
    stop.set()
    with pytest.raises(LoadStopped):
        await load(targets(Services()), clients=50, seed=3, journal=Journal(tmp_path / "j"), stop=stop)

    # when a programme of another seed goes on from it, then it is refused, naming both
    with pytest.raises(JournalError, match="another programme.*seed=4"):
        await load(targets(Services()), clients=50, seed=4, journal=Journal(tmp_path / "j"))


async def test_a_load_that_ended_sends_nothing_again_on_its_journal(tmp_path):
    # given a load that ran to its end with a journal
    services = Services()
    await load(targets(services), clients=50, seed=3, concurrency=4, journal=Journal(tmp_path / "j"))
    sent = len(services.seen)

    # when the same load runs again on that journal
    again = await load(targets(services), clients=50, seed=3, concurrency=4, journal=Journal(tmp_path / "j"))

    # then it sends nothing: every chain is named as sent
    assert len(services.seen) == sent
    assert again.request_count == 0 and again.resumed > 0
