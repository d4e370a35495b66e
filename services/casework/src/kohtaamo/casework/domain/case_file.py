"""The client's casework file (asiakkuus): opened when intake registers the client, closed
when the registration is voided, the client erased or the relationship ended.

Every rule the published contracts check is checked here first (most in the value objects
the methods take), before an event exists: an event this aggregate stores can always be
published. Each public method checks; its typed applier only changes state, so replaying
history never re-runs a rule. Private text arrives sealed (``sealed_*``) with the client's
own key: destroying the key erases it from every copy of these events. Kuty periods are
aggregates of their own (``work_activity``); the file only links them.
"""

from __future__ import annotations

import dataclasses
from datetime import date
from uuid import UUID

from eventsourcing.domain import Aggregate, event

from .appointment import Appointment
from .consent import Consent
from .errors import ClientErased, Conflict, FileClosed, NotFound, not_before, require
from .frozen import CopiedByContainers
from .plan import SUPERSEDED, Plan, PlanReview, PlanTerms, check_new_plan
from .referral import Referral, ReferralRecord, with_covering_consent
from .service_delivery import RelationshipEnd, ServiceDelivery, Transition
from .worker import Assignment

OPEN, VOIDED, ERASED, ENDED = "open", "voided", "erased", "ended"


class CaseFile(CopiedByContainers, Aggregate):
    class Opened(Aggregate.Created):
        organisation_id: str
        project_id: str | None
        registered_on: date

    @event(Opened)
    def __init__(self, *, id: UUID, organisation_id: str, project_id: str | None,  # noqa: A002
                 registered_on: date) -> None:
        self.organisation_id, self.project_id = organisation_id, project_id
        self.registered_on = registered_on
        self.status = OPEN
        self.last_on = registered_on  # the latest effective date recorded in the file
        self.consents: dict[UUID, Consent] = {}
        self.worker: Assignment | None = None
        self.appointments: dict[UUID, tuple[Appointment, str | None]] = {}
        self.plans: dict[UUID, Plan] = {}
        self.referrals: dict[UUID, ReferralRecord] = {}
        self.services: dict[UUID, ServiceDelivery] = {}
        self.transitions: dict[UUID, Transition] = {}
        self.work_activities: dict[UUID, UUID] = {}  # kuty contract id -> its period's id
        self.ending: RelationshipEnd | None = None

    def ensure_open(self) -> None:
        if self.status == ERASED:
            raise ClientErased("the client's data was erased: nothing more is recorded")
        if self.status == VOIDED:
            raise FileClosed("the client's registration was voided")
        if self.status == ENDED and self.ending is not None:
            raise FileClosed(f"the client relationship ended on {self.ending.ended_on.isoformat()}")

    def _happened(self, day: date, field: str) -> None:
        self.ensure_open()
        not_before(day, self.registered_on, "the client's registration", field)

    def _touch(self, day: date) -> None:
        self.last_on = max(self.last_on, day)

    # What intake tells casework -----------------------------------------------------

    class Voided(Aggregate.Event):
        voided_on: date

    @event(Voided)
    def void(self, voided_on: date) -> None:
        self.status = VOIDED

    class Erased(Aggregate.Event):
        pass

    @event(Erased)
    def erase(self) -> None:
        self.status = ERASED

    class ConsentRecorded(Aggregate.Event):
        consent: Consent

    @event(ConsentRecorded)
    def record_consent(self, consent: Consent) -> None:
        self.consents[consent.consent_id] = consent

    class ConsentWithdrawn(Aggregate.Event):
        consent_id: UUID
        withdrawn_on: date
        parties: tuple[str, ...] | None  # None: the whole consent

    def withdraw_consent(self, consent_id: UUID, withdrawn_on: date, parties: tuple[str, ...] | None) -> None:
        if consent_id not in self.consents:
            raise NotFound("consent", consent_id, field="consent_id")
        self._consent_withdrawn(consent_id=consent_id, withdrawn_on=withdrawn_on, parties=parties)

    @event(ConsentWithdrawn)
    def _consent_withdrawn(self, consent_id: UUID, withdrawn_on: date, parties: tuple[str, ...] | None) -> None:
        consent = self.consents[consent_id]
        self.consents[consent_id] = consent.without(tuple(parties or consent.parties), withdrawn_on)

    # The responsible worker -----------------------------------------------------------

    class WorkerAssigned(Aggregate.Event):
        assignment: Assignment

    def assign(self, *, worker_id: UUID, team: str | None, role: str, worker_model: str,
               allocation_basis: str, assigned_on: date, reassignment_reason: str | None) -> Assignment:
        """Name the responsible worker; the one replaced (if any) is recorded with the reason."""
        self._happened(assigned_on, "assigned_on")
        current = self.worker
        if current is not None:
            if current.worker_id == worker_id:
                raise Conflict("is already the client's responsible worker", field="worker_id")
            not_before(assigned_on, current.assigned_on, "the current assignment", "assigned_on")
        assignment = Assignment(
            worker_id=worker_id, role=role, worker_model=worker_model, allocation_basis=allocation_basis,
            assigned_on=assigned_on, team=team, replaces_worker_id=current.worker_id if current else None,
            reassignment_reason=reassignment_reason,
        )
        self._worker_assigned(assignment=assignment)
        return assignment

    @event(WorkerAssigned)
    def _worker_assigned(self, assignment: Assignment) -> None:
        self.worker = assignment
        self._touch(assignment.assigned_on)

    # Appointments --------------------------------------------------------------------

    class AppointmentHeld(Aggregate.Event):
        appointment: Appointment
        sealed_notes: str | None

    def hold_appointment(self, appointment: Appointment, sealed_notes: str | None) -> None:
        self._happened(appointment.held_on, "held_on")
        self._appointment_held(appointment=appointment, sealed_notes=sealed_notes)

    @event(AppointmentHeld)
    def _appointment_held(self, appointment: Appointment, sealed_notes: str | None) -> None:
        self.appointments[appointment.appointment_id] = (appointment, sealed_notes)
        self._touch(appointment.held_on)

    # Plans ---------------------------------------------------------------------------

    class PlanAgreed(Aggregate.Event):
        terms: PlanTerms
        sealed_goal_texts: str | None

    def agree_plan(self, terms: PlanTerms, sealed_goal_texts: str | None) -> None:
        self._happened(terms.agreed_on, "agreed_on")
        check_new_plan(terms, self.plans, self.consents)
        self._plan_agreed(terms=terms, sealed_goal_texts=sealed_goal_texts)

    @event(PlanAgreed)
    def _plan_agreed(self, terms: PlanTerms, sealed_goal_texts: str | None) -> None:
        if terms.supersedes_plan_id is not None:
            earlier = self.plans[terms.supersedes_plan_id]
            self.plans[earlier.terms.plan_id] = dataclasses.replace(earlier, status=SUPERSEDED, due_on=None)
        self.plans[terms.plan_id] = Plan(terms, sealed_goal_texts, due_on=terms.review_due_on)
        self._touch(terms.agreed_on)

    def plan(self, plan_id: UUID, *, field: str = "plan_id") -> Plan:
        found = self.plans.get(plan_id)
        if found is None:
            raise NotFound("plan", plan_id, field=field)
        return found

    def plan_of_type(self, plan_id: UUID, plan_type: str, field: str) -> Plan:
        found = self.plan(plan_id, field=field)
        require(found.terms.plan_type == plan_type,
                f"plan {plan_id} is a {found.terms.plan_type}, not a {plan_type}", field=field)
        return found

    class PlanReviewed(Aggregate.Event):
        plan_id: UUID
        review: PlanReview
        sealed_note: str | None

    def review_plan(self, plan_id: UUID, review: PlanReview, sealed_note: str | None) -> None:
        self._happened(review.reviewed_on, "reviewed_on")
        self.plan(plan_id).check_review(review)
        self._plan_reviewed(plan_id=plan_id, review=review, sealed_note=sealed_note)

    @event(PlanReviewed)
    def _plan_reviewed(self, plan_id: UUID, review: PlanReview, sealed_note: str | None) -> None:
        self.plans[plan_id] = self.plans[plan_id].reviewed(review, sealed_note)
        self._touch(review.reviewed_on)

    # Referrals -----------------------------------------------------------------------

    class ReferralMade(Aggregate.Event):
        referral: Referral

    def refer(self, referral: Referral) -> Referral:
        """Refer the client; under consent, with the consent in force that covers the target
        (found, or the one named checked). Returns the referral as recorded."""
        self._happened(referral.referred_on, "referred_on")
        referral = with_covering_consent(referral, self.consents)
        self._referral_made(referral=referral)
        return referral

    @event(ReferralMade)
    def _referral_made(self, referral: Referral) -> None:
        self.referrals[referral.referral_id] = ReferralRecord(referral)
        self._touch(referral.referred_on)

    class ReferralOutcomeRecorded(Aggregate.Event):
        referral_id: UUID
        outcome: str
        outcome_on: date

    def record_referral_outcome(self, referral_id: UUID, outcome: str, outcome_on: date) -> None:
        self._happened(outcome_on, "outcome_on")
        record = self.referrals.get(referral_id)
        if record is None:
            raise NotFound("referral", referral_id, field="referral_id")
        record.check_outcome(outcome, outcome_on)
        self._referral_outcome(referral_id=referral_id, outcome=outcome, outcome_on=outcome_on)

    @event(ReferralOutcomeRecorded)
    def _referral_outcome(self, referral_id: UUID, outcome: str, outcome_on: date) -> None:
        self.referrals[referral_id] = self.referrals[referral_id].with_outcome(outcome, outcome_on)
        self._touch(outcome_on)

    # Services, kuty links, transitions, the end --------------------------------------

    class ServiceProvided(Aggregate.Event):
        delivery: ServiceDelivery

    def provide_service(self, delivery: ServiceDelivery) -> None:
        self._happened(delivery.provided_on, "provided_on")
        self._service_provided(delivery=delivery)

    @event(ServiceProvided)
    def _service_provided(self, delivery: ServiceDelivery) -> None:
        self.services[delivery.service_episode_id] = delivery
        self._touch(delivery.provided_on)

    class WorkActivityLinked(Aggregate.Event):
        contract_id: UUID
        work_activity_id: UUID
        signed_on: date

    def link_work_activity(self, contract_id: UUID, work_activity_id: UUID, signed_on: date) -> None:
        self._happened(signed_on, "signed_on")
        if contract_id in self.work_activities:
            raise Conflict("a kuty contract with this id exists", field="contract_id")
        self._work_activity_linked(contract_id=contract_id, work_activity_id=work_activity_id,
                                   signed_on=signed_on)

    @event(WorkActivityLinked)
    def _work_activity_linked(self, contract_id: UUID, work_activity_id: UUID, signed_on: date) -> None:
        self.work_activities[contract_id] = work_activity_id
        self._touch(signed_on)

    class TransitionRecorded(Aggregate.Event):
        transition: Transition

    def record_transition(self, transition: Transition) -> None:
        self._happened(transition.transition_on, "transition_on")
        if transition.work_activity_id is not None and transition.work_activity_id not in self.work_activities.values():
            raise NotFound("kuty period", transition.work_activity_id, field="work_activity_id")
        self._transition_recorded(transition=transition)

    @event(TransitionRecorded)
    def _transition_recorded(self, transition: Transition) -> None:
        self.transitions[transition.transition_id] = transition
        self._touch(transition.transition_on)

    class RelationshipEnded(Aggregate.Event):
        end: RelationshipEnd

    def end_relationship(self, end: RelationshipEnd) -> None:
        self._happened(end.ended_on, "ended_on")
        not_before(end.ended_on, self.last_on, "the latest date recorded in the file", "ended_on")
        if end.final_plan_id is not None:
            self.plan(end.final_plan_id, field="final_plan_id")
        self._relationship_ended(end=end)

    @event(RelationshipEnded)
    def _relationship_ended(self, end: RelationshipEnd) -> None:
        self.status, self.ending = ENDED, end
