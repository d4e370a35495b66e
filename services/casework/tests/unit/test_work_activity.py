"""Kuty: a contract carries out the work-activity plan; its period starts, is attended within
its days and dates, and ends no earlier than it started."""

from datetime import UTC, date, datetime
from uuid import uuid4

import pytest

from kohtaamo.casework.application import commands as c
from kohtaamo.casework.application import kuty_commands as k
from kohtaamo.casework.domain.errors import Conflict, InvalidCommand, NotFound
from kohtaamo.casework.domain.kuty import Absence, Attendance, KutyContract, KutyEnding, MidReview
from kohtaamo.casework.domain.plan import PlanTerms
from kohtaamo.servicekit.testing import last_notification


def contract(plan_id, **changes) -> KutyContract:
    fields = dict(contract_id=uuid4(), plan_id=plan_id, placement_id=uuid4(), organiser_kind="NGO",
                  form="GROUP", signed_on=date(2016, 4, 1), planned_start_on=date(2016, 4, 4),
                  planned_end_on=date(2016, 6, 30), days_per_week=2, hours_per_day=4,
                  task_areas=["KITCHEN"], mid_review_due_on=date(2016, 5, 15))
    return KutyContract(**{**fields, **changes})


@pytest.fixture
def kuty_plan(casework, own_client, staff):
    def make(plan_type="WORK_ACTIVITY_PLAN"):
        client_id = own_client()
        plan = PlanTerms(uuid4(), plan_type, date(2016, 3, 20), ["SOCIAL_COUNSELLOR"], date(2017, 3, 1))
        casework.plans.agree(staff(), c.AgreePlan(client_id, plan))
        return client_id, plan.plan_id

    return make


@pytest.fixture
def started(casework, kuty_plan, staff):
    """A group kuty period, 2 days a week, 4 hours a day, started on Monday 4 April 2016."""
    client_id, plan_id = kuty_plan()
    terms = contract(plan_id)
    _, period_id = casework.work_activities.sign(staff(), k.SignContract(client_id, terms))
    casework.work_activities.start(staff(), k.StartWorkActivity(client_id, terms.contract_id, date(2016, 4, 4)))
    return client_id, period_id


def test_a_contract_carries_out_a_work_activity_plan_only(casework, kuty_plan, staff):
    client_id, plan_id = kuty_plan("CLIENT_PLAN")

    with pytest.raises(InvalidCommand, match="not a WORK_ACTIVITY_PLAN") as refused:
        casework.work_activities.sign(staff(), k.SignContract(client_id, contract(plan_id)))
    assert refused.value.field == "plan_id"


def test_a_start_without_a_contract_is_refused(casework, own_client, staff):
    client_id = own_client()

    with pytest.raises(NotFound, match="kuty contract") as refused:
        casework.work_activities.start(staff(), k.StartWorkActivity(client_id, uuid4(), date(2016, 4, 4)))
    assert refused.value.field == "contract_id"


def test_a_contract_starts_one_period_once(casework, kuty_plan, staff):
    client_id, plan_id = kuty_plan()
    terms = contract(plan_id)
    casework.work_activities.sign(staff(), k.SignContract(client_id, terms))
    casework.work_activities.start(staff(), k.StartWorkActivity(client_id, terms.contract_id, date(2016, 4, 4)))

    with pytest.raises(Conflict, match="started on 2016-04-04"):
        casework.work_activities.start(staff(), k.StartWorkActivity(client_id, terms.contract_id, date(2016, 4, 5)))


def test_attendance_within_the_contract_is_recorded(casework, started, staff):
    client_id, period_id = started

    casework.work_activities.record_attendance(staff(), k.RecordAttendance(client_id, period_id, Attendance(
        date(2016, 4, 4), date(2016, 4, 17), 4, 16, "KUTY_ORGANISER_REP")))

    assert [a.days_attended for a in casework.store.repository.get(period_id).attendance] == [4]


@pytest.mark.parametrize("attendance, field", [
    (Attendance(date(2016, 4, 4), date(2016, 4, 10), 3, 12, "SOCIAL_COUNSELLOR"), "days_attended"),  # 2 a week
    (Attendance(date(2016, 4, 4), date(2016, 4, 17), 4, 17, "SOCIAL_COUNSELLOR"), "hours_attended"),  # 4 h a day
    (Attendance(date(2016, 4, 1), date(2016, 4, 8), 2, 8, "SOCIAL_COUNSELLOR"), "period_start"),  # before the start
    (Attendance(date(2016, 6, 27), date(2016, 7, 3), 2, 8, "SOCIAL_COUNSELLOR"), "period_end"),  # after the end
])
def test_attendance_beyond_the_contract_is_refused_and_nothing_is_stored(casework, started, staff, attendance, field):
    client_id, period_id = started
    before = last_notification(casework.store)

    with pytest.raises(InvalidCommand) as refused:
        casework.work_activities.record_attendance(staff(), k.RecordAttendance(client_id, period_id, attendance))

    assert refused.value.field == field
    assert last_notification(casework.store) == before


