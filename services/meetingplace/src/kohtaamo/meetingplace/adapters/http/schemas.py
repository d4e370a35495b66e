"""Request and response bodies of meetingplace's HTTP API."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from enum import StrEnum
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
from pydantic import AwareDatetime, BaseModel, Field

from ...domain.opening_hours import WEEKDAYS
from .fields import Body, Euros, Headcount, Invited, MunicipalityCode, Name, ProjectId, TimeOfDay

Weekday = StrEnum("Weekday", {d: d for d in WEEKDAYS})  # type: ignore[misc]
MAX_ROWS = 200  # a month of tallies by part of the day fits


class Created(BaseModel):
    id: UUID


# Meeting places


class OpeningIn(Body):
    weekday: Weekday  # type: ignore[valid-type]
    opens: TimeOfDay
    closes: TimeOfDay


class PlaceIn(Body):
    name: Name
    municipality_code: MunicipalityCode
    premises: Premises
    facilities: list[Facility] = Field(default_factory=list, max_length=len(Facility))
    opening_hours: list[OpeningIn] = Field(default_factory=list, max_length=7)
    free_of_charge: bool = True
    opened_on: date
    project_id: ProjectId | None = None


class PlaceChangeIn(Body):
    changed_on: date
    name: Name | None = None
    premises: Premises | None = None
    facilities: list[Facility] | None = Field(default=None, max_length=len(Facility))
    opening_hours: list[OpeningIn] | None = Field(default=None, max_length=7)
    free_of_charge: bool | None = None


class ClosureIn(Body):
    closed_on: date = Field(description="The last day the place was open.")


class PlaceOut(BaseModel):
    id: UUID
    name: str
    municipality_code: str
    premises: Premises
    facilities: list[Facility]
    opening_hours: list[OpeningIn]
    free_of_charge: bool
    opened_on: date
    closed_on: date | None
    project_id: str | None


class PlacePageOut(BaseModel):
    places: list[PlaceOut]
    next_cursor: int | None


# Visits


class TallyRowIn(Body):
    visit_date: date
    time_slot: TimeSlot
    headcount: Headcount = Field(description="Visitors not recorded as identified visits.")


class TalliesIn(Body):
    rows: list[TallyRowIn] = Field(min_length=1, max_length=MAX_ROWS)


class TalliesOut(BaseModel):
    visit_ids: list[UUID] = Field(description="Each row's visit id, in the order given.")


class TallyCorrectionIn(Body):
    headcount: Headcount


class TallyCorrectionOut(BaseModel):
    visit_id: UUID
    headcount: int
    previous: int
    changed: bool


class IdentifiedVisitIn(Body):
    client_id: UUID
    visit_date: date
    time_slot: TimeSlot
    purpose: VisitPurpose | None = None
    activity_id: UUID | None = None


class SlotOut(BaseModel):
    time_slot: TimeSlot
    tally: int | None = Field(description="Anonymous visitors; null: not tallied.")
    identified: int
    visit_id: UUID = Field(description="The tally's visit id (the same after corrections).")


class DayOut(BaseModel):
    visit_date: date
    total: int
    slots: list[SlotOut]


class VisitCountsOut(BaseModel):
    meeting_place_id: UUID
    days: list[DayOut]


# Activities


class ActivityIn(Body):
    activity_type: ActivityType
    theme: ActivityTheme
    organisers: list[Organiser] = Field(min_length=1, max_length=len(Organiser))
    planned_on: date
    sensitive_membership: bool = Field(
        description="True when taking part would reveal something about the person (e.g. a "
                    "group for one population): the activity then takes headcounts only.")
    meeting_place_id: UUID | None = None
    municipality_code: MunicipalityCode | None = Field(
        default=None, description="Needed when the activity is not at a meeting place.")
    invited_count: Invited | None = None
    project_id: ProjectId | None = None


class ParticipantIn(Body):
    client_id: UUID
    attended: bool
    compensation_eur: Euros | None = None


class HeldIn(Body):
    started_at: AwareDatetime
    duration_min: int = Field(ge=1, le=24 * 60)
    attendee_count: Headcount = Field(description="Everyone who came, identified or not.")
    invited_count: Invited | None = None
    participants: list[ParticipantIn] = Field(default_factory=list, max_length=MAX_ROWS)


class CancellationIn(Body):
    cancelled_on: date
    reason: CancellationReason
    invited_count: Invited | None = None
    signup_count: Headcount | None = None


class ParticipationsIn(Body):
    participants: list[ParticipantIn] = Field(min_length=1, max_length=MAX_ROWS)


class ActivityOut(BaseModel):
    id: UUID
    status: str = Field(description="planned, held or cancelled")
    meeting_place_id: UUID | None
    municipality_code: str
    activity_type: ActivityType
    theme: ActivityTheme
    organisers: list[Organiser]
    planned_on: date
    sensitive_membership: bool
    invited_count: int | None
    started_at: datetime | None
    duration_min: int | None
    attendee_count: int | None
    identified_attendees: int
    anonymous_attendees: int | None
    cancelled_on: date | None
    cancel_reason: CancellationReason | None
    signup_count: int | None


class ActivityPageOut(BaseModel):
    activities: list[ActivityOut]
    next_cursor: int | None


class ParticipationOut(BaseModel):
    client_id: UUID
    attended: bool
    compensation_eur: Decimal | None
    participated_on: date


class ParticipationsOut(BaseModel):
    activity_id: UUID
    participants: list[ParticipationOut]


class RecordedOut(BaseModel):
    recorded: int


# Peer support


class PeerSupportIn(Body):
    form: PeerSupportForm
    provided_on: date
    meeting_place_id: UUID | None = None
    municipality_code: MunicipalityCode | None = None
    client_id: UUID | None = Field(default=None, description="An identified, consenting client.")
    recipient_count: int = Field(default=1, ge=1, le=10_000,
                                 description="Anonymous recipients; 1 when a client is named.")
