"""Outbound translation: casework's domain events -> integration events (or nothing).

Only pseudonymous ids and codes go out. Sealed private text, team codes, the consent view,
the caseload index and the access log never leave casework.
"""

from __future__ import annotations

from datetime import datetime
from functools import lru_cache
from typing import Any
from uuid import UUID

from eventsourcing.application import Application
from eventsourcing.domain import DomainEventProtocol
from kohtaamo.contracts import Payload
from kohtaamo.contracts.casework import v1
from kohtaamo.servicekit.outgoing import Outgoing, outgoing, start_of

from ..domain.case_file import CaseFile
from ..domain.work_activity import WorkActivity
from .translation import kuty, plan_agreed, plan_reviewed, referral_made

PRODUCER = "casework"


class Publisher:
    """Translates for the relay; looks up each aggregate's client and organisation once."""

    def __init__(self, app: Application[UUID]) -> None:
        self._app = app
        self._origin = lru_cache(maxsize=10_000)(self._load_origin)

    def __call__(self, e: DomainEventProtocol[Any]) -> Outgoing | None:
        if not isinstance(e, CaseFile.Event | WorkActivity.Event):
            return None  # receipts, caseloads, access logs
        client_id, organisation_id, project_id = self._origin(e.originator_id)
        translated = translate(e, client_id)
        if translated is None:
            return None
        payload, occurred_at = translated
        return outgoing(e, payload, occurred_at=occurred_at, producer=PRODUCER,
                        organisation_id=organisation_id, project_id=project_id)

    def _load_origin(self, aggregate_id: UUID) -> tuple[UUID, str, str | None]:
        first = self._app.repository.get(aggregate_id, version=1)
        client_id = first.client_id if isinstance(first, WorkActivity) else first.id
        return client_id, first.organisation_id, first.project_id


def translate(e: DomainEventProtocol[Any], client_id: UUID) -> tuple[Payload, datetime] | None:
    match e:
        case CaseFile.WorkerAssigned():
            a = e.assignment
            return v1.ResponsibleWorkerAssigned(
                client_id=client_id, worker_id=a.worker_id, role=a.role, worker_model=a.worker_model,
                allocation_basis=a.allocation_basis, assigned_on=a.assigned_on,
                replaces_worker_id=a.replaces_worker_id, reassignment_reason=a.reassignment_reason,
            ), start_of(a.assigned_on)
        case CaseFile.AppointmentHeld():
            a = e.appointment
            return v1.AppointmentHeld(
                client_id=client_id, appointment_id=a.appointment_id, kind=a.kind, channel=a.channel,
                purpose=a.purpose, held_on=a.held_on, duration_min=a.duration_min,
                participant_roles=a.participant_roles, participant_parties=a.participant_parties,
                follow_up_parties=a.follow_up_parties,
            ), start_of(a.held_on)
        case CaseFile.PlanAgreed():
            return plan_agreed(e.terms, client_id), start_of(e.terms.agreed_on)
        case CaseFile.PlanReviewed():
            return plan_reviewed(e.plan_id, e.review, client_id), start_of(e.review.reviewed_on)
        case CaseFile.ReferralMade():
            return referral_made(e.referral, client_id), start_of(e.referral.referred_on)
        case CaseFile.ReferralOutcomeRecorded():
            return v1.ReferralOutcomeRecorded(
                client_id=client_id, referral_id=e.referral_id, outcome=e.outcome, outcome_on=e.outcome_on,
            ), start_of(e.outcome_on)
        case CaseFile.ServiceProvided():
            d = e.delivery
            return v1.ServiceProvided(
                client_id=client_id, service_episode_id=d.service_episode_id, service_type=d.service_type,
                provider=d.provider, provided_on=d.provided_on, quantity=d.quantity, unit=d.unit,
            ), start_of(d.provided_on)
        case CaseFile.TransitionRecorded():
            t = e.transition
            return v1.TransitionRecorded(
                client_id=client_id, transition_id=t.transition_id, transition_on=t.transition_on,
                destination=t.destination, source=t.source, work_activity_id=t.work_activity_id,
            ), start_of(t.transition_on)
        case CaseFile.RelationshipEnded():
            return v1.ClientRelationshipEnded(
                client_id=client_id, ended_on=e.end.ended_on, reason=e.end.reason,
                final_plan_id=e.end.final_plan_id,
            ), start_of(e.end.ended_on)
        case WorkActivity.Event():
            return kuty(e, client_id)
    return None  # the file's opening, consents, voiding, erasure, kuty links: casework's own
