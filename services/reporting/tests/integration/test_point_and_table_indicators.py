"""Coverage at period end, plan reviews, leaving, visits, activities, attendance, cross-tab."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from kohtaamo.contracts import examples as ex

pytestmark = pytest.mark.postgres


async def test_own_worker_coverage_looks_at_clients_active_at_the_end(scenario, figure):
    c = [scenario.client(date(2016, 1, 10)) for _ in range(7)]
    for client in c[:5]:
        scenario.add(ex.responsible_worker_assigned(client_id=client, assigned_on=date(2016, 2, 1)))
    scenario.add(ex.responsible_worker_assigned(client_id=c[5], assigned_on=date(2016, 4, 2)))  # too late
    scenario.add(ex.client_relationship_ended(client_id=c[6], ended_on=date(2016, 3, 31)))  # ended on D
    await scenario.apply()

    raw, shown = await figure("own-worker-coverage", "2016Q1")

    assert raw.members.denominator == set(c[:6])
    assert (shown["numerator"], shown["denominator"], shown["value"], shown["status"]) == (
        5, 6, "83.3", "NOT_MET")


async def test_plan_coverage_counts_clients_registered_at_least_30_days_before_the_end(scenario, figure):
    old = [scenario.client(date(2016, 3, 1)) for _ in range(5)]  # 30 days before 31 March
    scenario.client(date(2016, 3, 2))  # 29 days: not yet expected to have a plan
    for client in old[:4]:
        scenario.add(ex.plan_agreed(client_id=client, plan_id=ex.uid(f"p{client}"),
                                    agreed_on=date(2016, 3, 20), review_due_on=date(2017, 3, 1)))
    await scenario.apply()

    raw, shown = await figure("plan-coverage", "2016-03")

    assert raw.members.denominator == set(old)
    assert (shown["numerator_shown"], shown["value"], shown["status"]) == ("<5", None, "N_A")
    assert raw.value == "80.0"


async def test_a_plan_365_days_old_is_on_time_and_366_overdue_across_29_february(scenario, figure):
    # end(P) = 2016-02-29; 2015-03-01 is 365 days before it, 2015-02-28 is 366.
    on_time = [scenario.client(date(2015, 1, 5)) for _ in range(5)]
    overdue = scenario.client(date(2015, 1, 5))
    reviewed = scenario.client(date(2015, 1, 5))
    for client in on_time:
        scenario.add(ex.plan_agreed(client_id=client, plan_id=ex.uid(f"p{client}"),
                                    agreed_on=date(2015, 3, 1), review_due_on=date(2016, 2, 29)))
    for client in (overdue, reviewed):
        scenario.add(ex.plan_agreed(client_id=client, plan_id=ex.uid(f"p{client}"),
                                    agreed_on=date(2015, 2, 28), review_due_on=date(2016, 2, 28)))
    scenario.add(ex.plan_reviewed(client_id=reviewed, plan_id=ex.uid(f"p{reviewed}"),
                                  reviewed_on=date(2016, 2, 20), next_review_due_on=date(2017, 2, 1)))
    await scenario.apply()

    raw, shown = await figure("plan-review-on-time", "2016-02")

    assert raw.members.denominator - raw.members.numerator == {overdue}  # for drill-down
    assert (shown["numerator"], shown["denominator"], shown["value"], shown["status"]) == (
        6, 7, "85.7", "NOT_MET")


async def test_in_work_or_study_upon_leaving_looks_28_days_either_side_of_the_end(scenario, figure):
    c = [scenario.client(date(2015, 10, 1)) for _ in range(6)]
    for client in c:
        scenario.add(ex.client_relationship_ended(client_id=client, ended_on=date(2016, 6, 15)))
    for client, day, destination in [
        (c[0], date(2016, 5, 18), "OPEN_EMPLOYMENT"),  # 28 days before
        (c[1], date(2016, 7, 13), "DEGREE_STUDY"),  # 28 days after
        (c[2], date(2016, 5, 17), "OPEN_EMPLOYMENT"),  # 29 days before
        (c[3], date(2016, 6, 15), "KUTY"),  # not work or study
        (c[4], date(2016, 6, 1), "WAGE_SUBSIDISED_EMPLOYMENT"),
    ]:
        scenario.add(ex.transition_recorded(client_id=client, transition_id=ex.uid(f"t{client}"),
                                            transition_on=day, destination=destination))
    await scenario.apply()

    raw, _ = await figure("in-work-or-study-upon-leaving", "2016Q2")

    assert raw.members.numerator == {c[0], c[1], c[4]}
    assert (raw.denominator, raw.value) == (6, "50.0")


async def test_visits_sum_per_place_and_month_and_a_corrected_tally_counts_once(scenario, figure):
    place = ex.uid("kylakulma")
    for n, day in enumerate((date(2013, 3, 4), date(2013, 3, 5))):
        scenario.add(ex.visit_recorded(meeting_place_id=place, visit_id=ex.uid(f"v{n}"),
                                       visit_date=day, headcount=20))
    scenario.add(ex.visit_recorded(meeting_place_id=place, visit_id=ex.uid("v0"),
                                   visit_date=date(2013, 3, 4), headcount=30),
                 recorded_at=datetime(2013, 3, 6, tzinfo=UTC))  # the correction
    scenario.add(ex.visit_recorded(meeting_place_id=place, visit_id=ex.uid("v9"),
                                   visit_date=date(2013, 4, 2), headcount=3))
    await scenario.apply()

    _, shown = await figure("meeting-place-visits", (date(2013, 3, 1), date(2013, 4, 30)))
    _, before = await figure("meeting-place-visits", (date(2013, 3, 1), date(2013, 3, 31)),
                             as_of=datetime(2013, 3, 5, 23, tzinfo=UTC))

    cells = [(r["key"]["month"], r["cells"][0]["shown"]) for r in shown["table"]["rows"]]
    assert cells == [("2013-03", "50"), ("2013-04", "<5")]
    assert before["table"]["rows"][0]["cells"][0]["value"] == 40


async def test_activities_held_zero_attendance_and_cancelled_a_held_one_later_cancelled_counts_so(
    scenario, figure
):
    march = datetime(2016, 3, 10, 12, tzinfo=UTC)
    for n, attendees in enumerate((0, 12, 3)):
        scenario.add(ex.activity_held(activity_id=ex.uid(f"a{n}"), attendee_count=attendees,
                                      started_at=march))
    scenario.add(ex.activity_held(activity_id=ex.uid("later-cancelled"), attendee_count=9,
                                  started_at=march))
    scenario.add(ex.activity_cancelled(activity_id=ex.uid("later-cancelled"), planned_on=date(2016, 3, 10),
                                       cancelled_on=date(2016, 3, 12)))
    scenario.add(ex.activity_cancelled(activity_id=ex.uid("never-held"), planned_on=date(2016, 3, 20),
                                       cancelled_on=date(2016, 3, 1)))
    await scenario.apply()

    _, shown = await figure("activities", "2016-03")

    [row] = shown["table"]["rows"]
    assert [c["shown"] for c in row["cells"]] == ["3", "15", "1", "2"]


async def test_attendance_per_client_month_against_contracted_days(scenario, figure):
    client = scenario.client(date(2016, 3, 1))
    scenario.add(ex.work_activity_contract_signed(client_id=client, days_per_week=2,
                                                  planned_start_on=date(2016, 4, 1),
                                                  planned_end_on=date(2016, 6, 30)))
    scenario.add(ex.work_activity_started(client_id=client, started_on=date(2016, 4, 15)))
    scenario.add(ex.work_activity_attendance_recorded(client_id=client, period_start=date(2016, 4, 15),
                                                      period_end=date(2016, 4, 30), days_attended=4,
                                                      hours_attended=16))
    scenario.add(ex.work_activity_attendance_recorded(client_id=client, period_start=date(2016, 5, 1),
                                                      period_end=date(2016, 5, 31), days_attended=10,
                                                      hours_attended=40))
    scenario.add(ex.work_activity_ended(client_id=client, ended_on=date(2016, 5, 20)))
    await scenario.apply()

    _, shown = await figure("work-activity-attendance", "2016Q2")

    rows = {r["key"]["month"]: [c["shown"] for c in r["cells"]] for r in shown["table"]["rows"]}
    # April: 16 contract days x 2/7 = 4.6 contracted; May: 20 days to the actual end -> 5.7.
    assert rows == {"2016-04": ["4", "16.0", "4.6", "87.5"], "2016-05": ["10", "40.0", "5.7", "175.0"]}
    assert not any(c["suppressed"] for r in shown["table"]["rows"] for c in r["cells"])


async def test_participants_by_gender_and_esf_age_band_with_iterated_secondary_suppression(
    scenario, figure
):
    day = date(2016, 2, 1)
    for gender, band, detail, n in [
        ("FEMALE", "18_24", "18_24", 3), ("FEMALE", "30_39", "30_39", 8), ("FEMALE", "50_64", "55_64", 6),
        ("MALE", "25_29", "25_29", 9), ("MALE", "50_64", "50_54", 7), ("MALE", "65_PLUS", "65_PLUS", 5),
    ]:
        for _ in range(n):
            scenario.client(day, gender=gender, age_band=band, age_band_detail=detail)
    await scenario.apply()

    raw, shown = await figure("participants-by-gender-age", "2016Q1")

    assert [c.code for c in raw.table.columns] == ["UNDER_25", "25_29", "30_54", "55_PLUS", "TOTAL"]
    assert raw.table.cells == [[3, 0, 8, 6, 17], [0, 9, 7, 5, 21], [0, 0, 0, 0, 0], [0, 0, 0, 0, 0],
                               [3, 9, 15, 11, 38]]
    shown_cells = [[c["shown"] for c in r["cells"]] for r in shown["table"]["rows"]]
    # Primary: the two 3s. Row FEMALE: 3 alone -> its smallest other, 6, goes. Totals row:
    # 3 alone -> 9 goes. Column 25-29: 9 alone -> the MALE 9 goes. Row MALE: 9 alone -> 5
    # goes. Now every line has none or two or more.
    assert shown_cells[0] == ["<5", "0", "8", "suppressed", "17"]
    assert shown_cells[1] == ["0", "suppressed", "7", "suppressed", "21"]
    assert shown_cells[4] == ["<5", "suppressed", "15", "11", "38"]
    assert all(c["value"] is None for r in shown["table"]["rows"] for c in r["cells"] if c["suppressed"])
