"""Intake's use cases: one method per command, each ending in one atomic save."""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Mapping
from dataclasses import dataclass
from uuid import UUID

from eventsourcing.application import Application
from eventsourcing.persistence import RecordConflictError, Transcoder

from kohtaamo.contracts.codes import AgeBand
from kohtaamo.servicekit.eventstore import DateAsISO

from ..domain.client import Client
from ..domain.errors import AlreadyRegistered
from ..domain.hetu import PersonalIdentityCode
from ..domain.identity_claim import IdentityClaim
from .commands import RegisterClient


@dataclass(frozen=True)
class Registration:
    client_id: UUID
    age_band: str


class IntakeApplication(Application[UUID]):
    name = "intake"

    def __init__(self, env: Mapping[str, str], *, identity_pepper: str) -> None:
        super().__init__(env=env)
        self._pepper = identity_pepper.encode()

    def register_transcodings(self, transcoder: Transcoder) -> None:
        super().register_transcodings(transcoder)
        transcoder.register(DateAsISO())

    def register_client(self, cmd: RegisterClient) -> Registration:
        code = PersonalIdentityCode.parse(cmd.personal_identity_code)
        age_band = AgeBand.for_age(code.age_on(cmd.registered_on)).value
        client = Client(
            organisation_id=cmd.organisation_id,
            first_name=cmd.first_name,
            last_name=cmd.last_name,
            personal_identity_code=code.value,
            municipality_code=cmd.municipality_code,
            referral_source=cmd.referral_source,
            registered_on=cmd.registered_on,
            age_band=age_band,
        )
        claim = IdentityClaim(claim_key=self._claim_key(cmd.organisation_id, code), client_id=client.id)
        try:
            self.save(client, claim)
        except RecordConflictError:
            existing: IdentityClaim = self.repository.get(claim.id)
            raise AlreadyRegistered(existing.client_id) from None
        return Registration(client_id=client.id, age_band=age_band)

    def get_client(self, client_id: UUID) -> Client:
        return self.repository.get(client_id)

    def _claim_key(self, organisation_id: str, code: PersonalIdentityCode) -> str:
        message = f"{organisation_id}:{code.value}".encode()
        return hmac.new(self._pepper, message, hashlib.sha256).hexdigest()
