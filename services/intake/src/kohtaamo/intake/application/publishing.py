"""Outbound translation: intake's domain events -> integration events (or nothing).

Only pseudonymous ids and codes go out. Sealed personal fields, identity claims and the
access log never leave intake.
"""

from __future__ import annotations

from datetime import datetime
from functools import lru_cache
from typing import Any
from uuid import UUID

from eventsourcing.application import Application
from eventsourcing.domain import DomainEventProtocol
from kohtaamo.contracts import Payload
from kohtaamo.contracts.intake import v1
from kohtaamo.servicekit.outgoing import Outgoing, local_date, outgoing, start_of

from ..domain.assessment import AssessmentFindings
from ..domain.client import Client
from ..domain.outreach_contact import OutreachContact

PRODUCER = "intake"


class Publisher:
    """Translates for the relay; looks up each aggregate's organisation once."""

    def __init__(self, app: Application[UUID]) -> None:
        self._app = app
        self._origin = lru_cache(maxsize=10_000)(self._load_origin)

    def __call__(self, e: DomainEventProtocol[Any]) -> Outgoing | None:
        translated = translate(e)
        if translated is None:
            return None
        payload, occurred_at = translated
        if e.originator_version == 1 and hasattr(e, "organisation_id"):
            # The aggregate's first event is what _load_origin would read back: no query.
            organisation_id, project_id = e.organisation_id, getattr(e, "project_id", None)
        else:
            organisation_id, project_id = self._origin(e.originator_id)
        return outgoing(e, payload, occurred_at=occurred_at, producer=PRODUCER,
                        organisation_id=organisation_id, project_id=project_id)

    def _load_origin(self, aggregate_id: UUID) -> tuple[str, str | None]:
        first = self._app.repository.get(aggregate_id, version=1)
        return first.organisation_id, getattr(first, "project_id", None)


def findings(f: AssessmentFindings) -> dict[str, Any]:
    """The assessment's coded findings as the contract names them (mapped once, here)."""
    return {
        "assessor_roles": f.assessor_roles, "multi_professional": f.multi_professional,
        "domains": dict(f.domains), "decision": f.decision,
        "plan_participant_roles": f.plan_participant_roles,
        "plan_participant_parties": f.plan_participant_parties,
    }


def translate(e: DomainEventProtocol[Any]) -> tuple[Payload, datetime] | None:
    match e:
        case Client.Registered():
            return v1.ClientRegistered(
                client_id=e.originator_id, registered_on=e.registered_on,
                municipality_code=e.municipality_code, referral_source=e.referral_source,
                age_band=e.age_band, gender=e.gender, target_groups=tuple(e.target_groups),
                age_band_detail=getattr(e, "age_band_detail", None),
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
                assessed_on=e.assessed_on, **findings(e.findings),
            ), start_of(e.assessed_on)
        case OutreachContact.Made():
            return v1.OutreachContactMade(
                contact_id=e.originator_id, contacted_on=e.contacted_on, channel=e.channel,
                municipality_code=e.municipality_code, partner=e.partner, outcome=e.outcome,
            ), start_of(e.contacted_on)
        case OutreachContact.LinkedToClient():
            return v1.OutreachContactLinked(
                contact_id=e.originator_id, client_id=e.client_id, consent_id=e.consent_id,
                linked_on=local_date(e.timestamp),
            ), e.timestamp
    return None  # identity claims and the access log stay inside intake
