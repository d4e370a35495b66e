"""The service-needs assessment at the first meeting; its free text sealed per client."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from uuid import UUID, uuid4

from . import codes
from .commands import AssessNeeds
from .ports import PersonalDataVault
from .store import IntakeStore


class Assessments:
    def __init__(self, store: IntakeStore, vault: PersonalDataVault, today: Callable[[], date]) -> None:
        self._store, self._vault, self._today = store, vault, today

    def assess(self, cmd: AssessNeeds) -> UUID:
        codes.not_in_future(cmd.assessed_on, self._today(), "assessed_on")
        client = self._store.client(cmd.client_id, cmd.organisation_id)
        client.ensure_active()  # before sealing: an erased client has no key left
        client.ensure_not_before_registration(cmd.assessed_on, "assessed_on")
        sealed = self._vault.seal(client.id, dict(cmd.details)) if cmd.details else None
        assessment_id = uuid4()
        client.assess_needs(
            assessment_id=assessment_id, assessed_on=cmd.assessed_on, findings=cmd.findings,
            sealed_details=sealed,
        )
        self._store.save(client)
        return assessment_id