def test_the_same_days_cannot_be_recorded_twice(casework, started, staff):
    client_id, period_id = started
    record = k.RecordAttendance(client_id, period_id, Attendance(date(2016, 4, 4), date(2016, 4, 10), 2, 8, "NURSE"))
    casework.work_activities.record_attendance(staff(), record)

    with pytest.raises(Conflict, match="recorded already"):
        casework.work_activities.record_attendance(staff(), k.RecordAttendance(
            client_id, period_id, Attendance(date(2016, 4, 10), date(2016, 4, 16), 1, 4, "NURSE")))


def test_the_most_days_rule_counts_any_seven_days_running():
    terms = contract(uuid4(), days_per_week=3)

    assert terms.most_days(date(2016, 4, 4), date(2016, 4, 4)) == 1
    assert terms.most_days(date(2016, 4, 4), date(2016, 4, 10)) == 3
    assert terms.most_days(date(2016, 4, 4), date(2016, 4, 12)) == 5  # a week and two days
    assert terms.most_days(date(2016, 4, 4), date(2016, 4, 17)) == 6


def test_an_absence_keeps_its_chain_in_order(casework, started, staff):
    client_id, period_id = started
    at = lambda hour: datetime(2016, 4, 11, hour, tzinfo=UTC)  # noqa: E731

    with pytest.raises(InvalidCommand, match="informs the TE office") as refused:
        Absence(date(2016, 4, 11), date(2016, 4, 12), "SICKNESS", at(7), None, at(10))
    with pytest.raises(InvalidCommand, match="before the step"):
        Absence(date(2016, 4, 11), date(2016, 4, 12), "SICKNESS", at(9), at(8))
    casework.work_activities.report_absence(staff(), k.ReportAbsence(
        client_id, period_id, Absence(date(2016, 4, 11), date(2016, 4, 12), "SICKNESS", at(7), at(9), at(10)),
        notes="Flunssa, lääkärintodistus tulossa"))

    assert refused.value.field == "te_office_notified_at"
    assert len(casework.store.repository.get(period_id).absences) == 1


def test_an_end_before_the_start_is_refused_and_an_ended_period_takes_no_more(casework, started, staff):
    client_id, period_id = started
    ending = dict(end_type="INTERRUPTED", end_reasons=["SICK_LEAVE"], end_evaluation_done=True,
                  self_assessment_done=False)

    with pytest.raises(InvalidCommand, match="before the period's start") as early:
        casework.work_activities.end(staff(), k.EndWorkActivity(client_id, period_id, KutyEnding(date(2016, 4, 3), **ending)))
    casework.work_activities.end(staff(), k.EndWorkActivity(client_id, period_id, KutyEnding(date(2016, 5, 2), **ending)))

    assert early.value.field == "ended_on"
    with pytest.raises(Conflict, match="ended on 2016-05-02"):
        casework.work_activities.mid_review(staff(), k.MidReviewWorkActivity(
            client_id, period_id, MidReview(date(2016, 5, 3), True, True, True, "CONTINUE")))


def test_an_interruption_is_not_a_planned_end():
    with pytest.raises(InvalidCommand, match="interruption"):
        KutyEnding(date(2016, 5, 2), "INTERRUPTED", ["PLANNED_END"], True, True)


def test_a_continuation_names_a_period_of_the_same_client_that_started(casework, started, kuty_plan, staff):
    client_id, first = started
    plan_id = casework.store.file(client_id, "091")
    second = contract(next(iter(plan_id.plans)), form="INDIVIDUAL", signed_on=date(2016, 6, 20),
                      planned_start_on=date(2016, 7, 1), planned_end_on=date(2016, 12, 31), mid_review_due_on=None)
    casework.work_activities.sign(staff(), k.SignContract(client_id, second))
    other_client, _ = kuty_plan()

    with pytest.raises(NotFound) as missing:
        casework.work_activities.start(staff(), k.StartWorkActivity(client_id, second.contract_id, date(2016, 7, 1),
                                                                    is_continuation_of=uuid4()))
    period = casework.work_activities.start(staff(), k.StartWorkActivity(
        client_id, second.contract_id, date(2016, 7, 1), is_continuation_of=first))

    assert missing.value.field == "is_continuation_of"
    assert casework.store.repository.get(period).is_continuation_of == first
