"""Anonymous tallies: in bulk, all or nothing; corrected, not added to."""

from datetime import date, timedelta

import pytest

from kohtaamo.meetingplace.application import commands as c
from kohtaamo.meetingplace.application.publishing import Publisher
from kohtaamo.meetingplace.domain.errors import AlreadyCounted, InvalidCommand, TallyNotFound
from kohtaamo.servicekit.testing import last_notification, publishable

from ..conftest import ORG, TODAY, open_place

MONDAY = date(2013, 3, 4)
SLOTS = ("MORNING", "AFTERNOON", "EVENING")


def week(start: date = MONDAY, headcount=lambda day, slot: 3 * day + len(slot)) -> tuple[c.TallyRow, ...]:
    return tuple(c.TallyRow(start + timedelta(days=d), slot, headcount(d, slot))
                 for d in range(7) for slot in SLOTS)


def tallies(place, rows, org=ORG) -> c.RecordTallies:
    return c.RecordTallies(place, org, tuple(rows))


def published_counts(mp) -> dict:
    """Latest headcount per visit id, as a consumer keeps them."""
    latest = {}
    for out in publishable(mp.store, Publisher(mp.store)):
        payload = out.envelope.payload
        if out.topic == "meetingplace.visits":
            latest[payload.visit_id] = payload.headcount
    return latest


def test_a_week_of_tallies_is_recorded_in_one_request_with_a_visit_id_per_row(mp, place):
    rows = week()

    visit_ids = mp.visits.record_tallies(tallies(place, rows))

    counts = published_counts(mp)
    assert len(visit_ids) == len(set(visit_ids)) == 21
    assert [counts[v] for v in visit_ids] == [r.headcount for r in rows]
    assert sum(d.total for d in mp.visits.day_counts(place, ORG, MONDAY, MONDAY + timedelta(6))) == \
        sum(r.headcount for r in rows)


def test_a_corrected_tally_replaces_the_count_under_the_same_visit_id(mp, place):
    [visit_id] = mp.visits.record_tallies(tallies(place, [c.TallyRow(MONDAY, "MORNING", 12)]))

    done = mp.visits.correct(c.CorrectTally(place, ORG, MONDAY, "MORNING", 9))

    assert (done.visit_id, done.previous, done.headcount, done.changed) == (visit_id, 12, 9, True)
    assert published_counts(mp) == {visit_id: 9}
    assert mp.visits.day_counts(place, ORG, MONDAY, MONDAY)[0].total == 9


def test_a_tally_can_be_corrected_to_zero_and_a_repeat_of_the_count_stores_nothing(mp, place):
    mp.visits.record_tallies(tallies(place, [c.TallyRow(MONDAY, "EVENING", 2)]))
    mp.visits.correct(c.CorrectTally(place, ORG, MONDAY, "EVENING", 0))
    before = last_notification(mp.store)

    again = mp.visits.correct(c.CorrectTally(place, ORG, MONDAY, "EVENING", 0))

    assert not again.changed
    assert last_notification(mp.store) == before
    assert list(published_counts(mp).values()) == [0]


def test_correcting_a_slot_never_counted_is_refused(mp, place):
    with pytest.raises(TallyNotFound):
        mp.visits.correct(c.CorrectTally(place, ORG, MONDAY, "MORNING", 4))


def test_a_slot_counted_already_is_refused_so_a_second_entry_cannot_double_it(mp, place):
    mp.visits.record_tallies(tallies(place, [c.TallyRow(MONDAY, "MORNING", 5)]))

    with pytest.raises(AlreadyCounted) as refused:
        mp.visits.record_tallies(tallies(place, [c.TallyRow(MONDAY, "AFTERNOON", 1),
                                                 c.TallyRow(MONDAY, "MORNING", 5)]))

    assert refused.value.problems[0][0] == "rows.1.time_slot"
    assert mp.visits.day_counts(place, ORG, MONDAY, MONDAY)[0].total == 5


def test_a_day_is_counted_as_a_whole_or_by_part_of_the_day_never_both(mp, place):
    mp.visits.record_tallies(tallies(place, [c.TallyRow(MONDAY, "WHOLE_DAY", 30)]))

    with pytest.raises(InvalidCommand, match="see the rows") as refused:
        mp.visits.record_tallies(tallies(place, [c.TallyRow(MONDAY, "MORNING", 3)]))

    assert refused.value.problems == [("rows.0.time_slot", "the day is already counted as a whole")]


# Each bad row follows one good row (rows.0), so the refusal names rows.1 onwards.
BAD_ROWS = [
    ("negative", [c.TallyRow(MONDAY, "MORNING", -1)], "rows.1.headcount", "at least 0"),
    ("absurd", [c.TallyRow(MONDAY, "MORNING", 10_001)], "rows.1.headcount", "at most 10 000"),
    ("before opening", [c.TallyRow(date(2012, 12, 31), "MORNING", 1)], "rows.1.visit_date",
     "before the meeting place opened"),
    ("future", [c.TallyRow(TODAY + timedelta(days=1), "MORNING", 1)], "rows.1.visit_date",
     "in the future"),
    ("duplicate", [c.TallyRow(MONDAY, "MORNING", 1), c.TallyRow(MONDAY, "MORNING", 2)],
     "rows.2", "repeats rows.1"),
]


@pytest.mark.parametrize(("rows", "field", "fragment"), [b[1:] for b in BAD_ROWS],
                         ids=[b[0] for b in BAD_ROWS])
def test_one_bad_row_refuses_the_whole_request_and_nothing_is_stored(mp, place, rows, field, fragment):
    good = [c.TallyRow(MONDAY + timedelta(days=1), "AFTERNOON", 4)]
    before = last_notification(mp.store)

    with pytest.raises(InvalidCommand) as refused:
        mp.visits.record_tallies(tallies(place, good + rows))

    [(named, message)] = refused.value.problems
    assert named == field
    assert fragment in message
    assert last_notification(mp.store) == before


def test_every_bad_row_is_named_at_once(mp, place):
    rows = [c.TallyRow(MONDAY, "MORNING", -5), c.TallyRow(MONDAY, "AFTERNOON", 3),
            c.TallyRow(MONDAY, "EVENING", 20_000)]

    with pytest.raises(InvalidCommand) as refused:
        mp.visits.record_tallies(tallies(place, rows))

    assert [f for f, _ in refused.value.problems] == ["rows.0.headcount", "rows.2.headcount"]


def test_a_visit_after_the_place_closed_is_refused_and_one_before_still_counts(mp, place):
    mp.places.close(c.ClosePlace(place, ORG, date(2015, 12, 31)))

    with pytest.raises(InvalidCommand, match="see the rows") as refused:
        mp.visits.record_tallies(tallies(place, [c.TallyRow(date(2016, 1, 4), "MORNING", 2)]))
    mp.visits.record_tallies(tallies(place, [c.TallyRow(date(2015, 12, 31), "MORNING", 2)]))

    assert "after the meeting place closed on 2015-12-31" in refused.value.problems[0][1]


def test_an_unknown_time_slot_is_refused_when_the_command_is_made(place):
    with pytest.raises(InvalidCommand) as refused:
        c.RecordTallies(place, ORG, (c.TallyRow(MONDAY, "NIGHT", 1),))

    assert refused.value.problems == [("rows.0.time_slot", "unknown code 'NIGHT'")]


def test_another_organisations_place_does_not_exist_for_the_caller(mp):
    theirs = open_place(mp, org="743")

    with pytest.raises(Exception, match="no meeting place"):
        mp.visits.record_tallies(tallies(theirs, [c.TallyRow(MONDAY, "MORNING", 1)]))
