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

from ..domain.client import Client
from ..domain.consent import Consent
from ..domain.errors import AlreadyRegistered, ClientNotFound, InvalidCommand
from ..domain.hetu import PersonalIdentityCode
from ..domain.identity_claim import IdentityClaim
from .commands import AssessNeeds, RecordConsent, RegisterClient, WithdrawConsent
from .outreach import OutreachUseCases
from .personal_data import PersonalDataReads
from .ports import PersonalDataVault
from .views import ClientFilter, ClientPage, ClientSummary, Registration, summarise

_REGISTERED_TOPIC = get_topic(Client.Registered)


class IntakeApplication(PersonalDataReads, OutreachUseCases, Application[UUID]):
    """Registration, voiding, erasure, consent and assessment; reads and outreach come
    from the mixins beside this module."""

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
        if cmd.registered_on < code.birth_date:
            raise InvalidCommand("the registration date is before the person's birth date")
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

    # Pseudonymous reads

    def list_clients(
        self, organisation_id: str, *, after: int, limit: int, where: ClientFilter | None = None
    ) -> ClientPage:
        where = where or ClientFilter()
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
                if client.organisation_id == organisation_id and where.admits(summary := summarise(client)):
                    found.append(summary)
                    if len(found) == limit:
                        break
        return ClientPage(found, position)

    def summary(self, client_id: UUID, organisation_id: str) -> ClientSummary:
        return summarise(self._client(client_id, organisation_id))

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

