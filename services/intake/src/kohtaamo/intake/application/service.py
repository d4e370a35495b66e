"""Intake's use cases: one method per command, each ending in one atomic save."""

from __future__ import annotations

import dataclasses
import hashlib
import hmac
from collections.abc import Mapping
from datetime import date
from typing import Any
from uuid import UUID, uuid4

from eventsourcing.application import AggregateNotFoundError, Application
from eventsourcing.persistence import RecordConflictError, Transcoder
from eventsourcing.utils import get_topic

from kohtaamo.contracts.codes import AgeBand
from kohtaamo.servicekit.eventstore import DateAsISO

from ..domain.access_log import AccessLog
from ..domain.client import Client
from ..domain.consent import Consent
from ..domain.errors import (
    AlreadyRegistered,
    ClientErasedError,
    ClientNotFound,
    ConsentMissing,
    OutreachContactNotFound,
)
from ..domain.hetu import PersonalIdentityCode
from ..domain.identity_claim import IdentityClaim
from ..domain.outreach_contact import OutreachContact
from .commands import (
    AssessNeeds,
    PersonalDetails,
    Reader,
    RecordConsent,
    RecordOutreachContact,
    RegisterClient,
    WithdrawConsent,
)
from .ports import KeyDestroyed, PersonalDataVault
from .views import AccessEntry, ClientPage, ClientRecord, ClientSummary, Registration

_REGISTERED_TOPIC = get_topic(Client.Registered)
_LOG_RETRIES = 5
OUTREACH_LINK_PURPOSE = "OUTREACH_FOLLOW_UP"


