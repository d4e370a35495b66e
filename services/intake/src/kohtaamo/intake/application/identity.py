"""One person, one client per organisation: identity claims under a keyed hash.

The claim's id is an HMAC of (organisation, identity code) with a secret pepper, so saving
the claim with a new client makes a second registration of the same person fail atomically,
and the identity code itself is never stored in the clear.
"""

from __future__ import annotations

import hashlib
import hmac
from uuid import UUID

from ..domain.client import Client
from ..domain.errors import AlreadyRegistered
from ..domain.hetu import PersonalIdentityCode
from ..domain.identity_claim import IdentityClaim
from .ports import PersonalDataVault
from .store import IntakeStore


class IdentityClaims:
    def __init__(self, store: IntakeStore, pepper: str) -> None:
        self._store = store
        self._pepper = pepper.encode()

    def claim_id(self, organisation_id: str, code: PersonalIdentityCode) -> UUID:
        message = f"{organisation_id}:{code.value}".encode()
        return IdentityClaim.id_for(hmac.new(self._pepper, message, hashlib.sha256).hexdigest())

    def holder(self, organisation_id: str, code: PersonalIdentityCode) -> UUID | None:
        """The client currently holding this identity code, if any."""
        claim = self._store.get_or_none(self.claim_id(organisation_id, code), IdentityClaim)
        return claim.client_id if claim else None

    def claim(self, organisation_id: str, code: PersonalIdentityCode, client_id: UUID) -> IdentityClaim:
        """The claim to save with a new client; refused if the person is a client already."""
        claim_id = self.claim_id(organisation_id, code)
        existing = self._store.get_or_none(claim_id, IdentityClaim)
        if existing is None:
            return IdentityClaim(id=claim_id, client_id=client_id)
        if existing.client_id is not None:
            raise AlreadyRegistered(existing.client_id)
        existing.reclaim(client_id)  # the earlier registration was voided or erased
        return existing

    def released(self, client: Client, vault: PersonalDataVault) -> list[IdentityClaim]:
        """The client's claim, released, to save with a voiding or erasure (or nothing)."""
        if client.erased:
            return []
        details = vault.unseal(client.id, client.sealed_personal)
        code = PersonalIdentityCode.parse(details["personal_identity_code"])
        claim = self._store.get_or_none(self.claim_id(client.organisation_id, code), IdentityClaim)
        if claim is None or claim.client_id != client.id:
            return []
        claim.release()
        return [claim]
