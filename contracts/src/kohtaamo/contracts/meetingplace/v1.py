"""Events published by meetingplace, schema version 1.

Meeting places are anonymous by default: a client id appears only where the client has
consented to identified participation (intake's ConsentRecorded, party MEETING_PLACE,
purpose PARTICIPATION_RECORDING), and never for an activity with sensitive membership.
``VisitRecorded`` has a version 2 (``v2.py``); this v1 class stays for old messages.
"""

from __future__ import annotations

from datetime import date
from typing import Self
from uuid import UUID

from pydantic import AwareDatetime, Field, model_validator

from ..envelope import Payload
from ..types import ClientId, Codes, MunicipalityCode, SomeCodes, require
from .codes import (
    ActivityTheme,
    ActivityType,
    CancellationReason,
    Facility,
    Identification,
    Organiser,
    PeerSupportForm,
    Premises,
    VisitPurpose,
)

IDENTIFIED_ONLY = "Only for an identified, consenting client."


def check_identification(kind: Identification, client_id: UUID | None, count: int) -> None:
    """An identified entry is exactly one known client; an anonymous one names nobody."""
    if kind is Identification.IDENTIFIED_CLIENT:
        require(client_id is not None, "an identified entry needs the client_id")
        require(count == 1, "an identified entry counts exactly one person")
    else:
        require(client_id is None, "an anonymous entry has no client_id")


class MeetingPlaceOpened(Payload):
    """A meeting place opened (kohtaamispaikka avattiin), e.g. a NARIKKA or Kyläkulma.

    Located by municipality only: no street address, and no name either, since names and
    free text stay in meetingplace.
    """

    event_type = "meetingplace.MeetingPlaceOpened"
    schema_version = 1

    meeting_place_id: UUID
    municipality_code: MunicipalityCode
    opened_on: date
    premises: Premises
    facilities: Codes[Facility] = ()
    free_of_charge: bool


class MeetingPlaceClosed(Payload):
    """A meeting place closed for good (kohtaamispaikka suljettiin): no visits or
    activities are recorded there after ``closed_on``, its last open day."""

    event_type = "meetingplace.MeetingPlaceClosed"
    schema_version = 1

    meeting_place_id: UUID
    closed_on: date


class VisitRecorded(Payload):
    """Visits to a meeting place (käynti kohtaamispaikassa), version 1: an exact instant.

    Superseded by v2, which records a date and a time slot; v1 messages are upcast.
    """

    event_type = "meetingplace.VisitRecorded"
    schema_version = 1

    meeting_place_id: UUID
    visit_id: UUID
    visited_at: AwareDatetime
    visitor_kind: Identification
    client_id: UUID | None = Field(default=None, description=IDENTIFIED_ONLY)
    headcount: int = Field(default=1, ge=1, description="How many visitors this entry tallies.")
    purpose: VisitPurpose | None = None
    activity_id: UUID | None = None

    @model_validator(mode="after")
    def _identified_or_anonymous(self) -> Self:
        check_identification(self.visitor_kind, self.client_id, self.headcount)
        return self


class ActivityHeld(Payload):
    """An activity took place (toiminta järjestettiin): a group, café, forum, briefing...

    Zero attendance is a valid result. ``sensitive_membership`` marks an activity whose
    participation would reveal something sensitive (e.g. a group for one population):
    then it is counted only, and nobody is linked to it.
    """

    event_type = "meetingplace.ActivityHeld"
    schema_version = 1

    activity_id: UUID
    meeting_place_id: UUID | None = Field(default=None, description="None: held elsewhere.")
    municipality_code: MunicipalityCode
    activity_type: ActivityType
    theme: ActivityTheme
    organisers: SomeCodes[Organiser]
    started_at: AwareDatetime
    duration_min: int = Field(ge=1, le=24 * 60)
    invited_count: int | None = Field(default=None, ge=0)
    attendee_count: int = Field(ge=0, description="Everyone who came, identified or not.")
    identified_participant_count: int = Field(default=0, ge=0)
    sensitive_membership: bool

    @model_validator(mode="after")
    def _counts_add_up(self) -> Self:
        require(self.identified_participant_count <= self.attendee_count,
                "more identified participants than attendees")
        if self.sensitive_membership:
            require(self.identified_participant_count == 0,
                    "an activity with sensitive membership has no identified participants")
        return self


class ActivityCancelled(Payload):
    """A planned activity was cancelled (toiminta peruttiin), e.g. for too few sign-ups."""

    event_type = "meetingplace.ActivityCancelled"
    schema_version = 1

    activity_id: UUID
    meeting_place_id: UUID | None = None
    municipality_code: MunicipalityCode
    activity_type: ActivityType
    theme: ActivityTheme
    planned_on: date
    cancelled_on: date
    reason: CancellationReason
    invited_count: int | None = Field(default=None, ge=0)
    signup_count: int | None = Field(default=None, ge=0)


class GroupParticipationRecorded(Payload):
    """An identified, consenting client's participation in a group session was recorded
    (ryhmään osallistuminen). Never for an activity with sensitive membership."""

    event_type = "meetingplace.GroupParticipationRecorded"
    schema_version = 1

    activity_id: UUID
    client_id: ClientId
    activity_type: ActivityType = Field(description="As in the activity's ActivityHeld.")
    participated_on: date
    attended: bool
    consent_id: UUID = Field(description="The consent that allows the identification.")


class PeerSupportProvided(Payload):
    """Peer support was given (vertaistuki): one to one, in a group or online."""

    event_type = "meetingplace.PeerSupportProvided"
    schema_version = 1

    peer_support_id: UUID
    form: PeerSupportForm
    provided_on: date
    meeting_place_id: UUID | None = None
    municipality_code: MunicipalityCode | None = None
    recipient_kind: Identification
    client_id: UUID | None = Field(default=None, description=IDENTIFIED_ONLY)
    recipient_count: int = Field(default=1, ge=1)

    @model_validator(mode="after")
    def _identified_or_anonymous(self) -> Self:
        check_identification(self.recipient_kind, self.client_id, self.recipient_count)
        return self
