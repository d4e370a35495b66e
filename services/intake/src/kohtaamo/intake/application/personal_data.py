"""Reads of a client's personal data: each one stated with a purpose and logged first."""

from __future__ import annotations

from uuid import UUID

from eventsourcing.application import AggregateNotFoundError
from eventsourcing.persistence import RecordConflictError

from ..domain.access_log import AccessLog
from ..domain.client import Client
from ..domain.errors import ClientErasedError, ClientNotFound
from ..domain.hetu import PersonalIdentityCode
from .commands import PersonalDetails, Reader
from .identity import IdentityClaims
from .ports import KeyDestroyed, PersonalDataVault
from .store import IntakeStore
from .views import AccessEntry, AssessmentRecord, ClientRecord, summarise

_LOG_RETRIES = 5


class PersonalDataReads:
    def __init__(self, store: IntakeStore, vault: PersonalDataVault, claims: IdentityClaims) -> None:
        self._store, self._vault, self._claims = store, vault, claims

    def read_client(self, client_id: UUID, reader: Reader) -> ClientRecord:
        client = self._readable(client_id, reader)
        details = self._unseal(client, client.sealed_personal)
        self._log_read(client.id, reader, action="read")
        return ClientRecord(summary=summarise(client), person=PersonalDetails(**details))

    def find_by_identity_code(self, raw_code: str, reader: Reader) -> ClientRecord:
        holder = self._claims.holder(reader.organisation_id, PersonalIdentityCode.parse(raw_code))
        if holder is None:
            raise ClientNotFound("with that identity code")
        return self.read_client(holder, reader)

    def read_assessments(self, client_id: UUID, reader: Reader) -> list[AssessmentRecord]:
        client = self._readable(client_id, reader)
        records = [
            AssessmentRecord(a, self._unseal(client, a.sealed_details) if a.sealed_details else {})
            for a in client.assessments.values()
        ]
        self._log_read(client.id, reader, action="read-assessments")
        return records

    def access_log(self, client_id: UUID, organisation_id: str) -> list[AccessEntry]:
        self._store.client(client_id, organisation_id)
        try:
            events = self._store.events.get(AccessLog.id_for(client_id))
        except AggregateNotFoundError:
            return []
        return [
            AccessEntry(at=e.timestamp, reader=e.reader, roles=tuple(e.roles),
                        purpose=e.purpose, action=e.action)
            for e in events
            if isinstance(e, AccessLog.ReadRecorded)
        ]

    def _readable(self, client_id: UUID, reader: Reader) -> Client:
        client = self._store.client(client_id, reader.organisation_id)
        if client.erased:
            raise ClientErasedError("the client's personal data was erased")
        return client

    def _unseal(self, client: Client, sealed: str) -> dict[str, str]:
        try:
            return self._vault.unseal(client.id, sealed)
        except KeyDestroyed:
            raise ClientErasedError("the client's personal data was erased") from None

    def _log_read(self, client_id: UUID, reader: Reader, *, action: str) -> None:
        for _ in range(_LOG_RETRIES):  # concurrent reads of one client race on the log
            log_id = AccessLog.id_for(client_id)
            log = self._store.get_or_none(log_id, AccessLog) or AccessLog(id=log_id, client_id=client_id)
            log.record_read(reader=reader.sub, roles=sorted(reader.roles), purpose=reader.purpose, action=action)
            try:
                self._store.save(log)
                return
            except RecordConflictError:
                continue
        raise RuntimeError("could not write the access log; the read is refused")
