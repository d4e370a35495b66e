"""Rehabilitative work activity (kuntouttava työtoiminta, kuty): the contract's terms and
what is recorded during a period, as values checked once, here."""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date, datetime
from uuid import UUID

from .codes import INTERRUPTED, PLANNED_END, UNREPORTED
from .errors import each_once, require
from .frozen import freeze

MAX_DAYS_PER_WEEK = 5
MAX_HOURS_PER_DAY = 8


@dataclass(frozen=True)
class KutyContract:
    """Kuntouttavan työtoiminnan suunnitelma ja sopimus: duration, days and hours, tasks,
    the mid-review date. ``placement_id`` is casework's id of the placement."""

    contract_id: UUID
    plan_id: UUID  # the WORK_ACTIVITY_PLAN it carries out
    placement_id: UUID
    organiser_kind: str
    form: str  # INDIVIDUAL | GROUP
    signed_on: date
    planned_start_on: date
    planned_end_on: date
    days_per_week: int
    hours_per_day: float
    task_areas: tuple[str, ...] = ()
    mid_review_due_on: date | None = None

    def __post_init__(self) -> None:
        freeze(self, "task_areas")
        require(1 <= self.days_per_week <= MAX_DAYS_PER_WEEK,
                f"kuty is 1 to {MAX_DAYS_PER_WEEK} days a week", field="days_per_week")
        require(math.isfinite(self.hours_per_day) and 0 < self.hours_per_day <= MAX_HOURS_PER_DAY,
                f"kuty is more than 0 and at most {MAX_HOURS_PER_DAY} hours a day", field="hours_per_day")
        require(self.planned_start_on <= self.planned_end_on, "is before the planned start",
                field="planned_end_on")
        each_once(self.task_areas, "task_areas")
        if self.mid_review_due_on is not None:
            require(self.planned_start_on <= self.mid_review_due_on <= self.planned_end_on,
                    "is outside the planned period", field="mid_review_due_on")

    def most_days(self, start: date, end: date) -> int:
        """The most attendance days the contract allows from ``start`` to ``end`` (inclusive):
        ``days_per_week`` in any seven days running."""
        weeks, rest = divmod((end - start).days + 1, 7)
        return weeks * self.days_per_week + min(rest, self.days_per_week)


@dataclass(frozen=True)
class Attendance:
    """One period of the follow-up form (seurantalomake: päivät + tunnit)."""

    period_start: date
    period_end: date  # inclusive
    days_attended: int
    hours_attended: float
    recorded_by_role: str

    def __post_init__(self) -> None:
        require(self.period_start <= self.period_end, "is before period_start", field="period_end")
        days = (self.period_end - self.period_start).days + 1
        require(0 <= self.days_attended <= days, f"is between 0 and the {days} days of the period",
                field="days_attended")
        require(math.isfinite(self.hours_attended) and self.hours_attended >= 0,
                "is a number of hours, 0 or more", field="hours_attended")

    def overlaps(self, other: Attendance) -> bool:
        return self.period_start <= other.period_end and other.period_start <= self.period_end


@dataclass(frozen=True)
class Absence:
    """An absence and how it was passed on: client -> organiser -> social counsellor (always)
    -> TE office (when needed), each step with its time. Only the category goes out."""

    absent_from: date
    absent_until: date  # inclusive; may be ahead (a sick note for the coming days)
    category: str
    reported_by_client_at: datetime | None = None
    counsellor_notified_at: datetime | None = None
    te_office_notified_at: datetime | None = None

    def __post_init__(self) -> None:
        require(self.absent_from <= self.absent_until, "is before absent_from", field="absent_until")
        if self.category == UNREPORTED:
            require(self.reported_by_client_at is None, "an unreported absence was not reported",
                    field="reported_by_client_at")
        chain = [("reported_by_client_at", self.reported_by_client_at),
                 ("counsellor_notified_at", self.counsellor_notified_at),
                 ("te_office_notified_at", self.te_office_notified_at)]
        for name, moment in chain:
            require(moment is None or moment.tzinfo is not None, "needs a time zone", field=name)
        if self.te_office_notified_at is not None:
            require(self.counsellor_notified_at is not None,
                    "the social counsellor informs the TE office, so was informed first",
                    field="te_office_notified_at")
        given = [(name, moment) for name, moment in chain if moment is not None]
        for (_, earlier), (name, later) in zip(given, given[1:]):
            require(earlier <= later, "is before the step before it in the chain", field=name)


@dataclass(frozen=True)
class MidReview:
    """Väliarviointi: feedback, self-assessment, goals and plan reviewed; the decision."""

    reviewed_on: date
    feedback_given: bool
    self_assessment_done: bool
    goals_reviewed: bool
    decision: str
    next_review_due_on: date | None = None

    def __post_init__(self) -> None:
        if self.next_review_due_on is not None:
            require(self.next_review_due_on > self.reviewed_on, "is not after the review",
                    field="next_review_due_on")


@dataclass(frozen=True)
class KutyEnding:
    """Päättäminen tai keskeytys, loppuarviointi ja jatkosuunnitelma."""

    ended_on: date
    end_type: str  # COMPLETED | INTERRUPTED
    end_reasons: tuple[str, ...]
    end_evaluation_done: bool
    self_assessment_done: bool
    follow_up_plan_id: UUID | None = None

    def __post_init__(self) -> None:
        freeze(self, "end_reasons")
        require(bool(self.end_reasons), "give at least one reason", field="end_reasons")
        each_once(self.end_reasons, "end_reasons")
        if self.end_type == INTERRUPTED:
            require(PLANNED_END not in self.end_reasons, "an interruption is not a planned end",
                    field="end_reasons")
