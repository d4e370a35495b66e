"""Loading a programme: phase after phase, each phase's chains ``concurrency`` at a time.

A failing command stops the load: no new chain starts, the chains in flight run to their
end (so no client is left half-way by the loader itself), and the first failure is raised.
A stop on request (``stop`` set) ends the same way and raises ``LoadStopped``; with a
``journal`` the next load of the same programme goes on from there (see journal.py).
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field

from kohtaamo.servicekit.settings import AuthSettings

from .journal import Ids, Journal, Sent
from .programme import Chain, Phase, Programme
from .sender import LoadError, Sender, Targets

Progress = Callable[[int, int, str], None]  # (done, total, phase)


@dataclass(frozen=True)
class LoadSummary:
    clients: int  # registered and counted (voided extra registrations are not)
    voided: int
    seed: int
    requests: dict[str, int]  # per route, as "METHOD /path/{placeholder}"
    events: dict[str, int]  # per topic, the events the accepted commands publish
    expected: dict[str, int]  # the window figures reporting should show (programme.expected)
    elapsed_seconds: float
    phase_seconds: dict[str, float] = field(default_factory=dict)
    waits: int = 0  # answers "not yet there" asked again
    resumed: int = 0  # chains a journal said an earlier run had sent (not counted above)

    @property
    def request_count(self) -> int:
        return sum(self.requests.values())

    @property
    def requests_per_second(self) -> float:
        return self.request_count / self.elapsed_seconds if self.elapsed_seconds else 0.0


async def load(targets: Targets, *, clients: int, seed: int = 2016, concurrency: int = 32,
               progress: Progress | None = None, auth: AuthSettings | None = None,
               wait_seconds: float = 60.0, journal: Journal | None = None,
               stop: asyncio.Event | None = None) -> LoadSummary:
    """Load a programme of ``clients`` clients through the services' HTTP APIs (the part a
    ``journal`` does not name as sent already)."""
    if not 1 <= concurrency <= 256:
        raise ValueError(f"concurrency must be 1..256, not {concurrency}")
    programme = Programme(clients, seed)
    sender = Sender(targets, auth or AuthSettings(), wait_seconds=wait_seconds)
    before = journal.open(clients, seed) if journal is not None else Sent()
    sender.ids.update(before.ids)
    started = time.perf_counter()
    timings: dict[str, float] = {}
    try:
        for phase in programme.phases():
            at = time.perf_counter()
            await _run(phase, sender, concurrency, progress, before, journal, stop or asyncio.Event())
            timings[phase.name] = round(time.perf_counter() - at, 3)
        if journal is not None:
            journal.complete()
    except LoadStopped:
        if journal is not None:
            journal.stopped()
        raise
    finally:
        if journal is not None:
            journal.close()
    return LoadSummary(
        clients=programme.expected()["clients-registered"], voided=sum(c.voided for c in programme.people),
        seed=seed, requests=dict(sorted(sender.requests.items())), events=dict(sorted(sender.events.items())),
        expected=programme.expected(), elapsed_seconds=round(time.perf_counter() - started, 3),
        phase_seconds=timings, waits=sender.waits, resumed=len(before.done))


class LoadStopped(Exception):
    """The load stopped on request, after the chains under way had ended."""


async def _run(phase: Phase, sender: Sender, concurrency: int, progress: Progress | None, before: Sent,
               journal: Journal | None, stop: asyncio.Event) -> None:
    chains: Iterator[tuple[int, Chain]] = (
        (i, chain) for i, chain in enumerate(phase.chains) if (phase.name, i) not in before.done)
    failures: list[LoadError] = []
    done = before.chains(phase.name)

    async def worker() -> None:
        nonlocal done
        for index, chain in _until_failed(chains, failures, stop):
            saved: Ids = {}
            try:
                for command in chain:
                    saved.update(await sender.send(command))
            except LoadError as exc:
                failures.append(exc)
                return
            if journal is not None:
                journal.chain_done(phase.name, index, saved)
            done += 1
            if progress is not None:
                progress(done, phase.total, phase.name)

    if progress is not None:
        progress(done, phase.total, phase.name)
    await asyncio.gather(*(worker() for _ in range(concurrency)))
    if failures:
        raise failures[0]
    if stop.is_set():
        raise LoadStopped(f"stopped in the {phase.name} phase at {done} of {phase.total}")
    if progress is not None:  # a phase's total counts clients, and some have nothing in it
        progress(phase.total, phase.total, phase.name)


def _until_failed(chains: Iterator[tuple[int, Chain]], failures: list[LoadError],
                  stop: asyncio.Event) -> Iterable[tuple[int, Chain]]:
    """The workers share one iterator: each takes the next chain, none after a failure or
    a stop."""
    for chain in chains:
        if failures or stop.is_set():
            return
        yield chain
