"""Loading a programme: phase after phase, each phase's chains ``concurrency`` at a time.

A failing command stops the load: no new chain starts, the chains in flight run to their
end (so no client is left half-way by the loader itself), and the first failure is raised.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field

from kohtaamo.servicekit.settings import AuthSettings

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

    @property
    def request_count(self) -> int:
        return sum(self.requests.values())

    @property
    def requests_per_second(self) -> float:
        return self.request_count / self.elapsed_seconds if self.elapsed_seconds else 0.0


async def load(targets: Targets, *, clients: int, seed: int = 2016, concurrency: int = 32,
               progress: Progress | None = None, auth: AuthSettings | None = None,
               wait_seconds: float = 60.0) -> LoadSummary:
    """Load a programme of ``clients`` clients through the services' HTTP APIs."""
    if not 1 <= concurrency <= 256:
        raise ValueError(f"concurrency must be 1..256, not {concurrency}")
    programme = Programme(clients, seed)
    sender = Sender(targets, auth or AuthSettings(), wait_seconds=wait_seconds)
    started = time.perf_counter()
    timings: dict[str, float] = {}
    for phase in programme.phases():
        at = time.perf_counter()
        await _run(phase, sender, concurrency, progress)
        timings[phase.name] = round(time.perf_counter() - at, 3)
    return LoadSummary(
        clients=programme.expected()["clients-registered"], voided=sum(c.voided for c in programme.people),
        seed=seed, requests=dict(sorted(sender.requests.items())), events=dict(sorted(sender.events.items())),
        expected=programme.expected(), elapsed_seconds=round(time.perf_counter() - started, 3),
        phase_seconds=timings, waits=sender.waits)


async def _run(phase: Phase, sender: Sender, concurrency: int, progress: Progress | None) -> None:
    chains: Iterator[Chain] = iter(phase.chains)
    failures: list[LoadError] = []
    done = 0

    async def worker() -> None:
        nonlocal done
        for chain in _until_failed(chains, failures):
            try:
                for command in chain:
                    await sender.send(command)
            except LoadError as exc:
                failures.append(exc)
                return
            done += 1
            if progress is not None:
                progress(done, phase.total, phase.name)

    if progress is not None:
        progress(0, phase.total, phase.name)
    await asyncio.gather(*(worker() for _ in range(concurrency)))
    if failures:
        raise failures[0]
    if progress is not None:  # a phase's total counts clients, and some have nothing in it
        progress(phase.total, phase.total, phase.name)


def _until_failed(chains: Iterator[Chain], failures: list[LoadError]) -> Iterable[Chain]:
    """The workers share one iterator: each takes the next chain, none after a failure."""
    for chain in chains:
        if failures:
            return
        yield chain
