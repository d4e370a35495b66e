"""Registration, voiding and erasure: a client's life in intake."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from datetime import date
from uuid import uuid4

from eventsourcing.persistence import RecordConflictError
from kohtaamo.contracts.codes import AgeBandDetail

from ..domain.client import Client
from ..domain.errors import AlreadyRegistered, require
from ..domain.hetu import PersonalIdentityCode
from . import codes
from .commands import EraseClient, RegisterClient, VoidRegistration
from .identity import IdentityClaims
from .ports import PersonalDataVault
from .store import IntakeStore
from .views import Registration


class Registrations:
    def __init__(
        self, store: IntakeStore, vault: PersonalDataVault, claims: IdentityClaims,
        today: Callable[[], date],
    ) -> None:
        self._store, self._vault, self._claims, self._today = store, vault, claims, today

    def register(self, cmd: RegisterClient) -> Registration:
        codes.not_in_future(cmd.registered_on, self._today(), "registered_on")
        code = PersonalIdentityCode.parse(cmd.person.personal_identity_code)
        require(cmd.registered_on >= code.birth_date, "is before the person's birth date",
                field="registered_on")
        detail = AgeBandDetail.for_age(code.age_on(cmd.registered_on))
        age_band = detail.coarse.value
        client_id = uuid4()
        claim = self._claims.claim(cmd.organisation_id, code, client_id)
        person = dataclasses.replace(cmd.person, personal_identity_code=code.value)
        fields = dict(
            id=client_id,
            organisation_id=cmd.organisation_id,
            project_id=cmd.project_id,
            municipality_code=cmd.municipality_code,
            referral_source=cmd.referral_source,
            registered_on=cmd.registered_on,
            age_band=age_band,
            age_band_detail=detail.value,
            gender=cmd.gender,
            target_groups=sorted(cmd.target_groups),
        )
        Client.check_registration(**fields)  # before a key exists for someone refused
        self._vault.create_key(client_id)
        sealed = self._vault.seal(client_id, dataclasses.asdict(person))
        client = Client.register(**fields, sealed_personal=sealed)
        try:
            self._store.save(client, claim)
        except RecordConflictError:
            self._vault.destroy_key(client_id)  # nothing was sealed with it that was kept
            raise AlreadyRegistered(self._claims.holder(cmd.organisation_id, code) or client_id) from None
        return Registration(client_id=client_id, age_band=age_band)

    def void(self, cmd: VoidRegistration) -> None:
        codes.not_in_future(cmd.voided_on, self._today(), "voided_on")
        client = self._store.client(cmd.client_id, cmd.organisation_id)
        if cmd.duplicate_of is not None and cmd.duplicate_of != cmd.client_id:
            self._store.client(cmd.duplicate_of, cmd.organisation_id)  # exists, same organisation
        client.void(reason=cmd.reason, voided_on=cmd.voided_on, duplicate_of=cmd.duplicate_of)
        self._store.save(client, *self._claims.released(client, self._vault))

    def erase(self, cmd: EraseClient) -> None:
        client = self._store.client(cmd.client_id, cmd.organisation_id)
        claim = self._claims.released(client, self._vault)
        client.erase(reason=cmd.reason, erased_by=cmd.erased_by)
        self._store.save(client, *claim)
        # After the event is saved: a crash here leaves an erased client whose key a
        # repeated erasure (idempotent) destroys.
        self._vault.destroy_key(cmd.client_id)

