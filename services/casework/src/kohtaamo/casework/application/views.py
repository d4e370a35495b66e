"""What the application answers with: plain data, no aggregates leaking out."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from uuid import UUID

from ..domain.appointment import Appointment
from ..domain.case_file import CaseFile
from ..domain.kuty import Absence, Attendance, KutyContract, KutyEnding, MidReview
from ..domain.plan import PlanReview, PlanTerms
from ..domain.referral import Referral
from ..domain.work_activity import WorkActivity
from ..domain.worker import Assignment


@dataclass(frozen=True)
class PlanSummary:
    plan_id: UUID
    plan_type: str
    agreed_on: date
    status: str
    review_due_on: date | None


@dataclass(frozen=True)
class ReferralSummary:
    referral: Referral
    outcomes: tuple[tuple[str, date], ...]


@dataclass(frozen=True)
class FileSummary:
    """Pseudonymous: ids, codes and dates only; reading it is not a read of private text."""

    client_id: UUID
    status: str  # open | voided | erased | ended
    registered_on: date
    worker: Assignment | None
    plans: tuple[PlanSummary, ...]
    referrals: tuple[ReferralSummary, ...]
    appointments: int
    services: int
    transitions: int
    work_activities: tuple[tuple[UUID, UUID], ...]  # (contract id, period id)
    ended_on: date | None
    end_reason: str | None


def summarise(file: CaseFile) -> FileSummary:
    return FileSummary(
        client_id=file.id, status=file.status, registered_on=file.registered_on, worker=file.worker,
        plans=tuple(PlanSummary(p.terms.plan_id, p.terms.plan_type, p.terms.agreed_on, p.status, p.due_on)
                    for p in file.plans.values()),
        referrals=tuple(ReferralSummary(r.referral, r.outcomes) for r in file.referrals.values()),
        appointments=len(file.appointments), services=len(file.services),
        transitions=len(file.transitions), work_activities=tuple(file.work_activities.items()),
        ended_on=file.ending.ended_on if file.ending else None,
        end_reason=file.ending.reason if file.ending else None,
    )


@dataclass(frozen=True)
class AppointmentRecord:
    appointment: Appointment
    notes: str | None  # private: reading it is a logged read


@dataclass(frozen=True)
class PlanRecord:
    terms: PlanTerms
    status: str
    review_due_on: date | None
    goal_texts: dict[str, str]  # goal id -> wording (private)
    reviews: tuple[tuple[PlanReview, str | None], ...]  # with each review's note (private)


@dataclass(frozen=True)
class WorkActivityRecord:
    work_activity_id: UUID
    contract: KutyContract
    started_on: date | None
    is_continuation_of: UUID | None
    attendance: tuple[Attendance, ...]
    absences: tuple[tuple[Absence, str | None], ...]  # with each absence's notes (private)
    mid_reviews: tuple[MidReview, ...]
    ending: KutyEnding | None


def work_activity_record(period: WorkActivity, absences: tuple[tuple[Absence, str | None], ...]) -> WorkActivityRecord:
    return WorkActivityRecord(
        work_activity_id=period.id, contract=period.contract, started_on=period.started_on,
        is_continuation_of=period.is_continuation_of,
        attendance=tuple(period.attendance), absences=absences, mid_reviews=tuple(period.mid_reviews),
        ending=period.ending,
    )
