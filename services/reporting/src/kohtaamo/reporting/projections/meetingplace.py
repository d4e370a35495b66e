"""Meeting-place facts: activities, visit tallies, places, peer support, participation."""

from __future__ import annotations

from kohtaamo.contracts import Envelope
from kohtaamo.contracts.meetingplace import v1 as mp
from kohtaamo.contracts.meetingplace import v2 as mp2

from .clients import client_event
from .facts import Origin, Write, insert, local_date

ACTIVITY_COLUMNS = "activity_id, status, activity_type, meeting_place_id, attendee_count"
PLACE_COLUMNS = "event_type, ref_id, meeting_place_id, code, municipality_code, client_id, quantity"


def activity_held(event: Envelope[mp.ActivityHeld], origin: Origin) -> list[Write]:
    p = event.payload
    return [insert("fact_activities", ACTIVITY_COLUMNS, event, origin, local_date(p.started_at),
                   p.activity_id, "HELD", p.activity_type.value, p.meeting_place_id,
                   p.attendee_count)]


def activity_cancelled(event: Envelope[mp.ActivityCancelled], origin: Origin) -> list[Write]:
    # Dated by the day it was to take place: a cancelled activity belongs to that month.
    p = event.payload
    return [insert("fact_activities", ACTIVITY_COLUMNS, event, origin, p.planned_on,
                   p.activity_id, "CANCELLED", p.activity_type.value, p.meeting_place_id, None)]


def visit(event: Envelope[mp2.VisitRecorded], origin: Origin) -> list[Write]:
    p = event.payload
    return [insert("fact_visits", "visit_id, meeting_place_id, visitor_kind, client_id, headcount",
                   event, origin, p.visit_date,
                   p.visit_id, p.meeting_place_id, p.visitor_kind.value, p.client_id, p.headcount)]


def participation(event: Envelope[mp.GroupParticipationRecorded], origin: Origin) -> list[Write]:
    p = event.payload
    return [client_event(event, origin, p.participated_on, code=p.activity_type.value,
                         ref_id=p.activity_id, flag=p.attended)]


def place_opened(event: Envelope[mp.MeetingPlaceOpened], origin: Origin) -> list[Write]:
    p = event.payload
    return [insert("fact_place_events", PLACE_COLUMNS, event, origin, p.opened_on,
                   "MeetingPlaceOpened", p.meeting_place_id, p.meeting_place_id, p.premises.value,
                   p.municipality_code, None, None)]


def place_closed(event: Envelope[mp.MeetingPlaceClosed], origin: Origin) -> list[Write]:
    p = event.payload
    return [insert("fact_place_events", PLACE_COLUMNS, event, origin, p.closed_on,
                   "MeetingPlaceClosed", p.meeting_place_id, p.meeting_place_id, None, None,
                   None, None)]


def peer_support(event: Envelope[mp.PeerSupportProvided], origin: Origin) -> list[Write]:
    p = event.payload
    return [insert("fact_place_events", PLACE_COLUMNS, event, origin, p.provided_on,
                   "PeerSupportProvided", p.peer_support_id, p.meeting_place_id, p.form.value,
                   p.municipality_code, p.client_id, p.recipient_count)]
