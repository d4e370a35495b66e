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
from pydantic import BaseModel, Field

from ...domain.limits import MAX_HEADCOUNT
from ...domain.opening_hours import WEEKDAYS
from .fields import (
    Body,
    Day,
    Duration,
    EachOnce,
    EventDay,
    Euros,
    Flag,
    Headcount,
    Invited,
    MunicipalityCode,
    Name,
    ProjectId,
    TimeOfDay,
    Timestamp,
    count,
)

Recipients = count(ge=1, le=MAX_HEADCOUNT)
Weekday = StrEnum("Weekday", {d: d for d in WEEKDAYS})  # type: ignore[misc]
MAX_ROWS = 200  # a month of tallies by part of the day fits


class Created(BaseModel):
    id: UUID


# Meeting places


class OpeningIn(Body):
    weekday: Weekday  # type: ignore[valid-type]
    opens: TimeOfDay
    closes: TimeOfDay = Field(description="after opens")


class PlaceIn(Body):
    name: Name
    municipality_code: MunicipalityCode
    premises: Premises
    facilities: EachOnce[Facility] = Field(default_factory=list, max_length=len(Facility))
    opening_hours: list[OpeningIn] = Field(default_factory=list, max_length=7,
                                           description="each weekday at most once")
    free_of_charge: Flag = True
    opened_on: EventDay
    project_id: ProjectId | None = None


class PlaceChangeIn(Body):
    changed_on: EventDay
    name: Name | None = None
    premises: Premises | None = None
    facilities: EachOnce[Facility] | None = Field(default=None, max_length=len(Facility))
    opening_hours: list[OpeningIn] | None = Field(default=None, max_length=7)
    free_of_charge: Flag | None = None


class ClosureIn(Body):
    closed_on: EventDay = Field(description="The last day the place was open.")


class OpeningOut(BaseModel):
    weekday: str
    opens: str
    closes: str


class PlaceOut(BaseModel):
    id: UUID
    name: str
    municipality_code: str
    premises: Premises
    facilities: list[Facility]
    opening_hours: list[OpeningOut]
    free_of_charge: bool
    opened_on: date
    closed_on: date | None
    project_id: str | None


class PlacePageOut(BaseModel):
    places: list[PlaceOut]
    next_cursor: int | None = Field(description="pass as ?cursor= for the next page")


# Visits


class TallyRowIn(Body):
    visit_date: EventDay
    time_slot: TimeSlot
    headcount: Headcount = Field(description="Visitors not recorded as identified visits.")


class TalliesIn(Body):
    rows: list[TallyRowIn] = Field(min_length=1, max_length=MAX_ROWS,
                                   description="each (visit_date, time_slot) once")


class TalliesOut(BaseModel):
    visit_ids: list[UUID] = Field(description="Each row's visit id, in the order given.")


class TallyCorrectionIn(Body):
    headcount: Headcount


class TallyCorrectionOut(BaseModel):
    visit_id: UUID
    headcount: int
    previous: int
    changed: bool = Field(description="false: it was that count already; nothing recorded")


class IdentifiedVisitIn(Body):
    client_id: UUID
    visit_date: EventDay
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
    organisers: EachOnce[Organiser] = Field(min_length=1, max_length=len(Organiser))
    planned_on: Day = Field(description="The day it is (or was) to take place; may be ahead.")
    sensitive_membership: Flag = Field(
        description="True when taking part would reveal something about the person (e.g. a "
                    "group for one population): the activity then takes headcounts only.")
    meeting_place_id: UUID | None = None
    municipality_code: MunicipalityCode | None = Field(
        default=None, description="Needed when the activity is not at a meeting place.")
    invited_count: Invited | None = None
    project_id: ProjectId | None = None


class ParticipantIn(Body):
    client_id: UUID
    attended: Flag
    compensation_eur: Euros | None = Field(default=None, description="only for attending")


class HeldIn(Body):
    started_at: Timestamp = Field(description="with a time zone; not on a future day")
    duration_min: Duration
    attendee_count: Headcount = Field(description="Everyone who came, identified or not.")
    invited_count: Invited | None = None
    participants: list[ParticipantIn] = Field(default_factory=list, max_length=MAX_ROWS,
                                              description="each client once")


class CancellationIn(Body):
    cancelled_on: EventDay
    reason: CancellationReason
    invited_count: Invited | None = None
    signup_count: Headcount | None = None


class ParticipationsIn(Body):
    participants: list[ParticipantIn] = Field(min_length=1, max_length=MAX_ROWS,
                                              description="each client once")


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
    next_cursor: int | None = Field(description="pass as ?cursor= for the next page")


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
    provided_on: EventDay
    meeting_place_id: UUID | None = None
    municipality_code: MunicipalityCode | None = None
    client_id: UUID | None = Field(default=None, description="An identified, consenting client.")
    recipient_count: Recipients = Field(  # type: ignore[valid-type]
        default=1, description="Anonymous recipients; exactly 1 when a client is named.")
