"""Intake's event store, and the lookups every use case shares (written once, here)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar
from uuid import UUID

from eventsourcing.application import AggregateNotFoundError, Application
from eventsourcing.domain import Aggregate
from eventsourcing.persistence import Transcoder, Transcoding
from kohtaamo.servicekit.transcodings import DateAsISO

from ..domain.assessment import AssessmentFindings
from ..domain.client import Client
from ..domain.errors import ClientNotFound, OutreachContactNotFound
from ..domain.outreach_contact import OutreachContact

A = TypeVar("A", bound=Aggregate)


class FindingsAsDict(Transcoding):
    type = AssessmentFindings
    name = "assessment_findings"

    def encode(self, obj: AssessmentFindings) -> dict[str, Any]:
        return obj.as_state()

    def decode(self, data: dict[str, Any]) -> AssessmentFindings:
        return AssessmentFindings.from_state(data)


class IntakeStore(Application[UUID]):
    """The eventsourcing application: persistence only, the use cases are beside it."""

    name = "intake"

    def __init__(self, env: Mapping[str, str]) -> None:
        super().__init__(env=env)

    def register_transcodings(self, transcoder: Transcoder) -> None:
        super().register_transcodings(transcoder)
        transcoder.register(DateAsISO())
        transcoder.register(FindingsAsDict())

    def get_or_none(self, aggregate_id: UUID, kind: type[A]) -> A | None:
        try:
            found = self.repository.get(aggregate_id)
        except AggregateNotFoundError:
            return None
        return found if isinstance(found, kind) else None

    def client(self, client_id: UUID, organisation_id: str) -> Client:
        """The client, if it exists in the caller's organisation: another organisation's
        client does not exist for this caller."""
        client = self.get_or_none(client_id, Client)
        if client is None or client.organisation_id != organisation_id:
            raise ClientNotFound(client_id)
        return client

    def outreach_contact(self, contact_id: UUID, organisation_id: str) -> OutreachContact:
        contact = self.get_or_none(contact_id, OutreachContact)
        if contact is None or contact.organisation_id != organisation_id:
            raise OutreachContactNotFound(contact_id)
        return contact
