"""Request bodies of casework's HTTP API. Codes are the contracts' code lists."""

from __future__ import annotations

from typing import Annotated, TypeVar
from uuid import UUID

from kohtaamo.contracts.casework.codes import (
    AbsenceCategory,
    AllocationBasis,
    AppointmentKind,
    AppointmentPurpose,
    Channel,
    Destination,
    EndReason,
    EndType,
    GoalStatus,
    MidReviewDecision,
    OrganiserKind,
    PlanType,
    ReassignmentReason,
    ReferralOutcome,
    ReferralReason,
    RelationshipEndReason,
    ReviewType,
    ServiceUnit,
    TaskArea,
    TransitionSource,
    WorkActivityForm,
    WorkerModel,
)
from kohtaamo.contracts.codes import Party, ProfessionalRole, ServiceType, SharingBasis
from kohtaamo.servicekit.fields import EventDate, FreeText, IsoDate, Timestamp
from pydantic import BaseModel, ConfigDict, Field

from ...domain.codes import GoalDomain

# Private text: sealed with the client's key, never published, read only with a purpose (logged).
Private = Annotated[FreeText, Field(description="private: sealed with the client's key, never published")]
T = TypeVar("T")
# A code list names each code once (the domain refuses a repeat, which would count twice).
Codes = Annotated[list[T], Field(json_schema_extra={"uniqueItems": True})]
Roles = Codes[ProfessionalRole]
Parties = Codes[Party]


class Body(BaseModel):
    model_config = ConfigDict(extra="forbid")


class AssignmentIn(Body):
    worker_id: UUID | None = Field(default=None, description="omit: the caller takes the client")
    role: ProfessionalRole
    worker_model: WorkerModel
    allocation_basis: AllocationBasis
    assigned_on: EventDate
    reassignment_reason: ReassignmentReason | None = Field(
        default=None, description="required when another worker is replaced")


class AppointmentIn(Body):
    kind: AppointmentKind
    channel: Channel
    purpose: AppointmentPurpose | None = None
    held_on: EventDate
    duration_min: int | None = Field(default=None, ge=1, le=24 * 60)
    participant_roles: Roles = Field(min_length=1, max_length=20)
    participant_parties: Parties = Field(default_factory=list, max_length=20)
    follow_up_parties: Parties = Field(default_factory=list, max_length=20)
    notes: Private | None = None


class GoalIn(Body):
    domain: GoalDomain
    text: Private | None = None


class MeasureIn(Body):
    service_type: ServiceType
    provider: Party
    responsible_role: ProfessionalRole | None = None


class PlanIn(Body):
    plan_type: PlanType
    agreed_on: EventDate
    participant_roles: Roles = Field(min_length=1, max_length=20)
    participant_parties: Parties = Field(default_factory=list, max_length=20)
    goals: list[GoalIn] = Field(default_factory=list, max_length=20)
    measures: list[MeasureIn] = Field(default_factory=list, max_length=30)
    review_due_on: IsoDate = Field(description="after agreed_on, at most a year after it")
    consent_id: UUID | None = Field(default=None, description="the consent the plan relies on")
    supersedes_plan_id: UUID | None = None


class GoalAttainmentIn(Body):
    goal_id: UUID
    status: GoalStatus


class PlanReviewIn(Body):
    reviewed_on: EventDate
    review_type: ReviewType
    goal_attainment: list[GoalAttainmentIn] = Field(default_factory=list, max_length=20)
    measures_changed: bool
    next_review_due_on: IsoDate | None = Field(default=None, description="omit: the plan ends here")
    note: Private | None = None


class ReferralIn(Body):
    referred_on: EventDate
    referring_role: ProfessionalRole
    target: Party
    service_type: ServiceType | None = None
    reason: ReferralReason
    basis: SharingBasis
    consent_id: UUID | None = Field(
        default=None, description="CONSENT: the consent relied on; omit to use any that covers")


class ReferralOutcomeIn(Body):
    outcome: ReferralOutcome
    outcome_on: EventDate


class ServiceIn(Body):
    service_type: ServiceType
    provider: Party
    provided_on: EventDate
    quantity: float = Field(gt=0, le=10_000)
    unit: ServiceUnit


class TransitionIn(Body):
    transition_on: EventDate
    destination: Destination
    source: TransitionSource
    work_activity_id: UUID | None = None


class RelationshipEndIn(Body):
    ended_on: EventDate
    reason: RelationshipEndReason
    final_plan_id: UUID | None = None


class ContractIn(Body):
    plan_id: UUID = Field(description="the client's WORK_ACTIVITY_PLAN")
    placement_id: UUID
    organiser_kind: OrganiserKind
    form: WorkActivityForm
    signed_on: EventDate
    planned_start_on: IsoDate
    planned_end_on: IsoDate
    days_per_week: int = Field(ge=1, le=5)
    hours_per_day: float = Field(gt=0, le=8)
    task_areas: Codes[TaskArea] = Field(default_factory=list, max_length=len(TaskArea))
    mid_review_due_on: IsoDate | None = None


class StartIn(Body):
    contract_id: UUID
    started_on: EventDate
    activation_plan_id: UUID | None = None
    is_continuation_of: UUID | None = Field(default=None, description="the kuty period this continues")


class AttendanceIn(Body):
    period_start: EventDate
    period_end: EventDate = Field(description="inclusive")
    days_attended: int = Field(ge=0, le=366)
    hours_attended: float = Field(ge=0, le=366 * 8)
    recorded_by_role: ProfessionalRole


class AbsenceIn(Body):
    absent_from: EventDate
    absent_until: IsoDate = Field(description="inclusive")
    category: AbsenceCategory
    reported_by_client_at: Timestamp | None = None
    counsellor_notified_at: Timestamp | None = None
    te_office_notified_at: Timestamp | None = None
    notes: Private | None = Field(default=None, description="the reason, if given: private")


class MidReviewIn(Body):
    reviewed_on: EventDate
    feedback_given: bool
    self_assessment_done: bool
    goals_reviewed: bool
    decision: MidReviewDecision
    next_review_due_on: IsoDate | None = None


class KutyEndIn(Body):
    ended_on: EventDate
    end_type: EndType
    end_reasons: Codes[EndReason] = Field(min_length=1, max_length=len(EndReason))
    end_evaluation_done: bool
    self_assessment_done: bool
    follow_up_plan_id: UUID | None = None
