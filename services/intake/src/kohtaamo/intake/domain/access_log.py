"""Who read a client's personal data, when, and why: one append-only log per client."""

from __future__ import annotations

from uuid import NAMESPACE_OID, UUID, uuid5

from eventsourcing.domain import Aggregate, event


class AccessLog(Aggregate):
    class Opened(Aggregate.Created):
        client_id: UUID

    @staticmethod
    def id_for(client_id: UUID) -> UUID:
        return uuid5(NAMESPACE_OID, f"kohtaamo.intake.access-log/{client_id}")

    @event(Opened)
    def __init__(self, *, id: UUID, client_id: UUID) -> None:  # noqa: A002 (library's name)
        self.client_id = client_id

    class ReadRecorded(Aggregate.Event):
        reader: str
        roles: list[str]
        purpose: str
        action: str

    @event(ReadRecorded)
    def record_read(self, *, reader: str, roles: list[str], purpose: str, action: str) -> None:
        """The entries are the events themselves: the application reads them back with
        their timestamps, so the aggregate keeps no copy."""
