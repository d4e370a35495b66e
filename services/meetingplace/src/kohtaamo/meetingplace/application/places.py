"""Meeting places: open, change details, close, list."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from uuid import UUID

from eventsourcing.utils import get_topic

from ..domain.meeting_place import MeetingPlace
from . import codes
from .commands import ChangePlaceDetails, ClosePlace, OpenPlace
from .store import MeetingplaceStore
from .views import PlacePage, PlaceView

_OPENED_TOPIC = get_topic(MeetingPlace.Opened)


class Places:
    def __init__(self, store: MeetingplaceStore, today: Callable[[], date]) -> None:
        self._store, self._today = store, today

    def open(self, cmd: OpenPlace) -> UUID:
        codes.not_in_future(cmd.opened_on, self._today(), "opened_on")
        place = MeetingPlace.open(
            organisation_id=cmd.organisation_id, project_id=cmd.project_id, name=cmd.name,
            municipality_code=cmd.municipality_code, premises=cmd.premises,
            facilities=list(cmd.facilities), opening_hours=cmd.opening_hours,
            free_of_charge=cmd.free_of_charge, opened_on=cmd.opened_on,
        )
        self._store.save(place)
        return place.id

    def change(self, cmd: ChangePlaceDetails) -> None:
        codes.not_in_future(cmd.changed_on, self._today(), "changed_on")

        def attempt() -> None:
            place = self._store.place(cmd.place_id, cmd.organisation_id)
            place.change_details(
                changed_on=cmd.changed_on,
                name=place.name if cmd.name is None else cmd.name,
                premises=cmd.premises or place.premises,
                facilities=place.facilities if cmd.facilities is None else list(cmd.facilities),
                opening_hours=cmd.opening_hours or place.opening_hours,
                free_of_charge=(place.free_of_charge if cmd.free_of_charge is None
                                else cmd.free_of_charge),
            )
            self._store.save(place)

        self._store.retrying(attempt)

    def close(self, cmd: ClosePlace) -> None:
        codes.not_in_future(cmd.closed_on, self._today(), "closed_on")

        def attempt() -> None:
            place = self._store.place(cmd.place_id, cmd.organisation_id)
            place.close(closed_on=cmd.closed_on)
            self._store.save(place)

        self._store.retrying(attempt)

    def get(self, place_id: UUID, organisation_id: str) -> PlaceView:
        return view(self._store.place(place_id, organisation_id))

    def page(self, organisation_id: str, *, after: int, limit: int) -> PlacePage:
        """The organisation's places in the order they were opened, after the cursor."""
        found: list[PlaceView] = []
        position = after
        while len(found) < limit:
            notifications = self._store.recorder.select_notifications(
                start=position, limit=limit * 2, topics=[_OPENED_TOPIC], inclusive_of_start=False)
            if not notifications:
                return PlacePage(found, None)
            for n in notifications:
                position = n.id
                place: MeetingPlace = self._store.repository.get(n.originator_id)
                if place.organisation_id == organisation_id:
                    found.append(view(place))
                    if len(found) == limit:
                        break
        return PlacePage(found, position)


def view(place: MeetingPlace) -> PlaceView:
    return PlaceView(
        place_id=place.id, name=place.name, municipality_code=place.municipality_code,
        premises=place.premises, facilities=tuple(place.facilities),
        opening_hours=place.opening_hours, free_of_charge=place.free_of_charge,
        opened_on=place.opened_on, closed_on=place.closed_on, project_id=place.project_id,
    )