class IntakeApplication(Application[UUID]):
    name = "intake"

    def __init__(
        self, env: Mapping[str, str], *, identity_pepper: str, vault: PersonalDataVault
    ) -> None:
        super().__init__(env=env)
        self._pepper = identity_pepper.encode()
        self.vault = vault

    def register_transcodings(self, transcoder: Transcoder) -> None:
        super().register_transcodings(transcoder)
        transcoder.register(DateAsISO())

    # Registration, voiding, erasure

    def register_client(self, cmd: RegisterClient) -> Registration:
        code = PersonalIdentityCode.parse(cmd.person.personal_identity_code)
        age_band = AgeBand.for_age(code.age_on(cmd.registered_on)).value
        client_id = uuid4()
        claim = self._claim_for(cmd.organisation_id, code, client_id)
        self.vault.create_key(client_id)
        person = dataclasses.replace(cmd.person, personal_identity_code=code.value)
        client = Client(
            id=client_id,
            organisation_id=cmd.organisation_id,
            project_id=cmd.project_id,
            municipality_code=cmd.municipality_code,
            referral_source=cmd.referral_source,
            registered_on=cmd.registered_on,
            age_band=age_band,
            gender=cmd.gender,
            target_groups=sorted(cmd.target_groups),
            sealed_personal=self.vault.seal(client_id, dataclasses.asdict(person)),
        )
        try:
            self.save(client, claim)
        except RecordConflictError:
            self.vault.destroy_key(client_id)  # nothing was sealed with it that was kept
            existing: IdentityClaim = self.repository.get(claim.id)
            raise AlreadyRegistered(existing.client_id) from None
        return Registration(client_id=client_id, age_band=age_band)

    def void_registration(
        self, client_id: UUID, organisation_id: str, *, reason: str, voided_on: date,
        duplicate_of: UUID | None,
    ) -> None:
        client = self._client(client_id, organisation_id)
        if duplicate_of is not None:
            self._client(duplicate_of, organisation_id)  # must exist in the same organisation
        client.void(reason=reason, voided_on=voided_on, duplicate_of=duplicate_of)
        self.save(client, *self._released_claim(client))

    def erase_client(self, client_id: UUID, organisation_id: str, *, reason: str, erased_by: str) -> None:
        client = self._client(client_id, organisation_id)
        claim = self._released_claim(client)
        client.erase(reason=reason, erased_by=erased_by)
        self.save(client, *claim)
        # After the event is saved: a crash here leaves an erased client whose key a
        # repeated erasure (idempotent) destroys.
        self.vault.destroy_key(client_id)

    # Personal data: every read is logged first

    def read_client(self, client_id: UUID, reader: Reader) -> ClientRecord:
        client = self._client(client_id, reader.organisation_id)
        if client.erased:
            raise ClientErasedError("the client's personal data was erased")
        try:
            details = self.vault.unseal(client.id, client.sealed_personal)
        except KeyDestroyed:
            raise ClientErasedError("the client's personal data was erased") from None
        self._log_read(client.id, reader, action="read")
        return ClientRecord(summary=_summary(client), person=PersonalDetails(**details))

    def find_by_identity_code(self, raw_code: str, reader: Reader) -> ClientRecord:
        code = PersonalIdentityCode.parse(raw_code)
        claim_id = IdentityClaim.id_for(self._claim_key(reader.organisation_id, code))
        try:
            claim: IdentityClaim = self.repository.get(claim_id)
        except AggregateNotFoundError:
            raise ClientNotFound("with that identity code") from None
        if claim.client_id is None:
            raise ClientNotFound("with that identity code")
        return self.read_client(claim.client_id, reader)

    def access_log(self, client_id: UUID, organisation_id: str) -> list[AccessEntry]:
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

    # Pseudonymous reads

    def list_clients(self, organisation_id: str, *, after: int, limit: int) -> ClientPage:
        found: list[ClientSummary] = []
        position = after
        while len(found) < limit:
            notifications = self.recorder.select_notifications(
                start=position, limit=limit * 2, topics=[_REGISTERED_TOPIC], inclusive_of_start=False
            )
            if not notifications:
                return ClientPage(found, None)
            for n in notifications:
                position = n.id
                client: Client = self.repository.get(n.originator_id)
                if client.organisation_id == organisation_id:
                    found.append(_summary(client))
                    if len(found) == limit:
                        break
        return ClientPage(found, position)

    def summary(self, client_id: UUID, organisation_id: str) -> ClientSummary:
        return _summary(self._client(client_id, organisation_id))

    # Consent and assessment

    def record_consent(self, cmd: RecordConsent) -> UUID:
        client = self._client(cmd.client_id, cmd.organisation_id)
        consent_id = uuid4()
        client.record_consent(
            consent_id=consent_id, parties=list(cmd.parties), purposes=list(cmd.purposes),
            form=cmd.form, given_on=cmd.given_on, valid_until=cmd.valid_until,
        )
        self.save(client)
        return consent_id

    def withdraw_consent(self, cmd: WithdrawConsent) -> None:
        client = self._client(cmd.client_id, cmd.organisation_id)
        client.withdraw_consent(
            consent_id=cmd.consent_id, withdrawn_on=cmd.withdrawn_on,
            parties=list(cmd.parties) if cmd.parties is not None else None,
        )
        self.save(client)

    def consents(self, client_id: UUID, organisation_id: str, on: date) -> list[Consent]:
        return self._client(client_id, organisation_id).consents_in_force(on)

    def assess_needs(self, cmd: AssessNeeds) -> UUID:
        client = self._client(cmd.client_id, cmd.organisation_id)
        assessment_id = uuid4()
        client.ensure_active()  # before sealing: an erased client has no key left
        sealed = self.vault.seal(client.id, dict(cmd.details)) if cmd.details else None
        client.assess_needs(
            assessment_id=assessment_id, assessed_on=cmd.assessed_on,
            assessor_roles=list(cmd.assessor_roles), multi_professional=cmd.multi_professional,
            domains=dict(cmd.domains), decision=cmd.decision,
            plan_participant_roles=list(cmd.plan_participant_roles),
            plan_participant_parties=list(cmd.plan_participant_parties), sealed_details=sealed,
        )
        self.save(client)
        return assessment_id

    # Outreach

    def record_outreach_contact(self, cmd: RecordOutreachContact) -> UUID:
        contact = OutreachContact(
            organisation_id=cmd.organisation_id, contacted_on=cmd.contacted_on,
            channel=cmd.channel, municipality_code=cmd.municipality_code,
            partner=cmd.partner, outcome=cmd.outcome,
        )
        self.save(contact)
        return contact.id

    def link_outreach_contact(
        self, contact_id: UUID, client_id: UUID, organisation_id: str, *, on: date
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

    # Helpers

    def _client(self, client_id: UUID, organisation_id: str) -> Client:
        try:
            client = self.repository.get(client_id)
        except AggregateNotFoundError:
            raise ClientNotFound(client_id) from None
        # Another organisation's client does not exist for this caller.
        if not isinstance(client, Client) or client.organisation_id != organisation_id:
            raise ClientNotFound(client_id)
        return client

    def _claim_for(self, organisation_id: str, code: PersonalIdentityCode, client_id: UUID) -> IdentityClaim:
        claim_id = IdentityClaim.id_for(self._claim_key(organisation_id, code))
        try:
            existing: IdentityClaim = self.repository.get(claim_id)
        except AggregateNotFoundError:
            return IdentityClaim(id=claim_id, client_id=client_id)
        if existing.client_id is not None:
            raise AlreadyRegistered(existing.client_id)
        existing.reclaim(client_id)  # the earlier registration was voided or erased
        return existing

    def _released_claim(self, client: Client) -> list[Any]:
        details = self.vault.unseal(client.id, client.sealed_personal) if not client.erased else None
        if details is None:
            return []
        code = PersonalIdentityCode.parse(details["personal_identity_code"])
        claim: IdentityClaim = self.repository.get(
            IdentityClaim.id_for(self._claim_key(client.organisation_id, code))
        )
        if claim.client_id != client.id:
            return []
        claim.release()
        return [claim]

    def _claim_key(self, organisation_id: str, code: PersonalIdentityCode) -> str:
        message = f"{organisation_id}:{code.value}".encode()
        return hmac.new(self._pepper, message, hashlib.sha256).hexdigest()

    def _log_read(self, client_id: UUID, reader: Reader, *, action: str) -> None:
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


def _summary(client: Client) -> ClientSummary:
    status = "erased" if client.erased else "voided" if client.voided else "active"
    return ClientSummary(
        client_id=client.id, status=status, registered_on=client.registered_on,
        municipality_code=client.municipality_code, referral_source=client.referral_source,
        age_band=client.age_band, gender=client.gender, target_groups=tuple(client.target_groups),
        project_id=client.project_id,
    )
