"""One meeting place's visits on one day: anonymous tallies per time slot, and the visits
of identified clients who consented.

Each slot's tally has a ``visit_id`` that follows from (place, date, slot), so a correction
replaces the count wherever it is summed. A day is tallied either as a whole or by part of
the day, never both, or its visitors would be counted twice. Tallies count the visitors not
recorded by name: an identified visit is its own entry of one.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from uuid import NAMESPACE_URL, UUID, uuid5

from eventsourcing.domain import Aggregate, event

from .errors import AlreadyCounted, AlreadyRecorded, TallyNotFound, count_within, require
from .limits import MAX_HEADCOUNT

WHOLE_DAY = "WHOLE_DAY"
_NAMESPACE = uuid5(NAMESPACE_URL, "https://kohtaamo.fi/meetingplace/visits")


@dataclass(frozen=True)
class IdentifiedVisit:
    visit_id: UUID
    client_id: UUID
    time_slot: str
    purpose: str | None
    activity_id: UUID | None
    consent_id: UUID


class VisitDay(Aggregate):
    @staticmethod
    def id_for(meeting_place_id: UUID, visit_date: date) -> UUID:
        return uuid5(_NAMESPACE, f"{meeting_place_id}/{visit_date.isoformat()}")

    @staticmethod
    def tally_id(meeting_place_id: UUID, visit_date: date, time_slot: str) -> UUID:
        """The ``visit_id`` of a slot's anonymous tally, the same for every correction."""
        return uuid5(_NAMESPACE, f"{meeting_place_id}/{visit_date.isoformat()}/{time_slot}")

    class Started(Aggregate.Created):
        meeting_place_id: UUID
        organisation_id: str
        project_id: str | None
        visit_date: date

    @event(Started)
    def __init__(
        self, *, id: UUID, meeting_place_id: UUID, organisation_id: str,  # noqa: A002
        project_id: str | None, visit_date: date,
    ) -> None:
        self.meeting_place_id = meeting_place_id
        self.organisation_id = organisation_id
        self.project_id = project_id
        self.visit_date = visit_date
        self.tallies: dict[str, int] = {}
        self.identified: dict[UUID, IdentifiedVisit] = {}

    @classmethod
    def start(cls, *, meeting_place_id: UUID, organisation_id: str, project_id: str | None,
              visit_date: date) -> VisitDay:
        return cls(id=cls.id_for(meeting_place_id, visit_date), meeting_place_id=meeting_place_id,
                   organisation_id=organisation_id, project_id=project_id, visit_date=visit_date)

    # Anonymous tallies

    class Counted(Aggregate.Event):
        time_slot: str
        headcount: int

    def count(self, *, time_slot: str, headcount: int) -> None:
        count_within(headcount, low=0, high=MAX_HEADCOUNT, field="headcount")
        if time_slot in self.tallies:
            raise AlreadyCounted(
                f"{self.visit_date} {time_slot} is counted already ({self.tallies[time_slot]}): "
                "correct the tally instead", field="time_slot")
        if time_slot == WHOLE_DAY:
            require(not self.tallies, "the day is already counted by part of the day",
                    field="time_slot")
        else:
            require(WHOLE_DAY not in self.tallies, "the day is already counted as a whole",
                    field="time_slot")
        self._counted(time_slot=time_slot, headcount=headcount)

    @event(Counted)
    def _counted(self, time_slot: str, headcount: int) -> None:
        self.tallies[time_slot] = headcount

    class Corrected(Aggregate.Event):
        time_slot: str
        headcount: int
        previous: int

    def correct(self, *, time_slot: str, headcount: int) -> bool:
        """Replace a slot's count; False (nothing recorded) if it is that count already."""
        if time_slot not in self.tallies:
            raise TallyNotFound(self.visit_date, time_slot)
        count_within(headcount, low=0, high=MAX_HEADCOUNT, field="headcount")
        previous = self.tallies[time_slot]
        if previous == headcount:
            return False
        self._corrected(time_slot=time_slot, headcount=headcount, previous=previous)
        return True

    @event(Corrected)
    def _corrected(self, time_slot: str, headcount: int, previous: int) -> None:
        self.tallies[time_slot] = headcount

    # Identified visits

    class IdentifiedVisitRecorded(Aggregate.Event):
        visit_id: UUID
        client_id: UUID
        time_slot: str
        purpose: str | None
        activity_id: UUID | None
        consent_id: UUID

    def record_identified(self, visit: IdentifiedVisit) -> None:
        repeated = any(v.client_id == visit.client_id and v.time_slot == visit.time_slot
                       for v in self.identified.values())
        if repeated:
            raise AlreadyRecorded(
                f"this client's visit on {self.visit_date} {visit.time_slot} is recorded already",
                field="client_id")
        self._identified(visit_id=visit.visit_id, client_id=visit.client_id,
                         time_slot=visit.time_slot, purpose=visit.purpose,
                         activity_id=visit.activity_id, consent_id=visit.consent_id)

    @event(IdentifiedVisitRecorded)
    def _identified(  # noqa: PLR0913
        self, visit_id: UUID, client_id: UUID, time_slot: str, purpose: str | None,
        activity_id: UUID | None, consent_id: UUID,
    ) -> None:
        self.identified[visit_id] = IdentifiedVisit(
            visit_id, client_id, time_slot, purpose, activity_id, consent_id)

    def identified_in(self, time_slot: str) -> int:
        return sum(1 for v in self.identified.values() if v.time_slot == time_slot)
