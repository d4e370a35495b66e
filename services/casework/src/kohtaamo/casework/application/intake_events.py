"""What casework does with intake's events about a client, each applied exactly once.

``ClientRegistered`` opens the client's file (and the key their private text is sealed
with); consents keep casework's view of what the client allows; a voided registration
closes the file; an erasure destroys the client's key, then closes the file. Events that
arrive later for an erased client are dropped (and counted in a log line), never applied.
"""

from __future__ import annotations

import logging
from typing import Any

from kohtaamo.contracts import Envelope
from kohtaamo.contracts.intake import v1
from kohtaamo.contracts.routing import CONSUMERS
from kohtaamo.servicekit.inbox import apply_once
from kohtaamo.servicekit.messages import PermanentFailure, Source

from ..domain.case_file import ERASED, CaseFile
from ..domain.consent import Consent
from ..domain.errors import CaseworkError
from .ports import KeyDestroyed, PersonalDataVault
from .store import CaseworkStore

log = logging.getLogger(__name__)
CONSUMED = CONSUMERS["casework"]  # the topic carries other events (assessments) too


class IntakeFacts:
    def __init__(self, store: CaseworkStore, vault: PersonalDataVault) -> None:
        self._store, self._vault = store, vault
        self.dropped = 0  # events for erased clients, since this process started

    def apply(self, envelope: Envelope[Any], source: Source) -> bool:
        """True if the event changed casework; False if it was applied before or dropped."""
        if envelope.event_type not in CONSUMED:
            return False
        payload = envelope.payload
        client_id = payload.client_id
        if isinstance(payload, v1.ClientErased):
            # On every delivery, even one applied before: a crash may have come between.
            self._vault.destroy_key(client_id)
        file = self._store.get_or_none(client_id, CaseFile)
        if file is not None and file.status == ERASED:
            if not isinstance(payload, v1.ClientErased):
                self.dropped += 1
                log.info("dropped %s %s for an erased client (%d dropped since start)",
                         envelope.event_type, envelope.event_id, self.dropped)
            return False
        if isinstance(payload, v1.ClientRegistered):
            if file is not None:
                log.info("client %s already has a file; %s ignored", client_id, envelope.event_id)
                return False
            self._ensure_key(client_id)
        elif file is None:
            if isinstance(payload, v1.ClientErased):
                return False  # nothing of the client was ever here
            raise PermanentFailure(f"casework has no file for client {client_id}: "
                                   "its ClientRegistered was never consumed")
        elif file.organisation_id != envelope.organisation_id:
            raise PermanentFailure(f"client {client_id} belongs to another organisation")
        try:
            # Commands for the same organisation may write its caseload index meanwhile.
            return apply_once(self._store, envelope, source, lambda: self._effect(envelope), attempts=10)
        except CaseworkError as exc:
            raise PermanentFailure(f"{envelope.event_type} cannot be applied: {exc}") from None

    def _effect(self, envelope: Envelope[Any]) -> list[Any]:
        payload = envelope.payload
        caseloads = self._store.caseloads(envelope.organisation_id, payload.client_id)
        if isinstance(payload, v1.ClientRegistered):
            file = CaseFile(id=payload.client_id, organisation_id=envelope.organisation_id,
                            project_id=envelope.project_id, registered_on=payload.registered_on)
            caseloads.add(file.id)
            return [file, caseloads]
        file = self._store.file(payload.client_id, envelope.organisation_id)
        match payload:
            case v1.ConsentRecorded():
                if payload.consent_id not in file.consents:
                    file.record_consent(Consent(
                        consent_id=payload.consent_id, parties=tuple(payload.parties),
                        purposes=tuple(payload.purposes), given_on=payload.given_on,
                        valid_until=payload.valid_until,
                    ))
                return [file]
            case v1.ConsentWithdrawn():
                parties = None if payload.whole_consent else tuple(payload.parties_affected)
                file.withdraw_consent(payload.consent_id, payload.withdrawn_on, parties)
                return [file]
            case v1.ClientRegistrationVoided():
                file.void(voided_on=payload.voided_on)
            case v1.ClientErased():
                file.erase()
        caseloads.remove(file.id)
        return [file, caseloads]

    def _ensure_key(self, client_id: Any) -> None:
        # A crash after creating the key and before saving the file leaves a key behind:
        # sealing succeeds exactly when a live key exists, so reuse it.
        try:
            self._vault.seal(client_id, {})
        except KeyDestroyed:
            self._vault.create_key(client_id)
