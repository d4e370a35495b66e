"""What the application answers with: plain data, no aggregates leaking out.

Counts only, except ``ParticipationView``: the one view naming clients, for staff.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from uuid import UUID

from ..domain.opening_hours import OpeningHours


@dataclass(frozen=True)
class PlaceView:
    place_id: UUID
    name: str
    municipality_code: str
    premises: str
    facilities: tuple[str, ...]
    opening_hours: OpeningHours
    free_of_charge: bool
    opened_on: date
    closed_on: date | None
    project_id: str | None


@dataclass(frozen=True)
class PlacePage:
    places: list[PlaceView]
    next_cursor: int | None


@dataclass(frozen=True)
class SlotCount:
    time_slot: str
    tally: int | None  # None: not tallied
    identified: int
    tally_visit_id: UUID


@dataclass(frozen=True)
class DayCounts:
    visit_date: date
    slots: list[SlotCount]

    @property
    def total(self) -> int:
        return sum((s.tally or 0) + s.identified for s in self.slots)


@dataclass(frozen=True)
class TallyCorrection:
    visit_id: UUID
    headcount: int
    previous: int
    changed: bool


@dataclass(frozen=True)
class ActivityView:
    activity_id: UUID
    status: str
    meeting_place_id: UUID | None
    municipality_code: str
    activity_type: str
    theme: str
    organisers: tuple[str, ...]
    planned_on: date
    sensitive: bool
    invited_count: int | None
    started_at: datetime | None
    duration_min: int | None
    attendee_count: int | None
    identified_attendees: int
    cancelled_on: date | None
    cancel_reason: str | None
    signup_count: int | None


@dataclass(frozen=True)
class ActivityPage:
    activities: list[ActivityView]
    next_cursor: int | None


@dataclass(frozen=True)
class ParticipationView:
    client_id: UUID
    attended: bool
    compensation_cents: int | None
    participated_on: date
