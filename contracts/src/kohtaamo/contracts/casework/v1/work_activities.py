"""casework v1, rehabilitative work activity (kuty): topic ``casework.work-activities``,
key ``client_id``."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Self
from uuid import UUID

from pydantic import AwareDatetime, Field, model_validator

from ...codes import ProfessionalRole
from ...envelope import Payload
from ...types import ClientId, Codes, SomeCodes, require
from ..codes import (
    AbsenceCategory,
    EndReason,
    EndType,
    MidReviewDecision,
    OrganiserKind,
    TaskArea,
    WorkActivityForm,
)

DaysPerWeek = Annotated[int, Field(ge=1, le=5, description="Kuty is 1-5 days a week.")]
HoursPerDay = Annotated[float, Field(gt=0, le=8, description="Kuty is at most 8 hours a day.")]


class WorkActivityContractSigned(Payload):
    """The kuty plan and contract between organiser and client were signed
    (kuntouttavan työtoiminnan suunnitelma ja sopimus)."""

    event_type = "casework.WorkActivityContractSigned"
    schema_version = 1

    client_id: ClientId
    contract_id: UUID
    plan_id: UUID = Field(description="The WORK_ACTIVITY_PLAN this contract carries out.")
    placement_id: UUID = Field(description="Casework's placement id; may be a meeting_place_id.")
    organiser_kind: OrganiserKind
    form: WorkActivityForm
    signed_on: date
    planned_start_on: date
    planned_end_on: date
    days_per_week: DaysPerWeek
    hours_per_day: HoursPerDay
    task_areas: Codes[TaskArea] = ()
    mid_review_due_on: date | None = Field(default=None, description="Väliarvioinnin ajankohta.")

    @model_validator(mode="after")
    def _dates_in_order(self) -> Self:
        require(self.planned_start_on <= self.planned_end_on, "planned_end_on is before the start")
        if self.mid_review_due_on is not None:
            require(self.planned_start_on <= self.mid_review_due_on <= self.planned_end_on,
                     "mid_review_due_on is outside the planned period")
        return self


class WorkActivityStarted(Payload):
    """A kuty period started (kuntouttava työtoiminta alkoi).

    ``is_continuation_of`` names the period this one continues (e.g. group kuty going on
    as individual kuty): reporting does not count a continuation as a new entry.
    """

    event_type = "casework.WorkActivityStarted"
    schema_version = 1

    client_id: ClientId
    work_activity_id: UUID
    contract_id: UUID
    activation_plan_id: UUID | None = None
    placement_id: UUID
    organiser_kind: OrganiserKind
    form: WorkActivityForm
    started_on: date
    days_per_week: DaysPerWeek
    hours_per_day: HoursPerDay
    is_continuation_of: UUID | None = Field(default=None, description="Previous work_activity_id.")

    @model_validator(mode="after")
    def _continues_another_period(self) -> Self:
        require(self.is_continuation_of != self.work_activity_id, "a period cannot continue itself")
        return self


class WorkActivityAttendanceRecorded(Payload):
    """Attendance for one period from the follow-up form (seurantalomake: päivät + tunnit)."""

    event_type = "casework.WorkActivityAttendanceRecorded"
    schema_version = 1

    client_id: ClientId
    work_activity_id: UUID
    period_start: date
    period_end: date = Field(description="Inclusive.")
    days_attended: int = Field(ge=0)
    hours_attended: float = Field(ge=0)
    recorded_by_role: ProfessionalRole

    @model_validator(mode="after")
    def _fits_the_period(self) -> Self:
        require(self.period_start <= self.period_end, "period_end is before period_start")
        days = (self.period_end - self.period_start).days + 1
        require(self.days_attended <= days, f"{self.days_attended} days attended in {days} days")
        require(self.hours_attended <= self.days_attended * 24, "more hours than attended days hold")
        return self


class WorkActivityAbsenceReported(Payload):
    """An absence from kuty and how it was passed on (poissaolo: asiakas -> järjestäjä ->
    sosiaaliohjaaja -> tarvittaessa TE-toimisto). Only the category, never the reason."""

    event_type = "casework.WorkActivityAbsenceReported"
    schema_version = 1

    client_id: ClientId
    work_activity_id: UUID
    absent_from: date
    absent_until: date = Field(description="Inclusive.")
    category: AbsenceCategory
    reported_by_client_at: AwareDatetime | None = None
    counsellor_notified_at: AwareDatetime | None = Field(
        default=None, description="When the organiser told the social counsellor (always due)."
    )
    te_office_notified_at: AwareDatetime | None = Field(default=None, description="When needed.")

    @model_validator(mode="after")
    def _consistent(self) -> Self:
        require(self.absent_from <= self.absent_until, "absent_until is before absent_from")
        if self.category is AbsenceCategory.UNREPORTED:
            require(self.reported_by_client_at is None, "an unreported absence was not reported")
        return self


class WorkActivityMidReviewed(Payload):
    """The kuty mid-evaluation was held (väliarviointi ja suunnitelman tarkistus)."""

    event_type = "casework.WorkActivityMidReviewed"
    schema_version = 1

    client_id: ClientId
    work_activity_id: UUID
    reviewed_on: date
    feedback_given: bool
    self_assessment_done: bool
    goals_reviewed: bool
    decision: MidReviewDecision
    next_review_due_on: date | None = None


class WorkActivityEnded(Payload):
    """A kuty period ended or was interrupted (päättäminen tai keskeytys, loppuarviointi)."""

    event_type = "casework.WorkActivityEnded"
    schema_version = 1

    client_id: ClientId
    work_activity_id: UUID
    ended_on: date
    end_type: EndType
    end_reasons: SomeCodes[EndReason]
    end_evaluation_done: bool
    self_assessment_done: bool
    follow_up_plan_id: UUID | None = Field(default=None, description="The FOLLOW_UP_PLAN made.")

    @model_validator(mode="after")
    def _planned_end_only_when_completed(self) -> Self:
        if self.end_type is EndType.INTERRUPTED:
            require(EndReason.PLANNED_END not in self.end_reasons, "an interruption is not a planned end")
        return self


