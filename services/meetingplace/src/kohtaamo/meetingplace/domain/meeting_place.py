"""A meeting place (kohtaamispaikka): a NARIKKA, Kyläkulma or another drop-in space.

Its name and opening hours are the organisation's own business and stay in meetingplace;
what is published about it is coded (municipality, premises, facilities).
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from eventsourcing.domain import Aggregate, event

from .errors import PlaceClosed, each_once, require
from .opening_hours import OpeningHours

_MUNICIPALITY = re.compile(r"^\d{3}$")


def check_municipality(code: str, field: str = "municipality_code") -> None:
    require(bool(_MUNICIPALITY.match(code)), "a municipality code has three digits", field=field)


class MeetingPlace(Aggregate):
    class Opened(Aggregate.Created):
        organisation_id: str
        project_id: str | None
        name: str
        municipality_code: str
        premises: str
        facilities: list[str]
        opening_hours: OpeningHours
        free_of_charge: bool
        opened_on: date

    @event(Opened)
    def __init__(  # noqa: PLR0913 (the library builds the event from these)
        self, *, organisation_id: str, project_id: str | None, name: str, municipality_code: str,
        premises: str, facilities: list[str], opening_hours: OpeningHours, free_of_charge: bool,
        opened_on: date,
    ) -> None:
        self.organisation_id = organisation_id
        self.project_id = project_id
        self.name = name
        self.municipality_code = municipality_code
        self.premises = premises
        self.facilities = facilities
        self.opening_hours = opening_hours
        self.free_of_charge = free_of_charge
        self.opened_on = opened_on
        self.closed_on: date | None = None
        self.recorded_until: date | None = None  # the latest day anything happened here

    @classmethod
    def open(cls, **fields: Any) -> MeetingPlace:
        check_municipality(str(fields["municipality_code"]))
        each_once(fields["facilities"], "facilities")
        require(bool(str(fields["name"]).strip()), "a meeting place has a name", field="name")
        return cls(**fields)

    def ensure_open_on(self, day: date, field: str) -> None:
        """Visits and activities happen here only while the place is open."""
        require(day >= self.opened_on, f"is before the meeting place opened on {self.opened_on}",
                field=field)
        if self.closed_on is not None:
            require(day <= self.closed_on,
                    f"is after the meeting place closed on {self.closed_on}", field=field)

    # Details

    class DetailsChanged(Aggregate.Event):
        changed_on: date
        name: str
        premises: str
        facilities: list[str]
        opening_hours: OpeningHours
        free_of_charge: bool

    def change_details(  # noqa: PLR0913
        self, *, changed_on: date, name: str, premises: str, facilities: list[str],
        opening_hours: OpeningHours, free_of_charge: bool,
    ) -> None:
        self._ensure_not_closed()
        require(changed_on >= self.opened_on,
                f"is before the meeting place opened on {self.opened_on}", field="changed_on")
        require(bool(name.strip()), "a meeting place has a name", field="name")
        each_once(facilities, "facilities")
        self._details_changed(changed_on=changed_on, name=name, premises=premises,
                              facilities=facilities, opening_hours=opening_hours,
                              free_of_charge=free_of_charge)

    @event(DetailsChanged)
    def _details_changed(  # noqa: PLR0913
        self, changed_on: date, name: str, premises: str, facilities: list[str],
        opening_hours: OpeningHours, free_of_charge: bool,
    ) -> None:
        self.name, self.premises, self.facilities = name, premises, facilities
        self.opening_hours, self.free_of_charge = opening_hours, free_of_charge

    # What happened here, and closing

    class RecordedUntil(Aggregate.Event):
        day: date

    def note_recorded(self, day: date) -> None:
        """Remember the latest day recorded here, so the place cannot close before it."""
        if self.recorded_until is None or day > self.recorded_until:
            self._recorded_until(day=day)

    @event(RecordedUntil)
    def _recorded_until(self, day: date) -> None:
        self.recorded_until = day

    class Closed(Aggregate.Event):
        closed_on: date

    def close(self, *, closed_on: date) -> None:
        self._ensure_not_closed()
        require(closed_on >= self.opened_on,
                f"is before the meeting place opened on {self.opened_on}", field="closed_on")
        if self.recorded_until is not None:
            require(closed_on >= self.recorded_until,
                    f"visits or activities are recorded here until {self.recorded_until}",
                    field="closed_on")
        self._closed(closed_on=closed_on)

    @event(Closed)
    def _closed(self, closed_on: date) -> None:
        self.closed_on = closed_on

    def _ensure_not_closed(self) -> None:
        if self.closed_on is not None:
            raise PlaceClosed(f"the meeting place closed on {self.closed_on}")
