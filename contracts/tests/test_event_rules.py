"""The rules each event enforces on itself, so no consumer has to re-check them."""

from datetime import UTC, date, datetime

import pytest
from pydantic import ValidationError

from kohtaamo.contracts import examples
from kohtaamo.contracts.casework.codes import AbsenceCategory, AppointmentKind, Destination

CLIENT = examples.CLIENT_ID
IDENTIFIED = {"visitor_kind": "IDENTIFIED_CLIENT", "client_id": CLIENT, "headcount": 1}

REJECTED = [
    # meeting places: identified means exactly one consenting client, anonymous names nobody
    ("visit without client", examples.visit_recorded, {**IDENTIFIED, "client_id": None},
     "needs the client_id"),
    ("visit of two identified", examples.visit_recorded, {**IDENTIFIED, "headcount": 2},
     "exactly one person"),
    ("anonymous visit naming a client", examples.visit_recorded, {"client_id": CLIENT},
     "anonymous entry has no client_id"),
    ("v1 visit, same rule", examples.visit_recorded_v1, {"client_id": CLIENT}, "no client_id"),
    ("negative tally", examples.visit_recorded, {"headcount": -1}, "greater than or equal to 0"),
    ("identified visit of nobody", examples.visit_recorded,
     {"visitor_kind": "IDENTIFIED_CLIENT", "client_id": CLIENT, "headcount": 0}, "exactly one person"),
    ("v1 visit of nobody", examples.visit_recorded_v1, {"headcount": 0}, "greater than or equal to 1"),
    ("peer support of two identified", examples.peer_support_provided,
     {"recipient_kind": "IDENTIFIED_CLIENT", "client_id": CLIENT, "recipient_count": 2},
     "exactly one person"),
    ("more identified than attendees", examples.activity_held,
     {"attendee_count": 3, "identified_participant_count": 4}, "more identified participants"),
    ("sensitive group with named members", examples.activity_held,
     {"attendee_count": 3, "identified_participant_count": 1, "sensitive_membership": True},
     "sensitive membership has no identified"),
    ("negative attendance", examples.activity_held, {"attendee_count": -1}, "greater than or equal"),
    ("activity without organiser", examples.activity_held, {"organisers": []}, "at least 1 item"),
    ("street address as municipality", examples.meeting_place_opened,
     {"municipality_code": "Kauppakatu 1"}, "pattern"),
    # intake
    ("consent valid before given", examples.consent_recorded, {"valid_until": date(2016, 2, 1)},
     "valid_until is before given_on"),
    ("consent naming a party twice", examples.consent_recorded, {"parties": ["KELA", "KELA"]},
     "more than once"),
    ("consent for nobody", examples.consent_recorded, {"parties": []}, "at least 1 item"),
    ("whole withdrawal naming parties", examples.consent_withdrawn, {"whole_consent": True},
     "exactly when whole_consent is false"),
    ("partial withdrawal naming none", examples.consent_withdrawn, {"parties_affected": []},
     "exactly when whole_consent is false"),
    ("duplicate_of for a mistake", examples.client_registration_voided,
     {"reason": "RECORDED_IN_ERROR"}, "only given when the reason is DUPLICATE"),
    ("duplicate of itself", examples.client_registration_voided, {"duplicate_of": examples.uid("duplicate")},
     "duplicate of itself"),
    ("multi-professional alone", examples.needs_assessed, {"assessor_roles": ["SOCIAL_WORKER"]},
     "at least two assessor roles"),
    ("outreach in a made-up place", examples.outreach_contact_made, {"municipality_code": "30"},
     "pattern"),
    # casework
    ("referral on consent without one", examples.referral_made, {"consent_id": None},
     "exactly when the basis is CONSENT"),
    ("statutory referral citing consent", examples.referral_made, {"basis": "STATUTORY"},
     "exactly when the basis is CONSENT"),
    ("plan review over a year away", examples.plan_agreed,
     {"agreed_on": date(2016, 1, 10), "review_due_on": date(2017, 1, 11)}, "within a year"),
    ("plan review before the plan", examples.plan_agreed, {"review_due_on": date(2016, 3, 1)},
     "within a year"),
    ("goal assessed twice", examples.plan_reviewed,
     {"goal_attainment": [{"goal_id": CLIENT, "status": "ACHIEVED"}] * 2}, "assessed once"),
    ("remote face to face", examples.appointment_held, {"kind": "REMOTE"}, "not face to face"),
    ("home visit by phone", examples.appointment_held, {"kind": "HOME_VISIT", "channel": "PHONE"},
     "is face to face"),
    ("worker replacing themself", examples.responsible_worker_assigned,
     {"replaces_worker_id": examples.uid("worker")}, "cannot replace themself"),
    ("kuty continuing itself", examples.work_activity_started,
     {"is_continuation_of": examples.uid("work-activity")}, "cannot continue itself"),
    ("six kuty days a week", examples.work_activity_started, {"days_per_week": 6}, "less than or equal to 5"),
    ("mid review after the end", examples.work_activity_contract_signed,
     {"mid_review_due_on": date(2016, 7, 1)}, "outside the planned period"),
    ("more days than the period", examples.work_activity_attendance_recorded,
     {"period_end": date(2016, 4, 3)}, "4 days attended in 3 days"),
    ("hours without days", examples.work_activity_attendance_recorded,
     {"days_attended": 0, "hours_attended": 4}, "more hours than attended days"),
    ("reported unreported absence", examples.work_activity_absence_reported,
     {"category": "UNREPORTED"}, "was not reported"),
    ("absence reason as text", examples.work_activity_absence_reported, {"category": "FLU"},
     "SICKNESS"),
    ("naive notification time", examples.work_activity_absence_reported,
     {"counsellor_notified_at": datetime(2016, 4, 15, 9, 0)}, "timezone"),
    ("interruption as planned end", examples.work_activity_ended, {"end_type": "INTERRUPTED"},
     "not a planned end"),
    ("kuty ended for no reason", examples.work_activity_ended, {"end_reasons": []}, "at least 1 item"),
]


