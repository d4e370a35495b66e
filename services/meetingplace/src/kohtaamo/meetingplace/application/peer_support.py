"""Peer support given: anonymous counts, or one identified client who consented."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from uuid import UUID

from ..domain.errors import require
from ..domain.peer_support import PeerSupport
from . import codes
from .commands import ProvidePeerSupport
from .consents import participation_consent
from .store import MeetingplaceStore


class PeerSupportRecords:
    def __init__(self, store: MeetingplaceStore, today: Callable[[], date]) -> None:
        self._store, self._today = store, today

    def provide(self, cmd: ProvidePeerSupport) -> UUID:
        codes.not_in_future(cmd.provided_on, self._today(), "provided_on")

        def attempt() -> UUID:
            place, municipality, project = None, cmd.municipality_code, cmd.project_id
            if cmd.meeting_place_id is not None:
                place = self._store.place(cmd.meeting_place_id, cmd.organisation_id,
                                          field="meeting_place_id")
                place.ensure_open_on(cmd.provided_on, "provided_on")
                require(municipality in (None, place.municipality_code),
                        f"the meeting place is in {place.municipality_code}",
                        field="municipality_code")
                municipality, project = place.municipality_code, place.project_id
            consent_id = None
            if cmd.client_id is not None:
                consent_id = participation_consent(self._store, cmd.client_id,
                                                   cmd.organisation_id, cmd.provided_on)
            support = PeerSupport.provide(
                organisation_id=cmd.organisation_id, project_id=project, form=cmd.form,
                provided_on=cmd.provided_on, meeting_place_id=cmd.meeting_place_id,
                municipality_code=municipality, client_id=cmd.client_id, consent_id=consent_id,
                recipient_count=cmd.recipient_count,
            )
            if place is not None:
                place.note_recorded(cmd.provided_on)
            self._store.save(support, *([place] if place else []))
            return support.id

        return self._store.retrying(attempt)
