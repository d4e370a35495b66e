"""One organisation's caseload index: which files are open, who is responsible for which
client, and which plans are due for review. The index the caseload, no-worker and
overdue-review lists read.

Two kinds of aggregate hold it, so that intake's event follower and the commands never write
the same one: ``OpenFiles`` follows the files intake's events open and close (written only
by that follower), ``Caseloads`` follows the assignments and plans (written only by
commands). Each change is saved in the same transaction as the file change it follows, so
the index is never behind the files. Each kind is kept in ``SHARDS`` aggregates per
organisation, a client always in the same one, so that commands for different clients
seldom write the same aggregate at once and a shard stays small as a programme grows. The
state is kept in plain dictionaries with string keys, so the application can snapshot it
(an organisation's index lives for years).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from typing import Any
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


SHARDS = 64


def shard_of(client_id: UUID) -> int:
    return client_id.int % SHARDS


class _Shard(Aggregate):
    """What both kinds share: an organisation's shard, and a cheap copy."""

    _tables: tuple[str, ...] = ()  # the state's dictionaries

    def __deepcopy__(self, memo: dict[int, Any]) -> Any:
        # The application copies a cached shard for every command that reads it, and a shard
        # holds thousands of entries. An entry is replaced, never changed in place, so new
        # outer dictionaries make an independent copy at a small part of deepcopy's cost.
        twin = object.__new__(type(self))
        twin.__dict__.update(self.__dict__)
        twin.__dict__.update({name: dict(getattr(self, name)) for name in self._tables})
        twin.__dict__["_pending_events"] = list(self._pending_events)
        return twin


class OpenFiles(_Shard):
    """The clients with an open file in casework: opened by their registration, closed by a
    voided registration or an erasure (intake's events, applied by casework's follower)."""

    _tables = ("clients",)

    class Started(Aggregate.Created):
        organisation_id: str
        shard: int

    @staticmethod
    def id_for(organisation_id: str, shard: int) -> UUID:
        return uuid5(NAMESPACE_OID, f"kohtaamo.casework.open-files/{organisation_id}/{shard}")

    @event(Started)
    def __init__(self, *, id: UUID, organisation_id: str, shard: int) -> None:  # noqa: A002
        self.organisation_id, self.shard = organisation_id, shard
        self.clients: dict[str, bool] = {}  # client id -> True (a set that snapshots as JSON)

    @classmethod
    def start(cls, organisation_id: str, shard: int) -> OpenFiles:
        return cls(id=cls.id_for(organisation_id, shard), organisation_id=organisation_id, shard=shard)

    class ClientAdded(Aggregate.Event):
        client_id: UUID

    @event(ClientAdded)
    def add(self, client_id: UUID) -> None:
        self.clients[str(client_id)] = True

    class ClientRemoved(Aggregate.Event):
        client_id: UUID

    def remove(self, client_id: UUID) -> None:
        """The file closed (voided or erased): the client leaves every list."""
        if str(client_id) in self.clients:
            self._removed(client_id=client_id)

    @event(ClientRemoved)
    def _removed(self, client_id: UUID) -> None:
        del self.clients[str(client_id)]

    def __contains__(self, client_id: object) -> bool:
        return str(client_id) in self.clients


class Caseloads(_Shard):
    """Who is responsible for which client, which plans are due for review, and whose
    relationship has ended (commands)."""

    _tables = ("clients", "reviews", "ended")

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
        self.ended: dict[str, bool] = {}  # client id -> True: the relationship ended

    @classmethod
    def start(cls, organisation_id: str, shard: int) -> Caseloads:
        return cls(id=cls.id_for(organisation_id, shard), organisation_id=organisation_id, shard=shard)

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
        """The relationship ended: the client leaves every list, and their plans with them."""
        if str(client_id) not in self.ended:
            self._removed(client_id=client_id)

    @event(ClientRemoved)
    def _removed(self, client_id: UUID) -> None:
        self.ended[str(client_id)] = True
        self.clients.pop(str(client_id), None)
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


@dataclass(frozen=True)
class CaseloadPart:
    """One shard of the index as the lists read it: the open files whose relationship goes
    on, with their worker and their plans' reviews (a closed file's are left out)."""

    open: OpenFiles | None
    assigned: Caseloads | None

    def _active(self, client_id: object) -> bool:
        key = str(client_id)
        return (self.open is not None and key in self.open.clients
                and (self.assigned is None or key not in self.assigned.ended))

    def entries(self) -> Iterator[Entry]:
        if self.open is None:
            return
        assigned = self.assigned.clients if self.assigned is not None else {}
        for client_id in self.open.clients:
            if self._active(client_id):
                e = assigned.get(client_id)
                yield Entry(UUID(client_id), e["worker_id"] if e else None, e["team"] if e else None)  # type: ignore[arg-type]

    def due_reviews(self) -> Iterator[DueReview]:
        if self.assigned is None:
            return
        for plan_id, r in self.assigned.reviews.items():
            if self._active(r["client_id"]):
                yield DueReview(UUID(plan_id), r["client_id"], r["due_on"])  # type: ignore[arg-type]
