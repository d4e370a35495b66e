"""Plans (reviewed at least yearly), referrals under consent, appointments, services, the end."""

from datetime import date
from uuid import uuid4

import pytest

from kohtaamo.casework.application import commands as c
from kohtaamo.casework.domain.appointment import Appointment
from kohtaamo.casework.domain.errors import ConsentMissing, Conflict, FileClosed, InvalidCommand, NotFound
from kohtaamo.casework.domain.plan import Goal, GoalAttainment, PlanReview, PlanTerms
from kohtaamo.casework.domain.referral import Referral
from kohtaamo.casework.domain.service_delivery import RelationshipEnd, ServiceDelivery
from kohtaamo.contracts import examples
from kohtaamo.servicekit.testing import last_notification


def terms(**changes) -> PlanTerms:
    fields = dict(plan_id=uuid4(), plan_type="CLIENT_PLAN", agreed_on=date(2016, 3, 10),
                  participant_roles=["SOCIAL_COUNSELLOR"], review_due_on=date(2017, 3, 10),
                  goals=[Goal(uuid4(), "WORK")])
    return PlanTerms(**{**fields, **changes})


def test_a_review_date_more_than_a_year_ahead_or_not_after_the_agreement_is_refused():
    for due in (date(2017, 3, 11), date(2016, 3, 10), date(2016, 1, 1)):
        with pytest.raises(InvalidCommand) as refused:
            terms(review_due_on=due)
        assert refused.value.field == "review_due_on"


def test_an_agreed_plan_is_due_for_review_and_listed_once_overdue(casework, own_client, staff):
    client_id = own_client()
    plan = terms()
    casework.plans.agree(staff(), c.AgreePlan(client_id, plan, {plan.goals[0].goal_id: "Löytää työkokeilupaikka"}))
    manager = staff("manager", sub="boss")

    on_time = casework.workers.overdue_reviews(manager, date(2017, 3, 10))
    overdue = casework.workers.overdue_reviews(manager, date(2017, 3, 11))

    assert on_time == []
    assert [(r.plan_id, r.client_id, r.due_on) for r in overdue] == [(plan.plan_id, client_id, date(2017, 3, 10))]


def test_a_review_moves_the_due_date_and_a_final_review_ends_the_plan(casework, own_client, staff):
    client_id = own_client()
    plan = terms()
    casework.plans.agree(staff(), c.AgreePlan(client_id, plan))
    goal = plan.goals[0].goal_id
    casework.plans.review(staff(), c.ReviewPlan(client_id, plan.plan_id, PlanReview(
        date(2017, 2, 1), "REGULAR", False, [GoalAttainment(goal, "PARTLY_ACHIEVED")], date(2018, 2, 1))))
    moved = casework.workers.overdue_reviews(staff(), date(2018, 1, 1))

    casework.plans.review(staff(), c.ReviewPlan(client_id, plan.plan_id, PlanReview(
        date(2018, 1, 15), "REGULAR", False, [GoalAttainment(goal, "ACHIEVED")], None)))

    assert moved == []
    assert casework.workers.overdue_reviews(staff(), date(2030, 1, 1)) == []
    assert casework.store.file(client_id, "091").plans[plan.plan_id].status == "ended"
    with pytest.raises(Conflict, match="ended"):
        casework.plans.review(staff(), c.ReviewPlan(client_id, plan.plan_id, PlanReview(
            date(2018, 2, 1), "REGULAR", False, (), date(2018, 6, 1))))


def test_a_review_of_goals_the_plan_does_not_have_or_before_the_plan_is_refused(casework, own_client, staff):
    client_id = own_client()
    plan = terms()
    casework.plans.agree(staff(), c.AgreePlan(client_id, plan))

    for review, field in [
        (PlanReview(date(2016, 6, 1), "REGULAR", False, [GoalAttainment(uuid4(), "ACHIEVED")]), "goal_attainment"),
        (PlanReview(date(2016, 3, 9), "REGULAR", False), "reviewed_on"),
    ]:
        with pytest.raises(InvalidCommand) as refused:
            casework.plans.review(staff(), c.ReviewPlan(client_id, plan.plan_id, review))
        assert refused.value.field == field


def test_a_new_plan_supersedes_an_active_one_only(casework, own_client, staff):
    client_id = own_client()
    first = terms()
    casework.plans.agree(staff(), c.AgreePlan(client_id, first))
    second = terms(agreed_on=date(2016, 9, 1), review_due_on=date(2017, 9, 1), supersedes_plan_id=first.plan_id)
    casework.plans.agree(staff(), c.AgreePlan(client_id, second))

    with pytest.raises(Conflict, match="superseded"):
        casework.plans.agree(staff(), c.AgreePlan(client_id, terms(
            agreed_on=date(2016, 10, 1), review_due_on=date(2017, 9, 1), supersedes_plan_id=first.plan_id)))
    with pytest.raises(NotFound) as unknown:
        casework.plans.agree(staff(), c.AgreePlan(client_id, terms(supersedes_plan_id=uuid4())))
    assert unknown.value.field == "supersedes_plan_id"
    due = casework.workers.overdue_reviews(staff(), date(2030, 1, 1))
    assert [r.plan_id for r in due] == [second.plan_id]


def referral(**changes) -> Referral:
    fields = dict(referral_id=uuid4(), referred_on=date(2016, 4, 1), referring_role="SOCIAL_COUNSELLOR",
                  target="UNEMPLOYED_NURSE", reason="HEALTH_CHECK", basis="CONSENT", service_type="HEALTH_CHECK")
    return Referral(**{**fields, **changes})


