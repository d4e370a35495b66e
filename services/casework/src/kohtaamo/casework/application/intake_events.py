"""What casework does with intake's events about a client, each applied exactly once.

``ClientRegistered`` opens the client's file (and the key their private text is sealed
with); consents keep casework's view of what the client allows; a voided registration
closes the file; an erasure destroys the client's key, then closes the file. Events that
arrive later for an erased client are dropped (and counted in a log line), never applied.

A batch (``apply_batch``) saves its new clients (their registrations and the events that
follow in the batch) in one transaction: each open-files shard read once and one save for many
registrations, where one at a time each event read and saved its own. Events for files that
existed before go one at a time after it, as ``apply``: commands write those files too. An
erasure, or a new client's event casework refuses, makes the batch go one event at a time.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Sequence
from typing import Any, Protocol
from uuid import UUID

from eventsourcing.domain import Aggregate
from eventsourcing.persistence import RecordConflictError

from kohtaamo.contracts import Envelope
from kohtaamo.contracts.intake import v1
from kohtaamo.contracts.routing import CONSUMERS
from kohtaamo.servicekit.causation import Cause, stamp
from kohtaamo.servicekit.inbox import Receipt, apply_once, receipt_for, received
from kohtaamo.servicekit.messages import Item, PermanentFailure, Source

from ..domain.case_file import ERASED, CaseFile
from ..domain.caseloads import OpenFiles, shard_of
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
            # Another replica may write the organisation's open files meanwhile.
            return apply_once(self._store, envelope, source, lambda: self._effect(envelope, self._store),
                              attempts=10)
        except CaseworkError as exc:
            raise PermanentFailure(f"{envelope.event_type} cannot be applied: {exc}") from None

    def apply_batch(self, items: Sequence[Item]) -> list[tuple[int, str]]:
        """Apply ``items`` in order; those refused for good as (index, reason)."""
        for attempt in range(10):
            try:
                # Receipts are looked up only on a second attempt: an event applied before
                # (a redelivery) makes the first attempt's save conflict on its receipt.
                refused = self._apply_together(items, look_up_receipts=attempt > 0)
            except RecordConflictError:
                continue  # a file or a receipt of the new clients changed meanwhile: afresh
            if refused is not None:
                return refused
            break
        return self._apply_singly(items, range(len(items)))

    def _apply_singly(self, items: Sequence[Item], indexes: Iterable[int]) -> list[tuple[int, str]]:
        refused = []
        for index in indexes:
            try:
                self.apply(items[index].event, items[index].source)
            except PermanentFailure as exc:
                refused.append((index, str(exc)))
        return refused

    def _apply_together(self, items: Sequence[Item], *, look_up_receipts: bool) -> list[tuple[int, str]] | None:
        """The batch's new clients (registered in it, with their later events) in one save,
        then the events for files that existed before, one at a time (commands write those
        files too: together they would make the save conflict). The refused, or None (nothing
        saved) if the batch holds an erasure or a new client's event ``apply`` would refuse."""
        working = _Working(self._store)
        receipts: list[Receipt] = []
        seen: set[UUID] = set()
        new: set[UUID] = set()
        singly: list[int] = []
        for index, item in enumerate(items):
            envelope, payload = item.event, item.event.payload
            if envelope.event_type not in CONSUMED or envelope.event_id in seen:
                continue
            if isinstance(payload, v1.ClientErased):
                return None  # the key goes first, on every delivery: one at a time
            registration = isinstance(payload, v1.ClientRegistered)
            if not registration and payload.client_id not in new:
                singly.append(index)  # every event of a client goes one way, in order
                continue
            if look_up_receipts and received(self._store, envelope.event_id):
                continue
            file = working.file_or_none(payload.client_id)
            if registration:
                if file is not None:
                    return None  # a second registration: logged and ignored one at a time
                self._ensure_key(payload.client_id)
            elif file is None or file.organisation_id != envelope.organisation_id:
                return None
            working.cause = Cause.of_event(envelope.event_id, envelope.correlation_id)
            try:
                changed = [a for a in self._effect(envelope, working) if isinstance(a, Aggregate)]
            except CaseworkError:
                return None
            receipt = receipt_for(envelope, item.source)
            # Each event's changes carry its own cause, though they are saved together.
            stamp([e for a in [*changed, receipt] for e in a.pending_events], working.cause)
            working.keep(changed)
            receipts.append(receipt)
            seen.add(envelope.event_id)
            new.add(payload.client_id)
        if receipts:
            self._save(working, receipts)
        return self._apply_singly(items, singly)

    def _save(self, working: _Working, receipts: list[Receipt]) -> None:
        # The files' and receipts' events are taken once; the shards are read again after a
        # conflict, most likely another replica's write to one. A conflict that persists (a receipt
        # exists: a redelivery) goes up to ``apply_batch``: built afresh.
        events = [e for a in [*working.changed.values(), *receipts] for e in a.collect_events()]
        for _ in range(5):
            try:
                self._store.save(*events, *working.shards_now())
                return
            except RecordConflictError:
                continue
        raise RecordConflictError("the batch's files or receipts changed meanwhile")

    def _effect(self, envelope: Envelope[Any], found: _Aggregates) -> list[Any]:
        payload = envelope.payload
        open_files = found.open_files(envelope.organisation_id, payload.client_id)
        if isinstance(payload, v1.ClientRegistered):
            file = CaseFile(id=payload.client_id, organisation_id=envelope.organisation_id,
                            project_id=envelope.project_id, registered_on=payload.registered_on)
            open_files.add(file.id)
            return [file, open_files]
        file = found.file(payload.client_id, envelope.organisation_id)
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
        open_files.remove(file.id)
        return [file, open_files]

    def _ensure_key(self, client_id: Any) -> None:
        # A crash after creating the key and before saving the file leaves a key behind:
        # sealing succeeds exactly when a live key exists, so reuse it.
        try:
            self._vault.seal(client_id, {})
        except KeyDestroyed:
            self._vault.create_key(client_id)


