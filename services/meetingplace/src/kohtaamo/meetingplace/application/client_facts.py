"""Inbound translation: intake's client facts -> meetingplace's view of each client.

Each consumed event is applied once (its receipt is saved with its effect), so a redelivery
changes nothing. Only what identified participation needs is kept: which organisation the
client belongs to, whether they are still a client, and their consents to it.

A batch (``apply_batch``) is applied in one save: only this follower writes a
``KnownClient``, so nothing but a redelivery (a receipt that exists) or another replica's
follower can make the save conflict, and then the batch is built again on fresh state.
One save for hundreds of events is what lets meetingplace keep up with a large intake.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any
from uuid import UUID

from eventsourcing.persistence import RecordConflictError

from kohtaamo.contracts import Envelope
from kohtaamo.contracts.intake import v1
from kohtaamo.servicekit.causation import Cause, stamp
from kohtaamo.servicekit.inbox import Receipt, apply_once, receipt_for, received
from kohtaamo.servicekit.messages import Item, PermanentFailure, Source

from ..domain.known_client import KnownClient
from .consents import PARTY, PURPOSE
from .store import MeetingplaceStore

HANDLED = (v1.ClientRegistered, v1.ConsentRecorded, v1.ConsentWithdrawn,
           v1.ClientRegistrationVoided, v1.ClientErased)
ATTEMPTS = 5  # builds of a batch whose save conflicted, before it goes one event at a time


class ClientFacts:
    def __init__(self, store: MeetingplaceStore) -> None:
        self._store = store

    def apply(self, envelope: Envelope[Any], source: Source) -> bool:
        """Apply one event; False if it is not ours or was applied before."""
        if not self._admits(envelope, self._known):
            return False
        return apply_once(self._store, envelope, source, lambda: [self._effect(envelope, self._known)])

    def apply_batch(self, items: Sequence[Item]) -> list[tuple[int, str]]:
        """Apply ``items`` in order, in one save; those refused for good as (index, reason),
        each refused before anything of it is stored, as ``apply`` refuses it."""
        for attempt in range(ATTEMPTS):
            try:
                # Receipts are looked up only once a save has conflicted: usually on an
                # event applied before (a redelivery), whose receipt exists.
                return self._apply_together(items, look_up_receipts=attempt > 0)
            except RecordConflictError:
                continue
        refused = []
        for index, item in enumerate(items):
            try:
                self.apply(item.event, item.source)
            except PermanentFailure as exc:
                refused.append((index, str(exc)))
        return refused

    def _apply_together(self, items: Sequence[Item], *, look_up_receipts: bool) -> list[tuple[int, str]]:
        working: dict[UUID, KnownClient | None] = {}

        def known(client_id: UUID) -> KnownClient | None:
            if client_id not in working:
                working[client_id] = self._known(client_id)
            return working[client_id]

        refused: list[tuple[int, str]] = []
        receipts: list[Receipt] = []
        seen: set[UUID] = set()
        for index, item in enumerate(items):
            envelope = item.event
            if envelope.event_id in seen or (look_up_receipts and received(self._store, envelope.event_id)):
                continue
            try:
                if not self._admits(envelope, known):
                    continue
                client = self._effect(envelope, known)
            except PermanentFailure as exc:
                refused.append((index, str(exc)))
                continue
            working[client.client_id] = client
            receipt = receipt_for(envelope, item.source)
            # Each event's changes carry its own cause, though they are saved together.
            stamp([*client.pending_events, *receipt.pending_events],
                  Cause.of_event(envelope.event_id, envelope.correlation_id))
            receipts.append(receipt)
            seen.add(envelope.event_id)
        changed = [c for c in working.values() if c is not None and c.pending_events]
        if receipts:
            self._store.save(*changed, *receipts)
        return refused

    def _known(self, client_id: UUID) -> KnownClient | None:
        return self._store.get_or_none(KnownClient.id_for(client_id), KnownClient)

    def _admits(self, envelope: Envelope[Any], known: Callable[[UUID], KnownClient | None]) -> bool:
        """Whether the event is meetingplace's to apply; PermanentFailure if it can never be."""
        payload = envelope.payload
        if not isinstance(payload, HANDLED):
            return False  # e.g. an assessment: not meetingplace's business
        if not isinstance(payload, v1.ClientRegistered) and known(payload.client_id) is None:
            if isinstance(payload, v1.ClientErased):
                return False  # nothing of the client was ever here
            # The registration comes first on the client's partition: a consent without one
            # is not intake's (a forgery, or a message from elsewhere), and must not let
            # anyone link a client intake never registered.
            raise PermanentFailure(f"meetingplace does not know client {payload.client_id}: "
                                   "its ClientRegistered was never consumed")
        return True

    def _effect(self, envelope: Envelope[Any], known: Callable[[UUID], KnownClient | None]) -> KnownClient:
        payload = envelope.payload
        client = self._client(payload.client_id, envelope.organisation_id, known)
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

    @staticmethod
    def _client(client_id: Any, organisation_id: str, known: Callable[[UUID], KnownClient | None]) -> KnownClient:
        client = known(client_id)
        if client is None:  # a registration (anything else was refused above)
            return KnownClient.learn(client_id, organisation_id)
        if client.organisation_id != organisation_id:
            raise PermanentFailure(
                f"client {client_id} is known in organisation {client.organisation_id}, "
                f"not {organisation_id}")
        return client