def test_a_referral_under_consent_needs_one_that_covers_the_target_party_and_purpose(
    casework, deliver, own_client, staff
):
    client_id = own_client()
    before = last_notification(casework.store)
    with pytest.raises(ConsentMissing) as missing:
        casework.client_work.refer(staff(), c.MakeReferral(client_id, referral()))
    assert last_notification(casework.store) == before
    consent_id = uuid4()
    deliver(examples.consent_recorded(client_id=client_id, consent_id=consent_id, parties=["UNEMPLOYED_NURSE"],
                                      purposes=["REFERRAL"], given_on=date(2016, 3, 1), valid_until=date(2016, 12, 31)))

    made = casework.client_work.refer(staff(), c.MakeReferral(client_id, referral()))
    with pytest.raises(ConsentMissing, match="expired"):
        casework.client_work.refer(staff(), c.MakeReferral(client_id, referral(
            referred_on=date(2017, 1, 1), consent_id=consent_id)))
    statutory = casework.client_work.refer(staff(), c.MakeReferral(client_id, referral(
        referred_on=date(2017, 1, 1), basis="STATUTORY")))

    assert (missing.value.party, missing.value.purpose, missing.value.field) == ("UNEMPLOYED_NURSE", "REFERRAL", "target")
    assert made.consent_id == consent_id and statutory.consent_id is None


def test_a_consent_for_another_purpose_does_not_cover_a_referral(casework, deliver, own_client, staff):
    client_id = own_client()
    deliver(examples.consent_recorded(client_id=client_id, parties=["UNEMPLOYED_NURSE"],
                                      purposes=["INFORMATION_EXCHANGE"], given_on=date(2016, 3, 1)))

    with pytest.raises(ConsentMissing, match="UNEMPLOYED_NURSE for purpose REFERRAL"):
        casework.client_work.refer(staff(), c.MakeReferral(client_id, referral()))


def test_referral_outcomes_follow_the_referral_once_each(casework, own_client, staff):
    client_id = own_client()
    made = casework.client_work.refer(staff(), c.MakeReferral(client_id, referral(basis="STATUTORY")))
    work = casework.client_work

    work.record_referral_outcome(staff(), c.RecordReferralOutcome(client_id, made.referral_id, "ACCEPTED", date(2016, 4, 5)))
    with pytest.raises(Conflict):
        work.record_referral_outcome(staff(), c.RecordReferralOutcome(client_id, made.referral_id, "ACCEPTED", date(2016, 4, 6)))
    with pytest.raises(InvalidCommand) as early:
        work.record_referral_outcome(staff(), c.RecordReferralOutcome(client_id, made.referral_id, "STARTED", date(2016, 3, 30)))
    assert early.value.field == "outcome_on"


def appointment(**changes) -> Appointment:
    fields = dict(appointment_id=uuid4(), kind="HOME_VISIT", channel="FACE_TO_FACE", held_on=date(2016, 3, 15),
                  participant_roles=["SOCIAL_COUNSELLOR"])
    return Appointment(**{**fields, **changes})


def test_an_appointment_in_the_future_or_before_the_registration_is_refused(casework, own_client, staff):
    client_id = own_client()

    for held_on in (date(2026, 12, 2), date(2016, 2, 28)):
        with pytest.raises(InvalidCommand) as refused:
            casework.client_work.record_appointment(staff(), c.RecordAppointment(client_id, appointment(held_on=held_on)))
        assert refused.value.field == "held_on"


def test_an_appointment_kind_and_channel_must_fit():
    with pytest.raises(InvalidCommand, match="face to face"):
        appointment(kind="HOME_VISIT", channel="PHONE")
    with pytest.raises(InvalidCommand, match="remote"):
        appointment(kind="REMOTE", channel="FACE_TO_FACE")


def test_the_end_of_the_relationship_closes_the_file_and_cannot_predate_what_is_in_it(casework, own_client, staff):
    client_id = own_client()
    casework.client_work.record_service(staff(), c.RecordService(client_id, ServiceDelivery(
        uuid4(), "GROUP_COACHING", "OWN_ORGANISATION", date(2016, 5, 1), 2, "SESSION")))

    with pytest.raises(InvalidCommand, match="latest date"):
        casework.client_work.end_relationship(staff(), c.EndRelationship(client_id, RelationshipEnd(date(2016, 4, 1), "GOALS_MET")))
    casework.client_work.end_relationship(staff(), c.EndRelationship(client_id, RelationshipEnd(date(2016, 6, 1), "GOALS_MET")))

    with pytest.raises(FileClosed, match="2016-06-01"):
        casework.client_work.record_appointment(staff(), c.RecordAppointment(client_id, appointment()))
    assert casework.workers.caseload(staff(), staff().worker_id) == []


def test_a_service_quantity_must_be_a_real_positive_amount():
    for quantity in (0, -1, float("inf"), float("nan"), 10_001):
        with pytest.raises(InvalidCommand):
            ServiceDelivery(uuid4(), "GROUP_COACHING", "OWN_ORGANISATION", date(2016, 5, 1), quantity, "SESSION")


def test_unknown_codes_are_refused_at_the_door_with_their_field():
    with pytest.raises(InvalidCommand) as refused:
        c.MakeReferral(uuid4(), referral(target="NEIGHBOUR"))

    assert refused.value.field == "target"