class _Shard(Protocol):
    def add(self, client_id: UUID) -> None: ...

    def remove(self, client_id: UUID) -> None: ...


class _Aggregates(Protocol):
    def open_files(self, organisation_id: str, client_id: UUID) -> _Shard: ...

    def file(self, client_id: UUID, organisation_id: str) -> CaseFile: ...


class _Working:
    """A batch's aggregates: the files it has changed so far, else the store's. Its changes
    to the open-files shards (another replica's follower may write them) are kept as a list
    and made on shards read just before the save, and read and made again if it conflicts."""

    def __init__(self, store: CaseworkStore) -> None:
        self._store = store
        self.changed: dict[UUID, Aggregate] = {}
        self.cause: Cause | None = None  # the event being applied
        self._shard_changes: list[tuple[str, UUID, str, Cause | None]] = []

    def keep(self, changed: Sequence[Aggregate]) -> None:
        for aggregate in changed:
            self.changed[aggregate.id] = aggregate

    def file_or_none(self, client_id: UUID) -> CaseFile | None:
        found = self.changed.get(client_id)
        return found if isinstance(found, CaseFile) else self._store.get_or_none(client_id, CaseFile)

    def file(self, client_id: UUID, organisation_id: str) -> CaseFile:
        found = self.changed.get(client_id)
        return found if isinstance(found, CaseFile) else self._store.file(client_id, organisation_id)

    def open_files(self, organisation_id: str, client_id: UUID) -> _Shard:
        return _LaterShard(self, organisation_id)

    def later(self, organisation_id: str, client_id: UUID, change: str) -> None:
        self._shard_changes.append((organisation_id, client_id, change, self.cause))

    def shards_now(self) -> list[OpenFiles]:
        """The shards as stored now, with the batch's changes made in order, each stamped
        with its event's cause."""
        shards: dict[UUID, OpenFiles] = {}
        for organisation_id, client_id, change, cause in self._shard_changes:
            key = OpenFiles.id_for(organisation_id, shard_of(client_id))
            shard = shards.get(key) or self._store.open_files(organisation_id, client_id)
            getattr(shard, change)(client_id)
            if cause is not None:  # the events not stamped yet are this change's (and a new shard's start)
                stamp(shard.pending_events, cause)
            shards[key] = shard
        return list(shards.values())


class _LaterShard:
    """What ``_effect`` sees as an open-files shard in a batch: its changes, noted for later."""

    def __init__(self, working: _Working, organisation_id: str) -> None:
        self._working, self._organisation_id = working, organisation_id

    def add(self, client_id: UUID) -> None:
        self._working.later(self._organisation_id, client_id, "add")

    def remove(self, client_id: UUID) -> None:
        self._working.later(self._organisation_id, client_id, "remove")
