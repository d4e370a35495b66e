"""Outreach contacts: anonymous, linked to a client only under the client's consent."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING
from uuid import UUID

from eventsourcing.application import AggregateNotFoundError

from ..domain.errors import ConsentMissing, OutreachContactNotFound
from ..domain.outreach_contact import OutreachContact
from .commands import RecordOutreachContact

if TYPE_CHECKING:
    from .service import IntakeApplication

OUTREACH_LINK_PURPOSE = "OUTREACH_FOLLOW_UP"


class OutreachUseCases:
    def record_outreach_contact(self: IntakeApplication, cmd: RecordOutreachContact) -> UUID:
        contact = OutreachContact(
            organisation_id=cmd.organisation_id, contacted_on=cmd.contacted_on,
            channel=cmd.channel, municipality_code=cmd.municipality_code,
            partner=cmd.partner, outcome=cmd.outcome,
        )
        self.save(contact)
        return contact.id

    def link_outreach_contact(
        self: IntakeApplication, contact_id: UUID, client_id: UUID, organisation_id: str, *, on: date
    ) -> UUID:
        """Link an anonymous contact to a client who consented to it; returns the consent."""
        try:
            contact = self.repository.get(contact_id)
        except AggregateNotFoundError:
            raise OutreachContactNotFound(contact_id) from None
        if not isinstance(contact, OutreachContact) or contact.organisation_id != organisation_id:
            raise OutreachContactNotFound(contact_id)
        client = self._client(client_id, organisation_id)
        consent = client.has_consent_for(OUTREACH_LINK_PURPOSE, on)
        if consent is None or not client.is_active:
            raise ConsentMissing(
                f"linking needs the client's consent for {OUTREACH_LINK_PURPOSE} in force"
            )
        contact.link_to(client_id=client_id, consent_id=consent.consent_id)
        self.save(contact)
        return consent.consent_id
