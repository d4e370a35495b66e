"""An outreach contact (etsivä työ): anonymous unless the person later consents."""

from __future__ import annotations

from datetime import date
from uuid import UUID

from eventsourcing.domain import Aggregate, event

from .errors import AlreadyLinked, require


class OutreachContact(Aggregate):
    class Made(Aggregate.Created):
        organisation_id: str
        contacted_on: date
        channel: str
        municipality_code: str
        partner: str | None
        outcome: str

    @event(Made)
    def __init__(
        self,
        *,
        organisation_id: str,
        contacted_on: date,
        channel: str,
        municipality_code: str,
        partner: str | None,
        outcome: str,
    ) -> None:
        self.organisation_id = organisation_id
        self.contacted_on = contacted_on
        self.channel = channel
        self.municipality_code = municipality_code
        self.partner = partner
        self.outcome = outcome
        self.client_id: UUID | None = None

    @classmethod
    def record(cls, **fields: object) -> OutreachContact:
        code = str(fields["municipality_code"])
        require(len(code) == 3 and code.isdigit(), "a municipality code has three digits",
                field="municipality_code")
        return cls(**fields)  # type: ignore[arg-type]

    class LinkedToClient(Aggregate.Event):
        client_id: UUID
        consent_id: UUID

    def link_to(self, *, client_id: UUID, consent_id: UUID) -> None:
        if self.client_id is not None:
            raise AlreadyLinked(
                f"the contact is already linked to client {self.client_id}", field="client_id"
            )
        self._linked(client_id=client_id, consent_id=consent_id)

    @event(LinkedToClient)
    def _linked(self, client_id: UUID, consent_id: UUID) -> None:
        self.client_id = client_id
