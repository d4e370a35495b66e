"""Outreach contacts: anonymous, linked to a client only under the client's consent."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from uuid import UUID

from ..domain.errors import ConsentMissing
from ..domain.outreach_contact import OutreachContact
from . import codes
from .commands import LinkOutreachContact, RecordOutreachContact
from .store import IntakeStore

OUTREACH_LINK_PURPOSE = "OUTREACH_FOLLOW_UP"


class Outreach:
    def __init__(self, store: IntakeStore, today: Callable[[], date]) -> None:
        self._store, self._today = store, today

    def record(self, cmd: RecordOutreachContact) -> UUID:
        codes.not_in_future(cmd.contacted_on, self._today(), "contacted_on")
        contact = OutreachContact.record(
            organisation_id=cmd.organisation_id, contacted_on=cmd.contacted_on,
            channel=cmd.channel, municipality_code=cmd.municipality_code,
            partner=cmd.partner, outcome=cmd.outcome,
        )
        self._store.save(contact)
        return contact.id

    def link(self, cmd: LinkOutreachContact) -> UUID:
        """Link an anonymous contact to a client who consented to it; returns the consent."""
        contact = self._store.outreach_contact(cmd.contact_id, cmd.organisation_id)
        client = self._store.client(cmd.client_id, cmd.organisation_id)
        consent = client.has_consent_for(OUTREACH_LINK_PURPOSE, cmd.linked_on)
        if consent is None or not client.is_active:
            raise ConsentMissing(
                f"linking needs the client's consent for {OUTREACH_LINK_PURPOSE} in force",
                field="client_id",
            )
        contact.link_to(client_id=cmd.client_id, consent_id=consent.consent_id)
        self._store.save(contact)
        return consent.consent_id
