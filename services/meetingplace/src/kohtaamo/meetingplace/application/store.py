"""Meetingplace's event store, and the lookups every use case shares (written once, here)."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date
from typing import Any, TypeVar
from uuid import UUID

from eventsourcing.application import AggregateNotFoundError, Application
from eventsourcing.domain import Aggregate
from eventsourcing.persistence import Transcoder, Transcoding
from kohtaamo.servicekit.contention import retrying
from kohtaamo.servicekit.transcodings import DateAsISO

from ..domain.activity import Activity
from ..domain.errors import ActivityNotFound, ClientNotFound, PlaceNotFound
from ..domain.known_client import KnownClient
from ..domain.meeting_place import MeetingPlace
from ..domain.opening_hours import OpeningHours
from ..domain.visit_day import VisitDay

A = TypeVar("A", bound=Aggregate)
T = TypeVar("T")


class OpeningHoursAsList(Transcoding):
    type = OpeningHours
    name = "opening_hours"

    def encode(self, obj: OpeningHours) -> list[dict[str, str]]:
        return obj.as_state()

    def decode(self, data: list[dict[str, Any]]) -> OpeningHours:
        return OpeningHours.from_state(data)


class MeetingplaceStore(Application[UUID]):
    """The eventsourcing application: persistence only, the use cases are beside it."""

    name = "meetingplace"

    def __init__(self, env: Mapping[str, str]) -> None:
        super().__init__(env=env)

    def register_transcodings(self, transcoder: Transcoder) -> None:
        super().register_transcodings(transcoder)
        transcoder.register(DateAsISO())
        transcoder.register(OpeningHoursAsList())

    def retrying(self, attempt: Callable[[], T]) -> T:
        """Run a use case that loads, changes and saves; again if a concurrent command
        saved one of its aggregates first (nothing of the losing attempt is stored).

        Staff entering the same day's visits at once race on that day: a short, growing,
        random pause lets them through one by one instead of in lockstep."""
        return retrying(attempt)

    def get_or_none(self, aggregate_id: UUID, kind: type[A]) -> A | None:
        try:
            found = self.repository.get(aggregate_id)
        except AggregateNotFoundError:
            return None
        return found if isinstance(found, kind) else None

    def place(self, place_id: UUID, organisation_id: str, *, field: str = "place_id") -> MeetingPlace:
        """The place, if it is the caller's organisation's: another's does not exist here."""
        place = self.get_or_none(place_id, MeetingPlace)
        if place is None or place.organisation_id != organisation_id:
            raise PlaceNotFound(place_id, field=field)
        return place

    def activity(self, activity_id: UUID, organisation_id: str, *, field: str = "activity_id") -> Activity:
        activity = self.get_or_none(activity_id, Activity)
        if activity is None or activity.organisation_id != organisation_id:
            raise ActivityNotFound(activity_id, field=field)
        return activity

    def client(self, client_id: UUID, organisation_id: str, *, field: str = "client_id") -> KnownClient:
        """A client intake told us about, in the caller's organisation."""
        client = self.get_or_none(KnownClient.id_for(client_id), KnownClient)
        if client is None or client.organisation_id != organisation_id:
            raise ClientNotFound(client_id, field=field)
        return client

    def visit_day(self, place: MeetingPlace, visit_date: date) -> VisitDay:
        """The place's visits on that day, started if none are recorded yet."""
        return self.get_or_none(VisitDay.id_for(place.id, visit_date), VisitDay) or VisitDay.start(
            meeting_place_id=place.id, organisation_id=place.organisation_id,
            project_id=place.project_id, visit_date=visit_date,
        )
