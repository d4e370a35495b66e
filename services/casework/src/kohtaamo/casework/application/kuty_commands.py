"""Commands about rehabilitative work activity (kuty), with their codes checked on creation."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from uuid import UUID

from kohtaamo.contracts.casework import codes as cw
from kohtaamo.contracts.codes import ProfessionalRole

from ..domain.kuty import Absence, Attendance, KutyContract, KutyEnding, MidReview
from . import codes


@dataclass(frozen=True)
class SignContract:
    client_id: UUID
    contract: KutyContract

    def __post_init__(self) -> None:
        c = self.contract
        codes.code(cw.OrganiserKind, c.organiser_kind, "organiser_kind")
        codes.code(cw.WorkActivityForm, c.form, "form")
        codes.codes(cw.TaskArea, c.task_areas, "task_areas")


@dataclass(frozen=True)
class StartWorkActivity:
    client_id: UUID
    contract_id: UUID
    started_on: date
    activation_plan_id: UUID | None = None
    is_continuation_of: UUID | None = None


@dataclass(frozen=True)
class RecordAttendance:
    client_id: UUID
    work_activity_id: UUID
    attendance: Attendance

    def __post_init__(self) -> None:
        codes.code(ProfessionalRole, self.attendance.recorded_by_role, "recorded_by_role")


@dataclass(frozen=True)
class ReportAbsence:
    client_id: UUID
    work_activity_id: UUID
    absence: Absence
    notes: str | None = None  # private (may be health data): sealed, never published

    def __post_init__(self) -> None:
        codes.code(cw.AbsenceCategory, self.absence.category, "category")


@dataclass(frozen=True)
class MidReviewWorkActivity:
    client_id: UUID
    work_activity_id: UUID
    review: MidReview

    def __post_init__(self) -> None:
        codes.code(cw.MidReviewDecision, self.review.decision, "decision")


@dataclass(frozen=True)
class EndWorkActivity:
    client_id: UUID
    work_activity_id: UUID
    ending: KutyEnding

    def __post_init__(self) -> None:
        codes.code(cw.EndType, self.ending.end_type, "end_type")
        codes.codes(cw.EndReason, self.ending.end_reasons, "end_reasons")
