"""Visits: a day's or a week's anonymous tallies in one request, corrections, and the
visits of identified clients who consented."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from uuid import UUID, uuid4

from kohtaamo.contracts.meetingplace.codes import TimeSlot

from ..domain.errors import InvalidCommand, MeetingplaceError, combine, gather, require
from ..domain.visit_day import IdentifiedVisit, VisitDay
from . import codes
from .commands import CorrectTally, RecordIdentifiedVisit, RecordTallies
from .consents import participation_consent
from .store import MeetingplaceStore
from .views import DayCounts, SlotCount, TallyCorrection

MAX_DAYS_READ = 366


class Visits:
    def __init__(self, store: MeetingplaceStore, today: Callable[[], date]) -> None:
        self._store, self._today = store, today

    def record_tallies(self, cmd: RecordTallies) -> list[UUID]:
        """Every row, in one transaction, or none of them; returns each row's visit id."""
        self._check_rows(cmd)

        def attempt() -> list[UUID]:
            place = self._store.place(cmd.place_id, cmd.organisation_id)
            days: dict[date, VisitDay] = {}
            refused: list[tuple[str, MeetingplaceError]] = []
            for index, row in enumerate(cmd.rows):
                try:
                    place.ensure_open_on(row.visit_date, "visit_date")
                    day = days.get(row.visit_date) or self._store.visit_day(place, row.visit_date)
                    days[row.visit_date] = day
                    day.count(time_slot=row.time_slot, headcount=row.headcount)
                except MeetingplaceError as exc:
                    refused.append((f"rows.{index}", exc))
            combine(refused, "no tallies were recorded: see the rows")
            place.note_recorded(max(days))
            self._store.save(place, *days.values())
            return [VisitDay.tally_id(place.id, r.visit_date, r.time_slot) for r in cmd.rows]

        return self._store.retrying(attempt)

    def _check_rows(self, cmd: RecordTallies) -> None:
        today, problems, first = self._today(), [], {}
        for index, row in enumerate(cmd.rows):
            key = (row.visit_date, row.time_slot)
            if key in first:
                problems.append((f"rows.{index}", f"repeats rows.{first[key]} "
                                 f"({row.visit_date} {row.time_slot})"))
            first.setdefault(key, index)
            try:
                codes.not_in_future(row.visit_date, today, "visit_date")
            except InvalidCommand as exc:
                problems.extend(exc.under(f"rows.{index}"))
        gather(problems, "no tallies were recorded: see the rows")

    def correct(self, cmd: CorrectTally) -> TallyCorrection:
        """Replace a slot's count: consumers keep the latest value of its visit id."""

        def attempt() -> TallyCorrection:
            place = self._store.place(cmd.place_id, cmd.organisation_id)
            day = self._store.visit_day(place, cmd.visit_date)
            previous = day.tallies.get(cmd.time_slot)
            changed = day.correct(time_slot=cmd.time_slot, headcount=cmd.headcount)
            if changed:
                self._store.save(day)
            return TallyCorrection(VisitDay.tally_id(place.id, cmd.visit_date, cmd.time_slot),
                                   cmd.headcount, previous or 0, changed)

        return self._store.retrying(attempt)

    def record_identified(self, cmd: RecordIdentifiedVisit) -> UUID:
        codes.not_in_future(cmd.visit_date, self._today(), "visit_date")

        def attempt() -> UUID:
            place = self._store.place(cmd.place_id, cmd.organisation_id)
            place.ensure_open_on(cmd.visit_date, "visit_date")
            if cmd.activity_id is not None:
                activity = self._store.activity(cmd.activity_id, cmd.organisation_id,
                                                field="activity_id")
                activity.ensure_clients_allowed("activity_id")
            consent_id = participation_consent(self._store, cmd.client_id, cmd.organisation_id,
                                               cmd.visit_date)
            day = self._store.visit_day(place, cmd.visit_date)
            visit_id = uuid4()
            day.record_identified(IdentifiedVisit(
                visit_id=visit_id, client_id=cmd.client_id, time_slot=cmd.time_slot,
                purpose=cmd.purpose, activity_id=cmd.activity_id, consent_id=consent_id))
            place.note_recorded(cmd.visit_date)
            self._store.save(place, day)
            return visit_id

        return self._store.retrying(attempt)

    def day_counts(self, place_id: UUID, organisation_id: str, first: date, last: date) -> list[DayCounts]:
        """Counts per day and slot (tallies and identified visits): no client in them."""
        require(first <= last, "is after the end of the period", field="from")
        require((last - first).days < MAX_DAYS_READ, f"at most {MAX_DAYS_READ} days at a time",
                field="to")
        place = self._store.place(place_id, organisation_id)
        counted = []
        for offset in range((last - first).days + 1):
            day = self._store.get_or_none(VisitDay.id_for(place.id, first + timedelta(offset)), VisitDay)
            if day is not None:
                counted.append(_counts(day))
        return counted


def _counts(day: VisitDay) -> DayCounts:
    slots = [s.value for s in TimeSlot
             if s.value in day.tallies or day.identified_in(s.value)]
    return DayCounts(day.visit_date, [
        SlotCount(time_slot=slot, tally=day.tallies.get(slot), identified=day.identified_in(slot),
                  tally_visit_id=VisitDay.tally_id(day.meeting_place_id, day.visit_date, slot))
        for slot in slots
    ])

