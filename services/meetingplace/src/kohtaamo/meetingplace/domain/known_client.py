"""Meetingplace's own view of a client, from intake's events: which organisation they are a
client of, whether they still are, and their consents to identified participation.

Only consents that allow identified participation (party MEETING_PLACE, purpose
PARTICIPATION_RECORDING) are kept; the application decides which those are. Once voided or
erased, a client stays so: later events about them change nothing, and an erasure forgets
their consents.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from uuid import NAMESPACE_URL, UUID, uuid5

from eventsourcing.domain import Aggregate, event

from .errors import ClientInactive

_NAMESPACE = uuid5(NAMESPACE_URL, "https://kohtaamo.fi/meetingplace/clients")


@dataclass(frozen=True)
class ParticipationConsent:
    consent_id: UUID
    given_on: date
    valid_until: date | None
    withdrawn_on: date | None = None

    def in_force_on(self, day: date) -> bool:
        if day < self.given_on:
            return False
        if self.valid_until is not None and day > self.valid_until:
            return False
        return self.withdrawn_on is None or day < self.withdrawn_on


class KnownClient(Aggregate):
    @staticmethod
    def id_for(client_id: UUID) -> UUID:
        return uuid5(_NAMESPACE, str(client_id))

    class Known(Aggregate.Created):
        client_id: UUID
        organisation_id: str

    @event(Known)
    def __init__(self, *, id: UUID, client_id: UUID, organisation_id: str) -> None:  # noqa: A002
        self.client_id = client_id
        self.organisation_id = organisation_id
        self.status = "active"  # active | voided | erased
        self.consents: dict[UUID, ParticipationConsent] = {}

    @classmethod
    def learn(cls, client_id: UUID, organisation_id: str) -> KnownClient:
        return cls(id=cls.id_for(client_id), client_id=client_id, organisation_id=organisation_id)

    @property
    def active(self) -> bool:
        return self.status == "active"

    def consent_for_participation(self, day: date, field: str = "client_id") -> UUID | None:
        """The consent in force on ``day`` that allows identifying the client, if any."""
        if not self.active:
            raise ClientInactive(f"the client's registration was {self.status}", field=field)
        in_force = [c for c in self.consents.values() if c.in_force_on(day)]
        return max(in_force, key=lambda c: c.given_on).consent_id if in_force else None

    class ConsentNoted(Aggregate.Event):
        consent_id: UUID
        given_on: date
        valid_until: date | None

    def note_consent(self, *, consent_id: UUID, given_on: date, valid_until: date | None) -> None:
        if self.active and consent_id not in self.consents:
            self._consent_noted(consent_id=consent_id, given_on=given_on, valid_until=valid_until)

    @event(ConsentNoted)
    def _consent_noted(self, consent_id: UUID, given_on: date, valid_until: date | None) -> None:
        self.consents[consent_id] = ParticipationConsent(consent_id, given_on, valid_until)

    class WithdrawalNoted(Aggregate.Event):
        consent_id: UUID
        withdrawn_on: date

    def note_withdrawal(self, *, consent_id: UUID, withdrawn_on: date) -> None:
        consent = self.consents.get(consent_id)
        if self.active and consent is not None and consent.withdrawn_on is None:
            self._withdrawal_noted(consent_id=consent_id, withdrawn_on=withdrawn_on)

    @event(WithdrawalNoted)
    def _withdrawal_noted(self, consent_id: UUID, withdrawn_on: date) -> None:
        self.consents[consent_id] = replace(self.consents[consent_id], withdrawn_on=withdrawn_on)

    class Voided(Aggregate.Event):
        voided_on: date

    def note_voided(self, *, voided_on: date) -> None:
        if self.active:
            self._voided(voided_on=voided_on)

    @event(Voided)
    def _voided(self, voided_on: date) -> None:
        self.status = "voided"

    class Erased(Aggregate.Event):
        pass

    def note_erased(self) -> None:
        if self.status != "erased":
            self._erased()

    @event(Erased)
    def _erased(self) -> None:
        self.status = "erased"
        self.consents = {}
