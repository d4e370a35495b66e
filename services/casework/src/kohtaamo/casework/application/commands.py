"""Commands the casework application accepts, about one client each.

A command checks its codes against the contracts' code lists when it is made, so an unknown
code never gets further; the rules between values are the domain's (its value objects, which
the commands carry whole from the HTTP body to the domain event).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from uuid import UUID

from kohtaamo.contracts.casework import codes as cw
from kohtaamo.contracts.codes import Party, ProfessionalRole, ServiceType, SharingBasis

from ..domain.appointment import Appointment
from ..domain.codes import GoalDomain
from ..domain.plan import PlanReview, PlanTerms
from ..domain.referral import Referral
from ..domain.service_delivery import RelationshipEnd, ServiceDelivery, Transition
from . import codes


@dataclass(frozen=True)
class AssignWorker:
    client_id: UUID
    worker_id: UUID | None  # None: the caller takes the client
    role: str
    worker_model: str
    allocation_basis: str
    assigned_on: date
    reassignment_reason: str | None = None

    def __post_init__(self) -> None:
        codes.code(ProfessionalRole, self.role, "role")
        codes.code(cw.WorkerModel, self.worker_model, "worker_model")
        codes.code(cw.AllocationBasis, self.allocation_basis, "allocation_basis")
        codes.optional(cw.ReassignmentReason, self.reassignment_reason, "reassignment_reason")


@dataclass(frozen=True)
class RecordAppointment:
    client_id: UUID
    appointment: Appointment
    notes: str | None = None  # private: sealed with the client's key

    def __post_init__(self) -> None:
        a = self.appointment
        codes.code(cw.AppointmentKind, a.kind, "kind")
        codes.code(cw.Channel, a.channel, "channel")
        codes.optional(cw.AppointmentPurpose, a.purpose, "purpose")
        codes.codes(ProfessionalRole, a.participant_roles, "participant_roles")
        codes.codes(Party, a.participant_parties, "participant_parties")
        codes.codes(Party, a.follow_up_parties, "follow_up_parties")


@dataclass(frozen=True)
class AgreePlan:
    client_id: UUID
    terms: PlanTerms
    goal_texts: dict[UUID, str] = field(default_factory=dict)  # private: sealed

    def __post_init__(self) -> None:
        t = self.terms
        codes.code(cw.PlanType, t.plan_type, "plan_type")
        codes.codes(ProfessionalRole, t.participant_roles, "participant_roles")
        codes.codes(Party, t.participant_parties, "participant_parties")
        for i, goal in enumerate(t.goals):
            codes.code(GoalDomain, goal.domain, f"goals.{i}.domain")
        for i, measure in enumerate(t.measures):
            codes.code(ServiceType, measure.service_type, f"measures.{i}.service_type")
            codes.code(Party, measure.provider, f"measures.{i}.provider")
            codes.optional(ProfessionalRole, measure.responsible_role, f"measures.{i}.responsible_role")
        goals = {g.goal_id for g in t.goals}
        codes.require(set(self.goal_texts) <= goals, "wording for a goal the plan does not have",
                      field="goals")


@dataclass(frozen=True)
class ReviewPlan:
    client_id: UUID
    plan_id: UUID
    review: PlanReview
    note: str | None = None  # private: how the plan worked, sealed

    def __post_init__(self) -> None:
        codes.code(cw.ReviewType, self.review.review_type, "review_type")
        for i, goal in enumerate(self.review.goal_attainment):
            codes.code(cw.GoalStatus, goal.status, f"goal_attainment.{i}.status")


@dataclass(frozen=True)
class MakeReferral:
    client_id: UUID
    referral: Referral

    def __post_init__(self) -> None:
        r = self.referral
        codes.code(ProfessionalRole, r.referring_role, "referring_role")
        codes.code(Party, r.target, "target")
        codes.optional(ServiceType, r.service_type, "service_type")
        codes.code(cw.ReferralReason, r.reason, "reason")
        codes.code(SharingBasis, r.basis, "basis")


@dataclass(frozen=True)
class RecordReferralOutcome:
    client_id: UUID
    referral_id: UUID
    outcome: str
    outcome_on: date

    def __post_init__(self) -> None:
        codes.code(cw.ReferralOutcome, self.outcome, "outcome")


@dataclass(frozen=True)
class RecordService:
    client_id: UUID
    delivery: ServiceDelivery

    def __post_init__(self) -> None:
        codes.code(ServiceType, self.delivery.service_type, "service_type")
        codes.code(Party, self.delivery.provider, "provider")
        codes.code(cw.ServiceUnit, self.delivery.unit, "unit")


@dataclass(frozen=True)
class RecordTransition:
    client_id: UUID
    transition: Transition

    def __post_init__(self) -> None:
        codes.code(cw.Destination, self.transition.destination, "destination")
        codes.code(cw.TransitionSource, self.transition.source, "source")


@dataclass(frozen=True)
class EndRelationship:
    client_id: UUID
    end: RelationshipEnd

    def __post_init__(self) -> None:
        codes.code(cw.RelationshipEndReason, self.end.reason, "reason")
