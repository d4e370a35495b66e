"""Who read a subject's personal data, when and why: one append-only log per subject.

A service that keeps personal data logs every read of it here before answering, in its own
event store (the log never leaves the service). The entries are the events themselves: read
back with their timestamps, so the aggregate keeps no copy.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from uuid import NAMESPACE_OID, UUID, uuid5

from eventsourcing.application import AggregateNotFoundError, Application
from eventsourcing.domain import Aggregate, event
from eventsourcing.persistence import RecordConflictError

_ATTEMPTS = 5


class AccessLog(Aggregate):
    class Opened(Aggregate.Created):
        subject_id: UUID

    @staticmethod
    def id_for(service: str, subject_id: UUID) -> UUID:
        return uuid5(NAMESPACE_OID, f"kohtaamo.{service}.access-log/{subject_id}")

    @event(Opened)
    def __init__(self, *, id: UUID, subject_id: UUID) -> None:  # noqa: A002 (library's name)
        self.subject_id = subject_id

    class ReadRecorded(Aggregate.Event):
        reader: str
        roles: list[str]
        purpose: str
        action: str

    @event(ReadRecorded)
    def record_read(self, *, reader: str, roles: list[str], purpose: str, action: str) -> None:
        pass


@dataclass(frozen=True)
class Read:
    """One read about to happen: who (their login, kept only here), in which roles, why."""

    reader: str
    roles: tuple[str, ...]
    purpose: str
    action: str


@dataclass(frozen=True)
class AccessEntry:
    at: datetime
    reader: str
    roles: tuple[str, ...]
    purpose: str
    action: str


def log_read(store: Application[UUID], service: str, subject_id: UUID, read: Read) -> None:
    """Append the read to the subject's log; raises rather than let an unlogged read through."""
    log_id = AccessLog.id_for(service, subject_id)
    for _ in range(_ATTEMPTS):  # concurrent reads of one subject race on the log
        try:
            log = store.repository.get(log_id)
        except AggregateNotFoundError:
            log = AccessLog(id=log_id, subject_id=subject_id)
        log.record_read(reader=read.reader, roles=sorted(read.roles), purpose=read.purpose,
                        action=read.action)
        try:
            store.save(log)
            return
        except RecordConflictError:
            continue
    raise RuntimeError("could not write the access log; the read is refused")


def entries(store: Application[UUID], service: str, subject_id: UUID) -> list[AccessEntry]:
    try:
        events = store.events.get(AccessLog.id_for(service, subject_id))
    except AggregateNotFoundError:
        return []
    return [
        AccessEntry(at=e.timestamp, reader=e.reader, roles=tuple(e.roles), purpose=e.purpose,
                    action=e.action)
        for e in events
        if isinstance(e, AccessLog.ReadRecorded)
    ]
