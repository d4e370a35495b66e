"""Activities: plan, hold (with its identified participants) or cancel; participations."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from uuid import UUID

from ..domain.activity import Activity, Participation
from ..domain.errors import MeetingplaceError, combine, require
from ..domain.meeting_place import MeetingPlace
from . import codes
from .codes import FINLAND
from .commands import CancelActivity, HoldActivity, Participant, PlanActivity, RecordParticipations
from .consents import participation_consent
from .store import MeetingplaceStore


class Activities:
    def __init__(self, store: MeetingplaceStore, today: Callable[[], date]) -> None:
        self._store, self._today = store, today

    def plan(self, cmd: PlanActivity) -> UUID:
        place = None
        municipality = cmd.municipality_code
        if cmd.meeting_place_id is not None:
            place = self._store.place(cmd.meeting_place_id, cmd.organisation_id,
                                      field="meeting_place_id")
            place.ensure_open_on(cmd.planned_on, "planned_on")
            require(municipality in (None, place.municipality_code),
                    f"the meeting place is in {place.municipality_code}", field="municipality_code")
            municipality = place.municipality_code
        require(municipality is not None, "give the meeting place or the municipality",
                field="municipality_code")
        activity = Activity.plan(
            organisation_id=cmd.organisation_id,
            project_id=place.project_id if place else cmd.project_id,
            meeting_place_id=cmd.meeting_place_id, municipality_code=municipality,
            activity_type=cmd.activity_type, theme=cmd.theme, organisers=list(cmd.organisers),
            planned_on=cmd.planned_on, invited_count=cmd.invited_count, sensitive=cmd.sensitive,
        )
        self._store.save(activity)
        return activity.id

    def hold(self, cmd: HoldActivity) -> None:
        started_at = cmd.started_at.astimezone(FINLAND)
        held_on = started_at.date()
        codes.not_in_future(held_on, self._today(), "started_at")

        def attempt() -> None:
            activity = self._store.activity(cmd.activity_id, cmd.organisation_id)
            place = self._place_of(activity)
            if place is not None:
                place.ensure_open_on(held_on, "started_at")
            if cmd.participants:
                activity.ensure_clients_allowed("participants")
            participants = self._consenting(cmd.participants, cmd.organisation_id, held_on)
            activity.hold(started_at=started_at, duration_min=cmd.duration_min,
                          attendee_count=cmd.attendee_count, invited_count=cmd.invited_count,
                          participants=participants)
            if place is not None:
                place.note_recorded(held_on)
            self._store.save(activity, *([place] if place else []))

        self._store.retrying(attempt)

    def cancel(self, cmd: CancelActivity) -> None:
        codes.not_in_future(cmd.cancelled_on, self._today(), "cancelled_on")

        def attempt() -> None:
            activity = self._store.activity(cmd.activity_id, cmd.organisation_id)
            activity.cancel(cancelled_on=cmd.cancelled_on, reason=cmd.reason,
                            invited_count=cmd.invited_count, signup_count=cmd.signup_count)
            self._store.save(activity)

        self._store.retrying(attempt)

    def record_participations(self, cmd: RecordParticipations) -> None:
        """All of them, or none: each client consenting on the activity's day."""
        require(bool(cmd.participants), "at least one participant", field="participants")

        def attempt() -> None:
            activity = self._store.activity(cmd.activity_id, cmd.organisation_id)
            activity.ensure_takes_participants("participants")
            participants = self._consenting(cmd.participants, cmd.organisation_id, activity.day)
            refused: list[tuple[str, MeetingplaceError]] = []
            for index, participation in enumerate(participants):
                try:
                    activity.record_participation(participation)
                except MeetingplaceError as exc:
                    refused.append((f"participants.{index}", exc))
            combine(refused, "no participation was recorded: see the participants")
            self._store.save(activity)

        self._store.retrying(attempt)

    def _consenting(self, participants: tuple[Participant, ...], organisation_id: str,
                    day: date) -> list[Participation]:
        found, refused, first = [], [], {}
        for index, p in enumerate(participants):
            try:
                require(p.client_id not in first, f"repeats participants.{first.get(p.client_id)}",
                        field="client_id")
                first[p.client_id] = index
                consent_id = participation_consent(self._store, p.client_id, organisation_id, day)
                found.append(Participation(p.client_id, p.attended, p.compensation_cents,
                                           consent_id, day))
            except MeetingplaceError as exc:
                refused.append((f"participants.{index}", exc))
        combine(refused, "no participation was recorded: see the participants")
        return found

    def _place_of(self, activity: Activity) -> MeetingPlace | None:
        if activity.meeting_place_id is None:
            return None
        return self._store.place(activity.meeting_place_id, activity.organisation_id)
