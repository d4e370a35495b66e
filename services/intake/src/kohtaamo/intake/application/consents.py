"""A client's consents to information exchange and co-operation: record, withdraw, list."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from uuid import UUID, uuid4

from ..domain.consent import Consent
from . import codes
from .commands import RecordConsent, WithdrawConsent
from .store import IntakeStore


class Consents:
    def __init__(self, store: IntakeStore, today: Callable[[], date]) -> None:
        self._store, self._today = store, today

    def record(self, cmd: RecordConsent) -> UUID:
        codes.not_in_future(cmd.given_on, self._today(), "given_on")
        client = self._store.client(cmd.client_id, cmd.organisation_id)
        consent_id = uuid4()
        client.record_consent(
            consent_id=consent_id, parties=list(cmd.parties), purposes=list(cmd.purposes),
            form=cmd.form, given_on=cmd.given_on, valid_until=cmd.valid_until,
        )
        self._store.save(client)
        return consent_id

    def withdraw(self, cmd: WithdrawConsent) -> None:
        codes.not_in_future(cmd.withdrawn_on, self._today(), "withdrawn_on")
        client = self._store.client(cmd.client_id, cmd.organisation_id)
        client.withdraw_consent(
            consent_id=cmd.consent_id, withdrawn_on=cmd.withdrawn_on,
            parties=list(cmd.parties) if cmd.parties is not None else None,
        )
        self._store.save(client)

    def in_force(self, client_id: UUID, organisation_id: str, on: date) -> list[Consent]:
        return self._store.client(client_id, organisation_id).consents_in_force(on)
