"""Response bodies of casework's HTTP API. Each reads the application's plain values by
attribute (``from_attributes``), so a value is mapped to its answer in one place."""

from __future__ import annotations

from datetime import date, datetime
from uuid import UUID

from pydantic import BaseModel, ConfigDict, Field


class Answer(BaseModel):
    model_config = ConfigDict(from_attributes=True)


class Created(Answer):
    id: UUID


class ContractCreated(Answer):
    contract_id: UUID
    work_activity_id: UUID = Field(description="the kuty period the contract governs")


class ReferralCreated(Answer):
    referral_id: UUID
    consent_id: UUID | None = Field(description="under CONSENT: the consent that covers the target")


class WorkerOut(Answer):
    worker_id: UUID = Field(description="pseudonymous: derived from the caller's login, never it")
    team: str | None


class AssignmentOut(Answer):
    worker_id: UUID
    team: str | None
    role: str
    worker_model: str
    allocation_basis: str
    assigned_on: date
    replaces_worker_id: UUID | None
    reassignment_reason: str | None


class EntryOut(Answer):
    client_id: UUID
    worker_id: UUID | None
    team: str | None


class CaseloadOut(Answer):
    clients: list[EntryOut]
    count: int


class DueReviewOut(Answer):
    plan_id: UUID
    client_id: UUID
    due_on: date


class OverdueReviewsOut(Answer):
    as_of: date
    reviews: list[DueReviewOut]
    count: int


class PlanSummaryOut(Answer):
    plan_id: UUID
    plan_type: str
    agreed_on: date
    status: str
    review_due_on: date | None


class ReferralSummaryOut(Answer):
    referral_id: UUID
    referred_on: date
    target: str
    basis: str
    consent_id: UUID | None
    outcomes: list[tuple[str, date]]


class WorkActivityLinkOut(Answer):
    contract_id: UUID
    work_activity_id: UUID


class FileSummaryOut(Answer):
    """Pseudonymous: ids, codes, dates and counts."""

    client_id: UUID
    status: str = Field(description="open | voided | erased | ended")
    registered_on: date
    worker: AssignmentOut | None
    plans: list[PlanSummaryOut]
    referrals: list[ReferralSummaryOut]
    appointments: int
    services: int
    transitions: int
    work_activities: list[WorkActivityLinkOut]
    ended_on: date | None
    end_reason: str | None


class AppointmentOut(Answer):
    appointment_id: UUID
    kind: str
    channel: str
    purpose: str | None
    held_on: date
    duration_min: int | None
    participant_roles: list[str]
    participant_parties: list[str]
    follow_up_parties: list[str]
    notes: str | None = Field(description="private")


class AppointmentsOut(Answer):
    client_id: UUID
    appointments: list[AppointmentOut]


class GoalOut(Answer):
    goal_id: UUID
    domain: str
    text: str | None = Field(description="private")


class MeasureOut(Answer):
    service_type: str
    provider: str
    responsible_role: str | None


class GoalAttainmentOut(Answer):
    goal_id: UUID
    status: str


class PlanReviewOut(Answer):
    reviewed_on: date
    review_type: str
    measures_changed: bool
    goal_attainment: list[GoalAttainmentOut]
    next_review_due_on: date | None
    note: str | None = Field(description="private")


class PlanOut(Answer):
    plan_id: UUID
    plan_type: str
    status: str
    agreed_on: date
    review_due_on: date | None
    participant_roles: list[str]
    participant_parties: list[str]
    goals: list[GoalOut]
    measures: list[MeasureOut]
    consent_id: UUID | None
    supersedes_plan_id: UUID | None
    reviews: list[PlanReviewOut]


class PlansOut(Answer):
    client_id: UUID
    plans: list[PlanOut]


class ContractOut(Answer):
    contract_id: UUID
    plan_id: UUID
    placement_id: UUID
    organiser_kind: str
    form: str
    signed_on: date
    planned_start_on: date
    planned_end_on: date
    days_per_week: int
    hours_per_day: float
    task_areas: list[str]
    mid_review_due_on: date | None


class AttendanceOut(Answer):
    period_start: date
    period_end: date
    days_attended: int
    hours_attended: float
    recorded_by_role: str


class AbsenceOut(Answer):
    absent_from: date
    absent_until: date
    category: str
    reported_by_client_at: datetime | None
    counsellor_notified_at: datetime | None
    te_office_notified_at: datetime | None
    notes: str | None = Field(description="private")


class MidReviewOut(Answer):
    reviewed_on: date
    feedback_given: bool
    self_assessment_done: bool
    goals_reviewed: bool
    decision: str
    next_review_due_on: date | None


class KutyEndingOut(Answer):
    ended_on: date
    end_type: str
    end_reasons: list[str]
    end_evaluation_done: bool
    self_assessment_done: bool
    follow_up_plan_id: UUID | None


class WorkActivityOut(Answer):
    work_activity_id: UUID
    contract: ContractOut
    started_on: date | None
    is_continuation_of: UUID | None
    attendance: list[AttendanceOut]
    absences: list[AbsenceOut]
    mid_reviews: list[MidReviewOut]
    ending: KutyEndingOut | None


class AccessEntryOut(Answer):
    at: datetime
    reader: str
    roles: list[str]
    purpose: str
    action: str


class AccessLogOut(Answer):
    client_id: UUID
    entries: list[AccessEntryOut]
