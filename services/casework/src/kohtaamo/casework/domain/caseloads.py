"""One organisation's caseloads: who is responsible for which open file, and which plans are
due for review. The index the caseload, no-worker and overdue-review lists read.

Each change is saved in the same transaction as the file change it follows, so the index is
never behind the files. An organisation's index is kept in ``SHARDS`` aggregates, a client
always in the same one, so that commands for different clients seldom write the same
aggregate at once. The state is kept in plain dictionaries with string keys, so the
application can snapshot it (an organisation's index lives for years).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from uuid import NAMESPACE_OID, UUID, uuid5

from eventsourcing.domain import Aggregate, event


@dataclass(frozen=True)
class Entry:
    client_id: UUID
    worker_id: UUID | None
    team: str | None


@dataclass(frozen=True)
class DueReview:
    plan_id: UUID
    client_id: UUID
    due_on: date


SHARDS = 8


def shard_of(client_id: UUID) -> int:
    return client_id.int % SHARDS


class Caseloads(Aggregate):
    class Started(Aggregate.Created):
        organisation_id: str
        shard: int

    @staticmethod
    def id_for(organisation_id: str, shard: int) -> UUID:
        return uuid5(NAMESPACE_OID, f"kohtaamo.casework.caseloads/{organisation_id}/{shard}")

    @event(Started)
    def __init__(self, *, id: UUID, organisation_id: str, shard: int) -> None:  # noqa: A002
        self.organisation_id, self.shard = organisation_id, shard
        self.clients: dict[str, dict[str, object]] = {}  # client id -> worker_id, team
        self.reviews: dict[str, dict[str, object]] = {}  # plan id -> client_id, due_on

    @classmethod
    def start(cls, organisation_id: str, shard: int) -> Caseloads:
        return cls(id=cls.id_for(organisation_id, shard), organisation_id=organisation_id, shard=shard)

    # Changes (the application calls them beside the file's own)

    class ClientAdded(Aggregate.Event):
        client_id: UUID

    @event(ClientAdded)
    def add(self, client_id: UUID) -> None:
        self.clients[str(client_id)] = {"worker_id": None, "team": None}

    class WorkerSet(Aggregate.Event):
        client_id: UUID
        worker_id: UUID
        team: str | None

    @event(WorkerSet)
    def set_worker(self, client_id: UUID, worker_id: UUID, team: str | None) -> None:
        self.clients[str(client_id)] = {"worker_id": worker_id, "team": team}

    class ClientRemoved(Aggregate.Event):
        client_id: UUID

    def remove(self, client_id: UUID) -> None:
        """The file closed: the client leaves every list, and their plans with them."""
        if str(client_id) in self.clients:
            self._removed(client_id=client_id)

    @event(ClientRemoved)
    def _removed(self, client_id: UUID) -> None:
        del self.clients[str(client_id)]
        for plan_id in [p for p, r in self.reviews.items() if r["client_id"] == client_id]:
            del self.reviews[plan_id]

    class ReviewDue(Aggregate.Event):
        plan_id: UUID
        client_id: UUID
        due_on: date

    @event(ReviewDue)
    def review_due(self, plan_id: UUID, client_id: UUID, due_on: date) -> None:
        self.reviews[str(plan_id)] = {"client_id": client_id, "due_on": due_on}

    class ReviewCleared(Aggregate.Event):
        plan_id: UUID

    def clear_review(self, plan_id: UUID) -> None:
        if str(plan_id) in self.reviews:
            self._review_cleared(plan_id=plan_id)

    @event(ReviewCleared)
    def _review_cleared(self, plan_id: UUID) -> None:
        del self.reviews[str(plan_id)]

    # Reads

    def entries(self) -> Iterator[Entry]:
        for client_id, e in self.clients.items():
            yield Entry(UUID(client_id), e["worker_id"], e["team"])  # type: ignore[arg-type]

    def entry(self, client_id: UUID) -> Entry | None:
        e = self.clients.get(str(client_id))
        return Entry(client_id, e["worker_id"], e["team"]) if e else None  # type: ignore[arg-type]

    def due_reviews(self) -> Iterator[DueReview]:
        for plan_id, r in self.reviews.items():
            yield DueReview(UUID(plan_id), r["client_id"], r["due_on"])  # type: ignore[arg-type]
