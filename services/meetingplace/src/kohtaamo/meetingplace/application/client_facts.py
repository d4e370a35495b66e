"""Inbound translation: intake's client facts -> meetingplace's view of each client.

Each consumed event is applied once (its receipt is saved with its effect), so a redelivery
changes nothing. Only what identified participation needs is kept: which organisation the
client belongs to, whether they are still a client, and their consents to it.
"""

from __future__ import annotations

from typing import Any

from kohtaamo.contracts import Envelope
from kohtaamo.contracts.intake import v1
from kohtaamo.servicekit.inbox import apply_once
from kohtaamo.servicekit.messages import PermanentFailure, Source

from ..domain.known_client import KnownClient
from .consents import PARTY, PURPOSE
from .store import MeetingplaceStore

HANDLED = (v1.ClientRegistered, v1.ConsentRecorded, v1.ConsentWithdrawn,
           v1.ClientRegistrationVoided, v1.ClientErased)


class ClientFacts:
    def __init__(self, store: MeetingplaceStore) -> None:
        self._store = store

    def apply(self, envelope: Envelope[Any], source: Source) -> bool:
        """Apply one event; False if it is not ours or was applied before."""
        payload = envelope.payload
        if not isinstance(payload, HANDLED):
            return False  # e.g. an assessment: not meetingplace's business
        if not isinstance(payload, v1.ClientRegistered) and self._store.get_or_none(
                KnownClient.id_for(payload.client_id), KnownClient) is None:
            if isinstance(payload, v1.ClientErased):
                return False  # nothing of the client was ever here
            # The registration comes first on the client's partition: a consent without one
            # is not intake's (a forgery, or a message from elsewhere), and must not let
            # anyone link a client intake never registered.
            raise PermanentFailure(f"meetingplace does not know client {payload.client_id}: "
                                   "its ClientRegistered was never consumed")
        return apply_once(self._store, envelope, source, lambda: [self._effect(envelope)])

    def _effect(self, envelope: Envelope[Any]) -> KnownClient:
        payload = envelope.payload
        client = self._client(payload.client_id, envelope.organisation_id)
        match payload:
            case v1.ConsentRecorded() if PARTY in payload.parties and PURPOSE in payload.purposes:
                client.note_consent(consent_id=payload.consent_id, given_on=payload.given_on,
                                    valid_until=payload.valid_until)
            case v1.ConsentWithdrawn() if payload.whole_consent or PARTY in payload.parties_affected:
                client.note_withdrawal(consent_id=payload.consent_id,
                                       withdrawn_on=payload.withdrawn_on)
            case v1.ClientRegistrationVoided():
                client.note_voided(voided_on=payload.voided_on)
            case v1.ClientErased():
                client.note_erased()
        return client  # a registration, or a consent for other parties: known, nothing more

    def _client(self, client_id: Any, organisation_id: str) -> KnownClient:
        client = self._store.get_or_none(KnownClient.id_for(client_id), KnownClient)
        if client is None:  # a registration (anything else was refused above)
            return KnownClient.learn(client_id, organisation_id)
        if client.organisation_id != organisation_id:
            raise PermanentFailure(
                f"client {client_id} is known in organisation {client.organisation_id}, "
                f"not {organisation_id}")
        return client
