"""Meeting places: opened, their details changed, closed; listed with their opening dates."""

from datetime import date, timedelta

import pytest

from kohtaamo.meetingplace.application import commands as c
from kohtaamo.meetingplace.domain.errors import InvalidCommand, PlaceClosed, PlaceNotFound
from kohtaamo.meetingplace.domain.opening_hours import Opening, OpeningHours

from ..conftest import ORG, TODAY, open_place


def test_places_are_listed_with_their_opening_dates_for_their_own_organisation_only(mp):
    first = open_place(mp, opened_on=date(2013, 1, 7))
    second = open_place(mp, name="NARIKKA Seinäjoki", opened_on=date(2015, 9, 1))
    open_place(mp, org="743")

    page = mp.places.page(ORG, after=0, limit=10)

    assert [(p.place_id, p.opened_on) for p in page.places] == [(first, date(2013, 1, 7)),
                                                                 (second, date(2015, 9, 1))]


def test_a_listing_is_paged_by_cursor(mp):
    ids = [open_place(mp) for _ in range(3)]

    first = mp.places.page(ORG, after=0, limit=2)
    rest = mp.places.page(ORG, after=first.next_cursor, limit=2)

    assert [p.place_id for p in first.places + rest.places] == ids
    assert rest.next_cursor is None


def test_changing_details_keeps_what_was_not_given(mp, place):
    hours = OpeningHours((Opening("FRIDAY", "09:00", "15:00"),))

    mp.places.change(c.ChangePlaceDetails(place, ORG, date(2014, 2, 1), name="Kyläkulma ry",
                                          opening_hours=hours))

    changed = mp.places.get(place, ORG)
    assert (changed.name, changed.opening_hours, changed.premises) == ("Kyläkulma ry", hours, "RENTED_FLAT")
    assert changed.facilities == ("COMPUTER", "SEWING_MACHINE", "RECYCLING_POINT")


def test_a_closed_place_cannot_change_nor_close_again(mp, place):
    mp.places.close(c.ClosePlace(place, ORG, date(2015, 12, 31)))

    with pytest.raises(PlaceClosed):
        mp.places.change(c.ChangePlaceDetails(place, ORG, date(2016, 1, 2), name="Uusi"))
    with pytest.raises(PlaceClosed):
        mp.places.close(c.ClosePlace(place, ORG, date(2016, 1, 2)))
    assert mp.places.get(place, ORG).closed_on == date(2015, 12, 31)


def test_a_place_cannot_close_before_the_last_day_something_was_recorded_there(mp, place):
    mp.visits.record_tallies(c.RecordTallies(place, ORG, (c.TallyRow(date(2015, 5, 4), "MORNING", 3),)))

    with pytest.raises(InvalidCommand, match="recorded here until 2015-05-04"):
        mp.places.close(c.ClosePlace(place, ORG, date(2015, 5, 3)))
    mp.places.close(c.ClosePlace(place, ORG, date(2015, 5, 4)))


@pytest.mark.parametrize(("days", "field", "fragment"), [
    ((Opening("MONDAY", "16:00", "10:00"),), "opening_hours.0.closes", "closes before it opens"),
    ((Opening("MONDAY", "10:00", "12:00"), Opening("MONDAY", "13:00", "15:00")),
     "opening_hours.1.weekday", "more than once"),
    ((Opening("FUNDAY", "10:00", "12:00"),), "opening_hours.0.weekday", "unknown weekday"),
    ((Opening("MONDAY", "25:00", "26:00"),), "opening_hours.0.opens", "HH:MM"),
])
def test_opening_hours_that_make_no_sense_are_refused_with_the_field(days, field, fragment):
    with pytest.raises(InvalidCommand) as refused:
        OpeningHours(days)

    assert any(f == field and fragment in m for f, m in refused.value.problems), refused.value.problems


@pytest.mark.parametrize(("changes", "field"), [
    ({"municipality_code": "000"}, "municipality_code"),
    ({"premises": "CASTLE"}, "premises"),
    ({"facilities": ("COMPUTER", "SAUNA")}, "facilities.1"),
    ({"facilities": ("COMPUTER", "COMPUTER")}, "facilities"),
    ({"opened_on": TODAY + timedelta(days=1)}, "opened_on"),
    ({"name": "   "}, "name"),
])
def test_opening_a_place_with_a_bad_field_is_refused_for_that_field(mp, changes, field):
    with pytest.raises(InvalidCommand) as refused:
        open_place(mp, **changes)

    assert refused.value.problems[0][0] == field
    assert mp.places.page(ORG, after=0, limit=10).places == []


def test_another_organisations_place_answers_as_if_it_did_not_exist(mp, place):
    with pytest.raises(PlaceNotFound):
        mp.places.get(place, "743")
    with pytest.raises(PlaceNotFound):
        mp.places.close(c.ClosePlace(place, "743", date(2016, 1, 1)))