@pytest.mark.parametrize(("build", "overrides", "fragment"), [r[1:] for r in REJECTED],
                         ids=[r[0] for r in REJECTED])
def test_an_event_breaking_its_rule_is_rejected_with_the_rule(build, overrides, fragment):
    with pytest.raises(ValidationError) as raised:
        build(**overrides)

    assert fragment in str(raised.value)


def test_an_anonymous_tally_counts_many_visitors_without_naming_any():
    visit = examples.visit_recorded(headcount=80)

    assert visit.headcount == 80
    assert visit.client_id is None


def test_an_anonymous_tally_of_zero_is_valid_so_a_correction_can_say_nobody_came():
    tally = examples.visit_recorded(headcount=0)

    assert tally.headcount == 0
    assert tally.client_id is None


def test_an_identified_visit_names_exactly_one_consenting_client():
    visit = examples.visit_recorded(**IDENTIFIED)

    assert visit.client_id == CLIENT


def test_an_activity_nobody_came_to_is_still_a_valid_fact():
    forum = examples.activity_held(activity_type="RESIDENTS_FORUM", attendee_count=0)

    assert forum.attendee_count == 0


def test_a_sensitive_group_is_counted_without_anyone_in_it():
    group = examples.activity_held(attendee_count=4, invited_count=13, sensitive_membership=True)

    assert (group.attendee_count, group.identified_participant_count) == (4, 0)


def test_a_plan_review_exactly_a_year_later_is_on_time_even_from_a_leap_day():
    on_time = examples.plan_agreed(agreed_on=date(2016, 1, 10), review_due_on=date(2017, 1, 10))
    leap = examples.plan_agreed(agreed_on=date(2016, 2, 29), review_due_on=date(2017, 3, 1))

    assert on_time.review_due_on == date(2017, 1, 10)
    assert leap.review_due_on == date(2017, 3, 1)


def test_a_first_kuty_and_its_continuation_are_told_apart():
    group = examples.work_activity_started(form="GROUP")
    individual = examples.work_activity_started(
        work_activity_id=examples.uid("individual kuty"), form="INDIVIDUAL",
        is_continuation_of=group.work_activity_id, days_per_week=2,
    )

    assert group.is_continuation_of is None
    assert individual.is_continuation_of == group.work_activity_id


def test_the_absence_category_is_only_sickness_other_or_unreported():
    assert {c.value for c in AbsenceCategory} == {"SICKNESS", "OTHER", "UNREPORTED"}


def test_transition_destinations_are_the_agreed_list():
    assert [d.value for d in Destination] == [
        "OPEN_EMPLOYMENT", "WAGE_SUBSIDISED_EMPLOYMENT", "WORK_TRIAL", "KUTY", "DEGREE_STUDY",
        "OTHER_TRAINING", "SICK_LEAVE", "MEDICAL_REHAB", "PENSION", "OTHER", "UNKNOWN",
    ]


def test_appointments_cover_the_kinds_casework_records():
    kinds = {k.value for k in AppointmentKind}

    assert {"HOME_VISIT", "OFFICE", "REMOTE", "NETWORK_MEETING", "PREPARED_APPOINTMENT"} <= kinds


def test_an_aware_instant_in_any_zone_is_accepted():
    absence = examples.work_activity_absence_reported(
        counsellor_notified_at=datetime(2016, 4, 15, 9, 0, tzinfo=UTC)
    )

    assert absence.counsellor_notified_at.utcoffset() is not None
