"""Outbound translation: intake's domain events -> integration events (or nothing).

Only pseudonymous ids and codes go out. Sealed personal fields, identity claims and the
access log never leave intake.
"""

from __future__ import annotations

from datetime import date, datetime, time
from functools import lru_cache
from typing import Any
from uuid import UUID
from zoneinfo import ZoneInfo

from eventsourcing.application import Application
from eventsourcing.domain import DomainEventProtocol
from kohtaamo.contracts import Envelope, Payload
from kohtaamo.contracts.intake import v1
from kohtaamo.servicekit.relay import Outgoing, source_event_id

from ..domain.client import Client
from ..domain.outreach_contact import OutreachContact

PRODUCER = "intake"
_FINLAND = ZoneInfo("Europe/Helsinki")


def start_of(day: date) -> datetime:
    """A date is all the world-time some events carry: the start of that day in Finland."""
    return datetime.combine(day, time.min, tzinfo=_FINLAND)


class Publisher:
    """Translates for the relay; looks up each aggregate's organisation once."""

    def __init__(self, app: Application[UUID]) -> None:
        self._app = app
        self._origin = lru_cache(maxsize=10_000)(self._load_origin)

    def __call__(self, e: DomainEventProtocol[Any]) -> Outgoing | None:
        translated = self._translate(e)
        if translated is None:
            return None
        payload, occurred_at = translated
        organisation_id, project_id = self._origin(e.originator_id)
        envelope = Envelope.wrap(
            payload,
            event_id=source_event_id(e),
            occurred_at=occurred_at,
            recorded_at=e.timestamp,
            producer=PRODUCER,
            organisation_id=organisation_id,
            project_id=project_id,
            subject_id=getattr(payload, "client_id", None),
        )
        return Outgoing.routed(envelope)

    def _load_origin(self, aggregate_id: UUID) -> tuple[str, str | None]:
        first = self._app.repository.get(aggregate_id, version=1)
        return first.organisation_id, getattr(first, "project_id", None)

    @staticmethod
    def _translate(e: DomainEventProtocol[Any]) -> tuple[Payload, datetime] | None:
        match e:
            case Client.Registered():
                return v1.ClientRegistered(
                    client_id=e.originator_id, registered_on=e.registered_on,
                    municipality_code=e.municipality_code, referral_source=e.referral_source,
                    age_band=e.age_band, gender=e.gender, target_groups=tuple(e.target_groups),
                ), start_of(e.registered_on)
            case Client.Voided():
                return v1.ClientRegistrationVoided(
                    client_id=e.originator_id, voided_on=e.voided_on, reason=e.reason,
                    duplicate_of=e.duplicate_of,
                ), start_of(e.voided_on)
            case Client.Erased():
                return v1.ClientErased(client_id=e.originator_id), e.timestamp
            case Client.ConsentRecorded():
                return v1.ConsentRecorded(
                    client_id=e.originator_id, consent_id=e.consent_id, parties=tuple(e.parties),
                    purposes=tuple(e.purposes), form=e.form, given_on=e.given_on,
                    valid_until=e.valid_until,
                ), start_of(e.given_on)
            case Client.ConsentWithdrawn():
                return v1.ConsentWithdrawn(
                    client_id=e.originator_id, consent_id=e.consent_id,
                    withdrawn_on=e.withdrawn_on, whole_consent=e.parties is None,
                    parties_affected=tuple(e.parties or ()),
                ), start_of(e.withdrawn_on)
            case Client.NeedsAssessed():
                return v1.NeedsAssessed(
                    client_id=e.originator_id, assessment_id=e.assessment_id,
                    assessed_on=e.assessed_on, assessor_roles=tuple(e.assessor_roles),
                    multi_professional=e.multi_professional, domains=e.domains,
                    decision=e.decision,
                    plan_participant_roles=tuple(e.plan_participant_roles),
                    plan_participant_parties=tuple(e.plan_participant_parties),
                ), start_of(e.assessed_on)
            case OutreachContact.Made():
                return v1.OutreachContactMade(
                    contact_id=e.originator_id, contacted_on=e.contacted_on, channel=e.channel,
                    municipality_code=e.municipality_code, partner=e.partner, outcome=e.outcome,
                ), start_of(e.contacted_on)
            case OutreachContact.LinkedToClient():
                return v1.OutreachContactLinked(
                    contact_id=e.originator_id, client_id=e.client_id, consent_id=e.consent_id,
                    linked_on=e.timestamp.astimezone(_FINLAND).date(),
                ), e.timestamp
        return None  # identity claims and the access log stay inside intake
