"""The dashboard's numbers, dates and labels in each language, and its chart geometry."""

from datetime import UTC, date, datetime
from decimal import Decimal

import pytest

from kohtaamo.reporting.adapters.dashboard import charts
from kohtaamo.reporting.adapters.dashboard.formatting import Formats
from kohtaamo.reporting.adapters.dashboard.labels import LABELS, LANGUAGES
from kohtaamo.reporting.application import periods


@pytest.mark.parametrize(("lang", "share", "count", "day"), [
    ("fi", "70,0\xa0%", "1\xa0234", "1.9.2015"),
    ("en", "70.0%", "1,234", "Sep 1, 2015"),
])
def test_each_language_writes_numbers_and_dates_its_own_way(lang, share, count, day):
    fmt = Formats(lang)

    assert (fmt.percent("70.0"), fmt.count(1234), fmt.day(date(2015, 9, 1))) == (share, count, day)


def test_a_moment_is_shown_on_the_helsinki_clock():
    assert Formats("fi").moment(datetime(2016, 3, 31, 21, 30, tzinfo=UTC)) == "1.4.2016 0.30"


@pytest.mark.parametrize(("cell", "fi", "en"), [
    ({"value": None, "shown": "<5", "suppressed": True}, "alle 5", "fewer than 5"),
    ({"value": None, "shown": "suppressed", "suppressed": True}, "suojattu", "suppressed"),
    ({"value": None, "shown": "n/a", "suppressed": False}, "ei laskettavissa", "n/a"),
    ({"value": 0, "shown": "0", "suppressed": False}, "0", "0"),
])
def test_a_suppressed_or_missing_number_is_a_label(cell, fi, en):
    shown_fi, shown_en = Formats("fi").cell(cell), Formats("en").cell(cell)

    assert (shown_fi.text, shown_en.text) == (fi, en)
    assert shown_fi.number is None or cell["value"] == 0
    assert shown_fi.suppressed == cell["suppressed"]


def test_period_names_read_naturally():
    window = (date(2015, 9, 1), date(2018, 11, 30))
    q1 = periods.parse("2016Q1", None, None, window)
    march = periods.parse("2016-03", None, None, window)

    assert (Formats("en").period(q1), Formats("en").period(march)) == ("Q1 2016", "March 2016")
    assert Formats("fi").period(periods.parse("window", None, None, window)) == "Koko hankeaika"


def test_every_label_is_in_both_languages():
    assert [key for key, by_lang in LABELS.items() if set(by_lang) != set(LANGUAGES)] == []


@pytest.mark.parametrize(("top", "step"), [(Decimal(4), 1), (Decimal(9), 2), (Decimal(350), 100),
                                           (Decimal(70), 20), (Decimal(100), 20), (Decimal(1), 1)])
def test_gridlines_fall_on_round_numbers(top, step):
    assert charts.nice_step(top) == step


def test_a_point_without_a_number_breaks_the_line_and_is_drawn_apart():
    chart = charts.layout("line", [Decimal(10), None, Decimal(30), Decimal(40)], ["a", "b", "c", "d"],
                          ["10", "<5", "30", "40"], Decimal(70), str)

    assert [m.y is None for m in chart.marks] == [False, True, False, False]
    assert len(chart.segments) == 2 and len(chart.segments[1].split()) == 2
    assert chart.target_y is not None and chart.target_y < min(m.y for m in chart.marks if m.y)
    assert chart.marks[0].y > chart.marks[3].y  # higher values are drawn higher
    assert chart.ticks[-1].text == "80"  # the axis reaches past the target
