"""A kuty period: its contract, start, attendance, absences, mid-review and end.

One aggregate per contract, apart from the client's file, so that years of attendance do not
make the file long to load. Every date is checked against the contract's: attendance
outside the period or beyond its days a week is refused before anything is stored.
"""

from __future__ import annotations

from datetime import date
from uuid import UUID

from eventsourcing.domain import Aggregate, event

from .errors import Conflict, NotFound, not_before, require
from .frozen import CopiedByContainers
from .kuty import Absence, Attendance, KutyContract, KutyEnding, MidReview

_SLACK = 1e-9  # hours are floats: 7.5 * 3 must not fail on rounding


class WorkActivity(CopiedByContainers, Aggregate):
    class Contracted(Aggregate.Created):
        client_id: UUID
        organisation_id: str
        project_id: str | None
        contract: KutyContract

    @event(Contracted)
    def __init__(self, *, id: UUID, client_id: UUID, organisation_id: str,  # noqa: A002
                 project_id: str | None, contract: KutyContract) -> None:
        self.client_id, self.organisation_id, self.project_id = client_id, organisation_id, project_id
        self.contract = contract
        self.started_on: date | None = None
        self.activation_plan_id: UUID | None = None
        self.is_continuation_of: UUID | None = None
        self.attendance: list[Attendance] = []
        self.absences: list[tuple[Absence, str | None]] = []
        self.mid_reviews: list[MidReview] = []
        self.ending: KutyEnding | None = None
        self.last_on = contract.signed_on

    @property
    def last_day(self) -> date:
        """The last day of the period: its end, else the contract's planned end."""
        return self.ending.ended_on if self.ending else self.contract.planned_end_on

    def _running(self, field: str) -> date:
        if self.started_on is None:
            raise Conflict("the kuty period has not started: record its start first", field=field)
        if self.ending is not None:
            raise Conflict(f"the kuty period ended on {self.ending.ended_on.isoformat()}", field=field)
        return self.started_on

    def _within(self, start: date, end: date, start_field: str, end_field: str) -> None:
        first = self.started_on or self.contract.planned_start_on
        window = f"the period's dates ({first.isoformat()} to {self.last_day.isoformat()})"
        require(start >= first, f"is before {window}", field=start_field)
        require(end <= self.last_day, f"is after {window}", field=end_field)

    class Started(Aggregate.Event):
        started_on: date
        activation_plan_id: UUID | None
        is_continuation_of: UUID | None
        contract: KutyContract  # the terms it starts on, so the event tells the whole start

    def start(self, started_on: date, activation_plan_id: UUID | None,
              continues: WorkActivity | None) -> None:
        """``continues``: the period this one goes on from (group kuty going on as individual)."""
        if self.started_on is not None:
            raise Conflict(f"the contract's period started on {self.started_on.isoformat()}",
                           field="contract_id")
        not_before(started_on, self.contract.signed_on, "the contract was signed", "started_on")
        require(started_on <= self.contract.planned_end_on, "is after the contract's planned end",
                field="started_on")
        if continues is not None:
            if continues.id == self.id or continues.client_id != self.client_id:
                raise NotFound("kuty period", continues.id, field="is_continuation_of")
            if continues.started_on is None:
                raise Conflict("that period never started", field="is_continuation_of")
            not_before(started_on, continues.started_on, "the period it continues", "started_on")
        self._started(started_on=started_on, activation_plan_id=activation_plan_id,
                      is_continuation_of=continues.id if continues else None, contract=self.contract)

    @event(Started)
    def _started(self, started_on: date, activation_plan_id: UUID | None,
                 is_continuation_of: UUID | None, contract: KutyContract) -> None:
        self.started_on, self.activation_plan_id = started_on, activation_plan_id
        self.is_continuation_of = is_continuation_of
        self.last_on = max(self.last_on, started_on)

    class AttendanceRecorded(Aggregate.Event):
        attendance: Attendance

    def record_attendance(self, attendance: Attendance) -> None:
        self._running("period_start")
        a, c = attendance, self.contract
        self._within(a.period_start, a.period_end, "period_start", "period_end")
        clash = next((b for b in self.attendance if b.overlaps(a)), None)
        if clash is not None:
            raise Conflict(f"attendance from {clash.period_start.isoformat()} to "
                           f"{clash.period_end.isoformat()} is recorded already", field="period_start")
        most = c.most_days(a.period_start, a.period_end)
        require(a.days_attended <= most, f"is more than the contract allows: {c.days_per_week} days a "
                f"week is at most {most} days in this period", field="days_attended")
        require(a.hours_attended <= a.days_attended * c.hours_per_day + _SLACK,
                f"is more than {c.hours_per_day:g} hours a day on {a.days_attended} days",
                field="hours_attended")
        self._attendance_recorded(attendance=attendance)

    @event(AttendanceRecorded)
    def _attendance_recorded(self, attendance: Attendance) -> None:
        self.attendance.append(attendance)
        self.last_on = max(self.last_on, attendance.period_end)

    class AbsenceReported(Aggregate.Event):
        absence: Absence
        sealed_notes: str | None

    def report_absence(self, absence: Absence, sealed_notes: str | None) -> None:
        self._running("absent_from")
        self._within(absence.absent_from, absence.absent_until, "absent_from", "absent_until")
        self._absence_reported(absence=absence, sealed_notes=sealed_notes)

    @event(AbsenceReported)
    def _absence_reported(self, absence: Absence, sealed_notes: str | None) -> None:
        self.absences.append((absence, sealed_notes))
        self.last_on = max(self.last_on, absence.absent_from)

    class MidReviewed(Aggregate.Event):
        review: MidReview

    def mid_review(self, review: MidReview) -> None:
        self._running("reviewed_on")
        self._within(review.reviewed_on, review.reviewed_on, "reviewed_on", "reviewed_on")
        self._mid_reviewed(review=review)

    @event(MidReviewed)
    def _mid_reviewed(self, review: MidReview) -> None:
        self.mid_reviews.append(review)
        self.last_on = max(self.last_on, review.reviewed_on)

    class Ended(Aggregate.Event):
        ending: KutyEnding

    def end(self, ending: KutyEnding) -> None:
        started_on = self._running("ended_on")
        not_before(ending.ended_on, started_on, "the period's start", "ended_on")
        not_before(ending.ended_on, self.last_on, "the latest date recorded in the period", "ended_on")
        require(ending.ended_on <= self.contract.planned_end_on,
                "is after the contract's planned end (sign a new contract to go on)", field="ended_on")
        self._ended(ending=ending)

    @event(Ended)
    def _ended(self, ending: KutyEnding) -> None:
        self.ending = ending
