from datetime import date

import pytest

from kohtaamo.reporting.application import periods

WINDOW = (date(2015, 9, 1), date(2018, 11, 30))


@pytest.mark.parametrize(("name", "start", "end"), [
    ("window", date(2015, 9, 1), date(2018, 11, 30)),
    ("2016", date(2016, 1, 1), date(2016, 12, 31)),
    ("2016Q1", date(2016, 1, 1), date(2016, 3, 31)),
    ("2016Q4", date(2016, 10, 1), date(2016, 12, 31)),
    ("2016-02", date(2016, 2, 1), date(2016, 2, 29)),
])
def test_period_names(name, start, end):
    period = periods.parse(name, None, None, WINDOW)

    assert (period.start, period.end, period.name) == (start, end, name)


def test_the_previous_period_is_of_the_same_kind_and_length():
    assert periods.parse("2016-03", None, None, WINDOW).previous().name == "2016-02"
    assert periods.parse("2016Q1", None, None, WINDOW).previous().name == "2015Q4"
    assert periods.parse("2016", None, None, WINDOW).previous().name == "2015"
    days = periods.parse(None, date(2016, 3, 10), date(2016, 3, 19), WINDOW).previous()
    assert (days.start, days.end) == (date(2016, 2, 29), date(2016, 3, 9))


@pytest.mark.parametrize(("name", "start", "end", "field"), [
    ("2016Q5", None, None, "period"),
    ("last year", None, None, "period"),
    (None, date(2016, 3, 1), None, "period"),
    (None, date(2016, 3, 2), date(2016, 3, 1), "to"),
    ("2016", date(2016, 3, 1), date(2016, 3, 2), "period"),
])
def test_periods_that_do_not_parse_or_run_backwards_are_refused(name, start, end, field):
    with pytest.raises(periods.PeriodError) as refused:
        periods.parse(name, start, end, WINDOW)

    assert refused.value.field == field and str(refused.value)


def test_the_steps_of_a_window_are_the_named_quarters_and_months_that_touch_it():
    quarters = periods.steps(WINDOW, "quarter")
    months = periods.steps(WINDOW, "month")

    assert [q.name for q in quarters[:2]] + [quarters[-1].name] == ["2015Q3", "2015Q4", "2018Q4"]
    assert len(quarters) == 14
    assert (months[0].name, months[-1].name, len(months)) == ("2015-09", "2018-11", 39)
    assert [y.name for y in periods.years(WINDOW)] == ["2015", "2016", "2017", "2018"]
