"""Reads of a client's personal data: each one stated with a purpose and logged first."""

from __future__ import annotations

from typing import TYPE_CHECKING
from uuid import UUID

from eventsourcing.application import AggregateNotFoundError
from eventsourcing.persistence import RecordConflictError

from ..domain.access_log import AccessLog
from ..domain.errors import ClientErasedError, ClientNotFound
from ..domain.hetu import PersonalIdentityCode
from ..domain.identity_claim import IdentityClaim
from .commands import PersonalDetails, Reader
from .ports import KeyDestroyed
from .views import AccessEntry, AssessmentRecord, ClientRecord, summarise

if TYPE_CHECKING:
    from .service import IntakeApplication

_LOG_RETRIES = 5


class PersonalDataReads:
    def read_client(self: IntakeApplication, client_id: UUID, reader: Reader) -> ClientRecord:
        client = self._client(client_id, reader.organisation_id)
        if client.erased:
            raise ClientErasedError("the client's personal data was erased")
        try:
            details = self.vault.unseal(client.id, client.sealed_personal)
        except KeyDestroyed:
            raise ClientErasedError("the client's personal data was erased") from None
        self._log_read(client.id, reader, action="read")
        return ClientRecord(summary=summarise(client), person=PersonalDetails(**details))

    def find_by_identity_code(self: IntakeApplication, raw_code: str, reader: Reader) -> ClientRecord:
        code = PersonalIdentityCode.parse(raw_code)
        claim_id = IdentityClaim.id_for(self._claim_key(reader.organisation_id, code))
        try:
            claim: IdentityClaim = self.repository.get(claim_id)
        except AggregateNotFoundError:
            raise ClientNotFound("with that identity code") from None
        if claim.client_id is None:
            raise ClientNotFound("with that identity code")
        return self.read_client(claim.client_id, reader)

    def read_assessments(self: IntakeApplication, client_id: UUID, reader: Reader) -> list[AssessmentRecord]:
        client = self._client(client_id, reader.organisation_id)
        if client.erased:
            raise ClientErasedError("the client's personal data was erased")
        try:
            records = [
                AssessmentRecord(a, self.vault.unseal(client.id, a.sealed_details) if a.sealed_details else {})
                for a in client.assessments.values()
            ]
        except KeyDestroyed:
            raise ClientErasedError("the client's personal data was erased") from None
        self._log_read(client.id, reader, action="read-assessments")
        return records

    def access_log(self: IntakeApplication, client_id: UUID, organisation_id: str) -> list[AccessEntry]:
        self._client(client_id, organisation_id)
        try:
            events = self.events.get(AccessLog.id_for(client_id))
        except AggregateNotFoundError:
            return []
        return [
            AccessEntry(at=e.timestamp, reader=e.reader, roles=tuple(e.roles),
                        purpose=e.purpose, action=e.action)
            for e in events
            if isinstance(e, AccessLog.ReadRecorded)
        ]

    def _log_read(self: IntakeApplication, client_id: UUID, reader: Reader, *, action: str) -> None:
        for _ in range(_LOG_RETRIES):  # concurrent reads of one client race on the log
            log_id = AccessLog.id_for(client_id)
            try:
                log: AccessLog = self.repository.get(log_id)
            except AggregateNotFoundError:
                log = AccessLog(id=log_id, client_id=client_id)
            log.record_read(reader=reader.sub, roles=sorted(reader.roles), purpose=reader.purpose, action=action)
            try:
                self.save(log)
                return
            except RecordConflictError:
                continue
        raise RuntimeError("could not write the access log; the read is refused")
