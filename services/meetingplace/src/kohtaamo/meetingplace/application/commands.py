"""Commands the meetingplace application accepts.

A command checks its codes against the contracts' code lists when it is made; the rules
between values are the domain's. Every command carries the day it happened on.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from uuid import UUID

from kohtaamo.contracts.meetingplace.codes import (
    ActivityTheme,
    ActivityType,
    CancellationReason,
    Facility,
    Organiser,
    PeerSupportForm,
    Premises,
    TimeSlot,
    VisitPurpose,
)

from ..domain.errors import MeetingplaceError, Problem, gather
from ..domain.opening_hours import OpeningHours
from . import codes


@dataclass(frozen=True)
class OpenPlace:
    organisation_id: str
    name: str
    municipality_code: str
    premises: str
    facilities: tuple[str, ...]
    opening_hours: OpeningHours
    free_of_charge: bool
    opened_on: date
    project_id: str | None = None

    def __post_init__(self) -> None:
        codes.municipality(self.municipality_code)
        codes.code(Premises, self.premises, "premises")
        codes.codes(Facility, self.facilities, "facilities")


@dataclass(frozen=True)
class ChangePlaceDetails:
    """Only the fields given change; None keeps the current value."""

    place_id: UUID
    organisation_id: str
    changed_on: date
    name: str | None = None
    premises: str | None = None
    facilities: tuple[str, ...] | None = None
    opening_hours: OpeningHours | None = None
    free_of_charge: bool | None = None

    def __post_init__(self) -> None:
        if self.premises is not None:
            codes.code(Premises, self.premises, "premises")
        codes.codes(Facility, self.facilities or (), "facilities")


@dataclass(frozen=True)
class ClosePlace:
    place_id: UUID
    organisation_id: str
    closed_on: date


@dataclass(frozen=True)
class TallyRow:
    visit_date: date
    time_slot: str
    headcount: int


@dataclass(frozen=True)
class RecordTallies:
    """A day's or a week's tallies in one request: all of them are recorded, or none."""

    place_id: UUID
    organisation_id: str
    rows: tuple[TallyRow, ...]

    def __post_init__(self) -> None:
        problems: list[Problem] = []
        if not self.rows:
            problems.append(("rows", "at least one row"))
        for index, row in enumerate(self.rows):
            try:
                codes.code(TimeSlot, row.time_slot, "time_slot")
            except MeetingplaceError as exc:
                problems.extend(exc.under(f"rows.{index}"))
        gather(problems, "the tallies are not valid")


@dataclass(frozen=True)
class CorrectTally:
    place_id: UUID
    organisation_id: str
    visit_date: date
    time_slot: str
    headcount: int

    def __post_init__(self) -> None:
        codes.code(TimeSlot, self.time_slot, "time_slot")


@dataclass(frozen=True)
class RecordIdentifiedVisit:
    place_id: UUID
    organisation_id: str
    client_id: UUID
    visit_date: date
    time_slot: str
    purpose: str | None = None
    activity_id: UUID | None = None

    def __post_init__(self) -> None:
        codes.code(TimeSlot, self.time_slot, "time_slot")
        if self.purpose is not None:
            codes.code(VisitPurpose, self.purpose, "purpose")


@dataclass(frozen=True)
class PlanActivity:
    organisation_id: str
    activity_type: str
    theme: str
    organisers: tuple[str, ...]
    planned_on: date
    sensitive: bool
    meeting_place_id: UUID | None = None
    municipality_code: str | None = None
    invited_count: int | None = None
    project_id: str | None = None

    def __post_init__(self) -> None:
        codes.code(ActivityType, self.activity_type, "activity_type")
        codes.code(ActivityTheme, self.theme, "theme")
        codes.codes(Organiser, self.organisers, "organisers")
        if self.municipality_code is not None:
            codes.municipality(self.municipality_code)


@dataclass(frozen=True)
class Participant:
    client_id: UUID
    attended: bool
    compensation_cents: int | None = None


@dataclass(frozen=True)
class HoldActivity:
    activity_id: UUID
    organisation_id: str
    started_at: datetime
    duration_min: int
    attendee_count: int
    invited_count: int | None = None
    participants: tuple[Participant, ...] = ()


@dataclass(frozen=True)
class CancelActivity:
    activity_id: UUID
    organisation_id: str
    cancelled_on: date
    reason: str
    invited_count: int | None = None
    signup_count: int | None = None

    def __post_init__(self) -> None:
        codes.code(CancellationReason, self.reason, "reason")


@dataclass(frozen=True)
class RecordParticipations:
    activity_id: UUID
    organisation_id: str
    participants: tuple[Participant, ...]


@dataclass(frozen=True)
class ProvidePeerSupport:
    organisation_id: str
    form: str
    provided_on: date
    meeting_place_id: UUID | None = None
    municipality_code: str | None = None
    client_id: UUID | None = None
    recipient_count: int = 1
    project_id: str | None = None

    def __post_init__(self) -> None:
        codes.code(PeerSupportForm, self.form, "form")
        if self.municipality_code is not None:
            codes.municipality(self.municipality_code)
