"""The whole programme for a size and a seed: places, clients, activities and tallies, in
phases, and the figures the programme implies (what reporting should then show).

A client's commands are generated when the loader reaches them, not held in memory: a
100,000-client programme is some 1.9 million commands (about 19 a client). A first pass
keeps only what the activities and the expected figures need (dates, organisation,
consent, deliveries).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

from . import codes, staff
from .activities import activities, pools
from .clients import Client, client
from .people import Codes
from .places import Place, opening, peer_support, place, places_for, tallies
from .plan import Actor, Command, Ref

MIN_CLIENTS, MAX_CLIENTS = 50, 100_000
ORG_SHARE = {"908": 0.6, "020": 0.4}  # Valkeakoski's share of the clients, and Akaa–Urjala's
Chain = list[Command]  # commands sent one after another; chains go concurrently


@dataclass(frozen=True)
class Phase:
    name: str
    chains: Iterator[Chain] | list[Chain]
    total: int


@dataclass
class Programme:
    clients: int
    seed: int
    places: list[Place] = field(default_factory=list)
    workers: dict[str, list[Actor]] = field(default_factory=dict)
    people: list[Client] = field(default_factory=list)  # without their commands
    activities: list[Chain] = field(default_factory=list)
    tallies: list[Chain] = field(default_factory=list)
    late: list[Chain] = field(default_factory=list)

    def __post_init__(self) -> None:
        if not MIN_CLIENTS <= self.clients <= MAX_CLIENTS:
            raise ValueError(f"clients must be {MIN_CLIENTS}..{MAX_CLIENTS}, not {self.clients}")
        if self.seed < 0:
            raise ValueError(f"the seed must not be negative, not {self.seed}")
        for org, share in ORG_SHARE.items():
            expected = round(self.clients * share)
            self.workers[org] = staff.caseworkers(org, expected)
            self.places += [place(self.seed, org, k) for k in range(places_for(org, expected))]
        self.people = [c for _, c in self._generated()]
        for c in self.people:
            c.commands = []
        pool = pools(self.people)
        late_by_owner: dict[str, Chain] = {}
        for p in self.places:
            per_month = max(1, min(12, round(self.clients * ORG_SHARE[p.org] / self._count(p.org) / 30)))
            held, late = activities(self.seed, p, per_month, pool)
            self.activities += _chains_by_owner(held)
            sheets, late_sheets = tallies(self.seed, p)
            self.tallies += [[s] for s in sheets] + [[c] for c in peer_support(self.seed, p)]
            for command in late + late_sheets:
                late_by_owner.setdefault(str(command.owner), []).append(command)
        self.late = list(late_by_owner.values())

    def _count(self, org: str) -> int:
        return sum(1 for p in self.places if p.org == org)

    def _generated(self) -> Iterator[tuple[int, Client]]:
        people = Codes()
        places = {org: [p for p in self.places if p.org == org] for org in codes.ORGS}
        for n in range(self.clients):
            for c in client(self.seed, n, people, places, self.workers):
                yield n, c

    def client_chains(self, service: str | None) -> Iterator[Chain]:
        """Each client's commands of intake (``service="intake"``) or of the others
        (``None``), their voided extra registration with them."""
        chain: Chain = []
        current = 0
        for n, c in self._generated():
            if n != current:
                if chain:
                    yield chain
                chain, current = [], n
            chain += [cmd for cmd in c.commands if (cmd.service == "intake") == (service == "intake")]
        if chain:
            yield chain

    def phases(self) -> list[Phase]:
        workers = [[Command("casework", "GET", "/workers/me", w, owner=w.sub, saves={"worker": "worker_id"})]
                   for ws in self.workers.values() for w in ws]
        return [Phase("staff", workers, len(workers)),
                Phase("places", [[opening(p)] for p in self.places], len(self.places)),
                Phase("registrations", self.client_chains("intake"), self.clients),
                Phase("casework", self.client_chains(None), self.clients),
                Phase("activities", self.activities, len(self.activities)),
                Phase("tallies", self.tallies, len(self.tallies)),
                Phase("late entries", self.late, len(self.late))]

    def expected(self) -> dict[str, int]:
        """What reporting's window figures for the project should be once all has arrived."""
        counted = [c for c in self.people if not c.voided]
        served = [c for c in counted
                  if any(c.registered <= d <= codes.WINDOW_END and d >= codes.WINDOW_START for d in c.qualifying)]
        return {"clients-registered": len(counted), "capability-service-share.numerator": len(served),
                "capability-service-share.denominator": len(counted)}


def _chains_by_owner(commands: list[Command]) -> list[Chain]:
    chains: dict[str, Chain] = {}
    for command in commands:
        chains.setdefault(str(command.owner), []).append(command)
    return list(chains.values())


__all__ = ["MAX_CLIENTS", "MIN_CLIENTS", "Chain", "Phase", "Programme", "Ref"]
