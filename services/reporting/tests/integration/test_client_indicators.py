"""Client counts and shares, hand-made scenarios through the real projections."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from kohtaamo.contracts import examples

from ..conftest import AKAA, noon

pytestmark = pytest.mark.postgres
Q1 = "2016Q1"


async def test_clients_registered_counts_distinct_clients_in_the_period_and_never_voided_ones(
    scenario, figure
):
    for day in (date(2016, 1, 1), date(2016, 1, 1), date(2016, 2, 10), date(2016, 3, 31),
                date(2016, 3, 31)):
        scenario.client(day)
    voided = scenario.client(date(2016, 2, 1))
    scenario.add(examples.client_registration_voided(client_id=voided, voided_on=date(2016, 5, 2),
                                                     reason="RECORDED_IN_ERROR", duplicate_of=None))
    scenario.client(date(2015, 12, 31))  # before the period
    scenario.client(date(2016, 4, 1))  # after it
    await scenario.apply()

    raw, shown = await figure("clients-registered", Q1)

    assert raw.count == 5 and shown["value"] == 5 and shown["shown"] == "5"
    assert shown["status"] == "N_A"  # the target is judged over the whole window only
    assert shown["log_positions"] and shown["definition_version"]


async def test_the_target_of_350_is_judged_over_the_project_window(scenario, figure):
    for i in range(6):
        scenario.client(date(2016, 1, 1) + timedelta(days=i))
    await scenario.apply()

    _, window = await figure("clients-registered", "window")

    assert (window["value"], window["status"], window["target"]["value"]) == (6, "NOT_MET", 350)


async def test_late_entries_show_as_a_change_of_the_same_period_and_t_is_inclusive(scenario, figure):
    for _ in range(5):
        scenario.client(date(2016, 3, 20))
    late_at = datetime(2016, 4, 10, 9, 0, tzinfo=UTC)
    scenario.client(date(2016, 3, 25), recorded_at=late_at)  # dated in March, written in April
    await scenario.apply()

    before, _ = await figure("clients-registered", Q1, as_of=datetime(2016, 4, 1, tzinfo=UTC))
    exactly, _ = await figure("clients-registered", Q1, as_of=late_at)
    just_before, _ = await figure("clients-registered", Q1, as_of=late_at - timedelta(microseconds=1))

    assert (before.count, just_before.count, exactly.count) == (5, 5, 6)


async def test_an_erased_client_still_counts_with_the_gender_and_band_of_registration(scenario, figure):
    kept = [scenario.client(date(2016, 2, 1), gender="MALE", age_band="25_29") for _ in range(5)]
    scenario.add(examples.client_erased(client_id=kept[0]), on=date(2016, 6, 1))
    await scenario.apply()

    count, _ = await figure("clients-registered", Q1)
    _, table = await figure("participants-by-gender-age", Q1)

    assert count.count == 5
    male = next(r for r in table["table"]["rows"] if r["key"]["code"] == "MALE")
    assert [c["value"] for c in male["cells"]] == [0, 5, 0, 0, 5]


async def share_scenario(scenario):
    """Ten clients active in Q1; the qualifying ones are named."""
    c = [scenario.client(date(2016, 1, 4)) for _ in range(9)]
    c.append(scenario.client(date(2015, 10, 1)))  # registered before the window's Q1
    ex = examples
    scenario.add(ex.service_provided(client_id=c[0], provided_on=date(2016, 1, 10),
                                     service_type="INDIVIDUAL_COACHING"))
    scenario.add(ex.appointment_held(client_id=c[1], held_on=date(2016, 2, 1)))  # prepared
    scenario.add(ex.work_activity_started(client_id=c[2], started_on=date(2016, 3, 1)))
    scenario.add(ex.group_participation_recorded(client_id=c[3], activity_id=ex.uid("g1"),
                                                 participated_on=date(2016, 2, 3)))
    scenario.add(ex.service_provided(client_id=c[9], provided_on=date(2016, 3, 31),
                                     service_type="WORK_TRIAL"))
    # Not qualifying: errand help, a plan, a referral, a delivery before the period, an
    # absence from a group, a group later cancelled, a delivery after the period.
    scenario.add(ex.service_provided(client_id=c[4], provided_on=date(2016, 1, 10), service_type="ERRAND_HELP"))
    scenario.add(ex.plan_agreed(client_id=c[5], agreed_on=date(2016, 1, 20), review_due_on=date(2016, 12, 1)))
    scenario.add(ex.referral_made(client_id=c[5], referred_on=date(2016, 1, 21)))
    scenario.add(ex.service_provided(client_id=c[6], provided_on=date(2015, 12, 30)))
    scenario.add(ex.group_participation_recorded(client_id=c[7], activity_id=ex.uid("g1"),
                                                 participated_on=date(2016, 2, 3), attended=False))
    scenario.add(ex.group_participation_recorded(client_id=c[8], activity_id=ex.uid("g2"),
                                                 participated_on=date(2016, 2, 3)))
    scenario.add(ex.activity_cancelled(activity_id=ex.uid("g2"), activity_type="GROUP_COACHING",
                                       planned_on=date(2016, 2, 3), cancelled_on=date(2016, 2, 1)))
    scenario.add(ex.service_provided(client_id=c[4], provided_on=date(2016, 4, 1)))
    await scenario.apply()
    return c


async def test_the_capability_service_share_counts_qualifying_deliveries_only(scenario, figure):
    c = await share_scenario(scenario)

    raw, shown = await figure("capability-service-share", Q1)

    assert raw.members.numerator == {c[0], c[1], c[2], c[3], c[9]}
    assert raw.members.denominator == set(c)
    assert (shown["numerator"], shown["denominator"], shown["value"]) == (5, 10, "50.0")
    assert (shown["status"], shown["suppressed"]) == ("NOT_MET", False)


async def test_a_delivery_before_registration_does_not_count(scenario, figure):
    late = scenario.client(date(2016, 3, 15))
    for _ in range(4):
        scenario.client(date(2016, 1, 1))
    scenario.add(examples.service_provided(client_id=late, provided_on=date(2016, 3, 1)))
    await scenario.apply()

    raw, _ = await figure("capability-service-share", Q1)

    assert (raw.numerator, raw.denominator) == (0, 5)


async def test_a_value_of_69_95_rounds_to_70_0_and_is_met(scenario, figure):
    clients = [scenario.client(date(2016, 1, 1)) for _ in range(2000)]
    for client in clients[:1399]:
        scenario.add(examples.service_provided(client_id=client, provided_on=date(2016, 2, 1)))
    await scenario.apply()

    _, shown = await figure("capability-service-share", Q1)

    assert (shown["numerator"], shown["denominator"], shown["value"], shown["status"]) == (
        1399, 2000, "70.0", "MET")


async def test_a_share_over_fewer_than_five_hides_its_numbers_but_shows_its_status(scenario, figure):
    a, b, _c = (scenario.client(date(2016, 1, 1)) for _ in range(3))
    for client in (a, b):
        scenario.add(examples.service_provided(client_id=client, provided_on=date(2016, 2, 1)))
    await scenario.apply()

    raw, shown = await figure("capability-service-share", Q1)

    assert raw.value == "66.7" and shown["status"] == "NOT_MET"
    assert (shown["numerator"], shown["denominator"], shown["value"]) == (None, None, None)
    assert shown["shown"] == "suppressed" and shown["suppressed"]
    assert "66.7" not in str(shown) and "'numerator': 2" not in str(shown)


async def test_transitions_count_each_client_once_skip_continuations_and_compare_with_before(
    scenario, figure
):
    ex = examples
    c = [scenario.client(date(2016, 1, 1)) for _ in range(8)]
    for client in c[:2]:  # March 2016: two
        scenario.add(ex.transition_recorded(client_id=client, transition_on=date(2016, 3, 3),
                                            destination="OPEN_EMPLOYMENT"))
    for client in c[2:7]:  # April 2016: five, one of them twice
        scenario.add(ex.transition_recorded(client_id=client, transition_on=date(2016, 4, 5),
                                            destination="DEGREE_STUDY"))
    scenario.add(ex.work_activity_started(client_id=c[2], started_on=date(2016, 4, 20)))
    # Not transitions: a continued kuty period, a work trial, sick leave.
    scenario.add(ex.work_activity_started(client_id=c[7], started_on=date(2016, 4, 2),
                                          work_activity_id=ex.uid("wa2"), is_continuation_of=ex.uid("wa1")))
    scenario.add(ex.transition_recorded(client_id=c[7], transition_on=date(2016, 4, 9), destination="WORK_TRIAL"))
    scenario.add(ex.transition_recorded(client_id=c[0], transition_on=date(2016, 4, 9), destination="SICK_LEAVE"))
    await scenario.apply()

    april, shown = await figure("transitions", "2016-04")
    may, _ = await figure("transitions", "2016-05")

    assert (april.count, april.previous.count, april.status) == (5, 2, "RISING")
    assert shown["previous"]["shown"] == "<5" and shown["previous"]["value"] is None
    assert (may.count, may.status) == (0, "NOT_RISING")


async def test_a_manager_sees_their_organisations_part_and_the_project_sees_both(scenario, figure):
    for _ in range(5):
        scenario.client(date(2016, 2, 1))
    for _ in range(6):
        scenario.client(date(2016, 2, 1), org=AKAA)
    await scenario.apply()

    akaa, _ = await figure("clients-registered", Q1, orgs=(AKAA,))
    both, _ = await figure("clients-registered", Q1)

    assert (akaa.count, both.count) == (6, 11)


async def test_an_event_at_00_30_helsinki_on_the_first_belongs_to_that_month(scenario, figure):
    # 2016-04-01 00:30 in Helsinki is 2016-03-31 21:30 UTC.
    scenario.add(examples.activity_held(activity_id=examples.uid("a-apr"), attendee_count=3,
                                        started_at=datetime(2016, 3, 31, 21, 30, tzinfo=UTC)))
    await scenario.apply()

    _, march = await figure("activities", "2016-03")
    _, april = await figure("activities", "2016-04")

    assert march["table"]["rows"][0]["cells"][0]["value"] == 0
    assert april["table"]["rows"][0]["cells"][0]["value"] == 1
    assert noon(date(2016, 4, 1)).tzinfo is UTC
