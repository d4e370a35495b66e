"""Outbound translation: meetingplace's domain events -> integration events (or nothing).

Only pseudonymous ids, codes and counts go out. A place's name and opening hours, the
consent view of each client and compensation paid to participants stay in meetingplace:
a payment record names whom it paid (domain.md 7.7).
"""

from __future__ import annotations

from datetime import datetime
from functools import lru_cache
from typing import Any
from uuid import UUID

from eventsourcing.application import Application
from eventsourcing.domain import Aggregate, DomainEventProtocol
from kohtaamo.contracts import Payload
from kohtaamo.contracts.meetingplace import v1, v2
from kohtaamo.servicekit.outgoing import Outgoing, outgoing, start_of

from ..domain.activity import Activity
from ..domain.meeting_place import MeetingPlace
from ..domain.peer_support import PeerSupport
from ..domain.visit_day import VisitDay

PRODUCER = "meetingplace"
ANONYMOUS, IDENTIFIED = "ANONYMOUS", "IDENTIFIED_CLIENT"
_PUBLISHED = (MeetingPlace.Opened, MeetingPlace.Closed, VisitDay.Counted, VisitDay.Corrected,
              VisitDay.IdentifiedVisitRecorded, Activity.Held, Activity.Cancelled,
              Activity.ParticipationRecorded, PeerSupport.Provided)


class Publisher:
    """Translates for the relay; reads each aggregate's first version once (its origin:
    organisation, project, and what was fixed when it was created)."""

    def __init__(self, app: Application[UUID]) -> None:
        self._app = app
        self._origin = lru_cache(maxsize=10_000)(self._load_origin)

    def __call__(self, e: DomainEventProtocol[Any]) -> Outgoing | None:
        if not isinstance(e, _PUBLISHED):
            return None  # internal: a day started, details changed, consents, receipts
        origin = self._origin(e.originator_id)
        payload, occurred_at = translate(e, origin)
        return outgoing(e, payload, occurred_at=occurred_at, producer=PRODUCER,
                        organisation_id=origin.organisation_id, project_id=origin.project_id)

    def _load_origin(self, aggregate_id: UUID) -> Any:
        return self._app.repository.get(aggregate_id, version=1)


def translate(e: DomainEventProtocol[Any], origin: Aggregate | Any) -> tuple[Payload, datetime]:
    match e:
        case MeetingPlace.Opened():
            return v1.MeetingPlaceOpened(
                meeting_place_id=e.originator_id, municipality_code=e.municipality_code,
                opened_on=e.opened_on, premises=e.premises, facilities=tuple(e.facilities),
                free_of_charge=e.free_of_charge,
            ), start_of(e.opened_on)
        case MeetingPlace.Closed():
            return v1.MeetingPlaceClosed(
                meeting_place_id=e.originator_id, closed_on=e.closed_on), start_of(e.closed_on)
        case VisitDay.Counted() | VisitDay.Corrected():
            return v2.VisitRecorded(
                meeting_place_id=origin.meeting_place_id,
                visit_id=VisitDay.tally_id(origin.meeting_place_id, origin.visit_date, e.time_slot),
                visit_date=origin.visit_date, time_slot=e.time_slot, visitor_kind=ANONYMOUS,
                headcount=e.headcount,
            ), start_of(origin.visit_date)
        case VisitDay.IdentifiedVisitRecorded():
            return v2.VisitRecorded(
                meeting_place_id=origin.meeting_place_id, visit_id=e.visit_id,
                visit_date=origin.visit_date, time_slot=e.time_slot, visitor_kind=IDENTIFIED,
                client_id=e.client_id, headcount=1, purpose=e.purpose, activity_id=e.activity_id,
            ), start_of(origin.visit_date)
        case Activity.Held():
            return v1.ActivityHeld(
                **_activity(e, origin), started_at=e.started_at, duration_min=e.duration_min,
                invited_count=e.invited_count, attendee_count=e.attendee_count,
                identified_participant_count=e.identified_participant_count,
                sensitive_membership=origin.sensitive,
            ), e.started_at
        case Activity.Cancelled():
            return v1.ActivityCancelled(
                **_activity(e, origin), planned_on=origin.planned_on,
                cancelled_on=e.cancelled_on, reason=e.reason, invited_count=e.invited_count,
                signup_count=e.signup_count,
            ), start_of(e.cancelled_on)
        case Activity.ParticipationRecorded():
            # No compensation here: amount and payee together are a payment record.
            return v1.GroupParticipationRecorded(
                activity_id=e.originator_id, client_id=e.client_id,
                activity_type=origin.activity_type, participated_on=e.participated_on,
                attended=e.attended, consent_id=e.consent_id,
            ), start_of(e.participated_on)
        case PeerSupport.Provided():
            return v1.PeerSupportProvided(
                peer_support_id=e.originator_id, form=e.form, provided_on=e.provided_on,
                meeting_place_id=e.meeting_place_id, municipality_code=e.municipality_code,
                recipient_kind=IDENTIFIED if e.client_id else ANONYMOUS, client_id=e.client_id,
                recipient_count=e.recipient_count,
            ), start_of(e.provided_on)
    raise TypeError(f"no translation for {type(e).__qualname__}")


def _activity(e: DomainEventProtocol[Any], origin: Any) -> dict[str, Any]:
    """What every activity event repeats from the plan."""
    return {
        "activity_id": e.originator_id, "meeting_place_id": origin.meeting_place_id,
        "municipality_code": origin.municipality_code, "activity_type": origin.activity_type,
        "theme": origin.theme,
        **({"organisers": tuple(origin.organisers)} if isinstance(e, Activity.Held) else {}),
    }
