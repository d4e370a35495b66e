"""An activity (toiminta): a group, café, forum or briefing, planned, then held or cancelled.

Zero attendance is a fact worth recording. An activity whose membership would reveal
something about the people in it (``sensitive``: a group for one population, domain.md
7.1) is counted only: it refuses every client link. Identified participants are consenting
clients; those who attended never outnumber the attendees.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any
from uuid import UUID

from eventsourcing.domain import Aggregate, event

from .errors import ActivityConcluded, AlreadyRecorded, count_within, each_once, require
from .limits import MAX_COMPENSATION_CENTS, MAX_DURATION_MIN, MAX_HEADCOUNT, MAX_INVITED
from .meeting_place import check_municipality

SENSITIVE_REFUSAL = ("the activity's membership is sensitive: it takes headcounts only, and no "
                     "client is linked to it")


@dataclass(frozen=True)
class Participation:
    client_id: UUID
    attended: bool
    compensation_cents: int | None  # stays in meetingplace: a payment names its payee
    consent_id: UUID
    participated_on: date


class Activity(Aggregate):
    class Planned(Aggregate.Created):
        organisation_id: str
        project_id: str | None
        meeting_place_id: UUID | None
        municipality_code: str
        activity_type: str
        theme: str
        organisers: list[str]
        planned_on: date
        invited_count: int | None
        sensitive: bool

    @event(Planned)
    def __init__(  # noqa: PLR0913 (the library builds the event from these)
        self, *, organisation_id: str, project_id: str | None, meeting_place_id: UUID | None,
        municipality_code: str, activity_type: str, theme: str, organisers: list[str],
        planned_on: date, invited_count: int | None, sensitive: bool,
    ) -> None:
        self.organisation_id = organisation_id
        self.project_id = project_id
        self.meeting_place_id = meeting_place_id
        self.municipality_code = municipality_code
        self.activity_type = activity_type
        self.theme = theme
        self.organisers = organisers
        self.planned_on = planned_on
        self.invited_count = invited_count
        self.sensitive = sensitive
        self.status = "planned"  # planned | held | cancelled
        self.started_at: datetime | None = None
        self.duration_min: int | None = None
        self.attendee_count: int | None = None
        self.cancelled_on: date | None = None
        self.cancel_reason: str | None = None
        self.signup_count: int | None = None
        self.participations: dict[UUID, Participation] = {}

    @classmethod
    def plan(cls, **fields: Any) -> Activity:
        check_municipality(fields["municipality_code"])
        require(bool(fields["organisers"]), "at least one organiser", field="organisers")
        each_once(fields["organisers"], "organisers")
        if fields["invited_count"] is not None:
            count_within(fields["invited_count"], low=0, high=MAX_INVITED, field="invited_count")
        return cls(**fields)

    @property
    def held_on(self) -> date | None:
        return self.started_at.date() if self.started_at else None

    @property
    def day(self) -> date:
        """When it happened: the day it was held, else the day it was planned for."""
        return self.held_on or self.planned_on

    def ensure_clients_allowed(self, field: str) -> None:
        require(not self.sensitive, SENSITIVE_REFUSAL, field=field)

    def ensure_takes_participants(self, field: str) -> None:
        """Checked before anyone's consent is looked up, so the refusal says why."""
        self.ensure_clients_allowed(field)
        if self.status == "planned":
            raise ActivityConcluded("participation is recorded once the activity is held or "
                                    "cancelled", field=field)

    def attended_count(self) -> int:
        return sum(1 for p in self.participations.values() if p.attended)

    # Held

    class Held(Aggregate.Event):
        started_at: datetime  # Finnish local time, aware
        duration_min: int
        attendee_count: int
        invited_count: int | None
        identified_participant_count: int  # as recorded with the holding

    def hold(
        self, *, started_at: datetime, duration_min: int, attendee_count: int,
        invited_count: int | None, participants: list[Participation],
    ) -> None:
        self._ensure_planned()
        require(started_at.tzinfo is not None, "needs a time zone", field="started_at")
        count_within(duration_min, low=1, high=MAX_DURATION_MIN, field="duration_min")
        count_within(attendee_count, low=0, high=MAX_HEADCOUNT, field="attendee_count")
        if invited_count is not None:
            count_within(invited_count, low=0, high=MAX_INVITED, field="invited_count")
        attended = sum(1 for p in participants if p.attended)
        require(attended <= attendee_count,
                f"{attended} identified participants attended, more than the {attendee_count} "
                "attendees", field="attendee_count")
        self._held(started_at=started_at, duration_min=duration_min, attendee_count=attendee_count,
                   invited_count=invited_count if invited_count is not None else self.invited_count,
                   identified_participant_count=attended)
        for index, participation in enumerate(participants):
            self.record_participation(participation, field=f"participants.{index}")

    @event(Held)
    def _held(self, started_at: datetime, duration_min: int, attendee_count: int,
              invited_count: int | None, identified_participant_count: int) -> None:
        self.status = "held"
        self.started_at, self.duration_min = started_at, duration_min
        self.attendee_count, self.invited_count = attendee_count, invited_count

    # Cancelled

    class Cancelled(Aggregate.Event):
        cancelled_on: date
        reason: str
        invited_count: int | None
        signup_count: int | None

    def cancel(self, *, cancelled_on: date, reason: str, invited_count: int | None,
               signup_count: int | None) -> None:
        self._ensure_planned()
        if invited_count is not None:
            count_within(invited_count, low=0, high=MAX_INVITED, field="invited_count")
        if signup_count is not None:
            count_within(signup_count, low=0, high=MAX_HEADCOUNT, field="signup_count")
        self._cancelled(cancelled_on=cancelled_on, reason=reason, signup_count=signup_count,
                        invited_count=invited_count if invited_count is not None else self.invited_count)

    @event(Cancelled)
    def _cancelled(self, cancelled_on: date, reason: str, invited_count: int | None,
                   signup_count: int | None) -> None:
        self.status = "cancelled"
        self.cancelled_on, self.cancel_reason = cancelled_on, reason
        self.invited_count, self.signup_count = invited_count, signup_count

    # Participation of identified, consenting clients

    class ParticipationRecorded(Aggregate.Event):
        client_id: UUID
        attended: bool
        compensation_cents: int | None
        consent_id: UUID
        participated_on: date

    def record_participation(self, p: Participation, *, field: str = "") -> None:
        at = f"{field}." if field else ""
        self.ensure_takes_participants(f"{at}client_id")
        require(not (self.status == "cancelled" and p.attended),
                "the activity was cancelled: nobody attended it", field=f"{at}attended")
        require(p.participated_on == self.day, f"the activity was on {self.day}",
                field=f"{at}participated_on")
        if p.client_id in self.participations:
            raise AlreadyRecorded("this client's participation is recorded already",
                                  field=f"{at}client_id")
        if p.compensation_cents is not None:
            require(p.attended, "compensation is paid for attending", field=f"{at}compensation")
            count_within(p.compensation_cents, low=1, high=MAX_COMPENSATION_CENTS,
                         field=f"{at}compensation")
        if p.attended:
            require(self.attended_count() < (self.attendee_count or 0),
                    f"more identified participants than the {self.attendee_count} attendees",
                    field=f"{at}attended")
        self._participated(client_id=p.client_id, attended=p.attended, consent_id=p.consent_id,
                           compensation_cents=p.compensation_cents,
                           participated_on=p.participated_on)

    @event(ParticipationRecorded)
    def _participated(self, client_id: UUID, attended: bool, compensation_cents: int | None,
                      consent_id: UUID, participated_on: date) -> None:
        self.participations[client_id] = Participation(
            client_id, attended, compensation_cents, consent_id, participated_on)

    def _ensure_planned(self) -> None:
        if self.status != "planned":
            raise ActivityConcluded(f"the activity was {self.status} already")
