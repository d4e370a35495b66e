"""Reads of activities: counts for staff and managers alike; participants for staff only."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from uuid import UUID

from eventsourcing.utils import get_topic

from ..domain.activity import Activity
from ..domain.known_client import KnownClient
from .store import MeetingplaceStore
from .views import ActivityPage, ActivityView, ParticipationView

_PLANNED_TOPIC = get_topic(Activity.Planned)


@dataclass(frozen=True)
class ActivityFilter:
    meeting_place_id: UUID | None = None
    first: date | None = None
    last: date | None = None

    def admits(self, activity: Activity) -> bool:
        return (
            (self.meeting_place_id is None or activity.meeting_place_id == self.meeting_place_id)
            and (self.first is None or activity.day >= self.first)
            and (self.last is None or activity.day <= self.last)
        )


class ActivityReads:
    def __init__(self, store: MeetingplaceStore) -> None:
        self._store = store

    def get(self, activity_id: UUID, organisation_id: str) -> ActivityView:
        return view(self._store.activity(activity_id, organisation_id))

    def page(self, organisation_id: str, *, after: int, limit: int,
             where: ActivityFilter | None = None) -> ActivityPage:
        """The organisation's activities in the order they were planned, after the cursor."""
        where = where or ActivityFilter()
        found: list[ActivityView] = []
        position = after
        while len(found) < limit:
            notifications = self._store.recorder.select_notifications(
                start=position, limit=limit * 2, topics=[_PLANNED_TOPIC], inclusive_of_start=False)
            if not notifications:
                return ActivityPage(found, None)
            for n in notifications:
                position = n.id
                activity: Activity = self._store.repository.get(n.originator_id)
                if activity.organisation_id == organisation_id and where.admits(activity):
                    found.append(view(activity))
                    if len(found) == limit:
                        break
        return ActivityPage(found, position)

    def participations(self, activity_id: UUID, organisation_id: str) -> list[ParticipationView]:
        """Who took part, for staff. An erased client is no longer named here."""
        activity = self._store.activity(activity_id, organisation_id)
        return [
            ParticipationView(p.client_id, p.attended, p.compensation_cents, p.participated_on)
            for p in activity.participations.values() if not self._erased(p.client_id)
        ]

    def _erased(self, client_id: UUID) -> bool:
        client = self._store.get_or_none(KnownClient.id_for(client_id), KnownClient)
        return client is None or client.status == "erased"


def view(a: Activity) -> ActivityView:
    return ActivityView(
        activity_id=a.id, status=a.status, meeting_place_id=a.meeting_place_id,
        municipality_code=a.municipality_code, activity_type=a.activity_type, theme=a.theme,
        organisers=tuple(a.organisers), planned_on=a.planned_on, sensitive=a.sensitive,
        invited_count=a.invited_count, started_at=a.started_at, duration_min=a.duration_min,
        attendee_count=a.attendee_count, identified_attendees=a.attended_count(),
        cancelled_on=a.cancelled_on, cancel_reason=a.cancel_reason, signup_count=a.signup_count,
    )
