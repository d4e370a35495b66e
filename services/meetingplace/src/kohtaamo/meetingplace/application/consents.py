"""Identified participation needs the client's consent, as meetingplace's view of it says."""

from __future__ import annotations

from datetime import date
from uuid import UUID

from ..domain.errors import ConsentMissing
from .store import MeetingplaceStore

# What a consent must cover (intake's ConsentRecorded): the party and the purpose.
PARTY = "MEETING_PLACE"
PURPOSE = "PARTICIPATION_RECORDING"


def participation_consent(store: MeetingplaceStore, client_id: UUID, organisation_id: str,
                          day: date, *, field: str = "client_id") -> UUID:
    """The consent in force on ``day`` that lets us link the client; refused without one."""
    client = store.client(client_id, organisation_id, field=field)
    consent_id = client.consent_for_participation(day, field)
    if consent_id is None:
        raise ConsentMissing(
            f"the client has no consent in force on {day} to identified participation "
            f"(party {PARTY}, purpose {PURPOSE}): record it as an anonymous visit, or record "
            "the consent in intake first", field=field)
    return consent_id
