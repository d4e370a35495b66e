"""Activities: planned, then held (zero attendance too) or cancelled; participants."""

from datetime import UTC, date, datetime, timedelta
from uuid import uuid4

import pytest

from kohtaamo.meetingplace.application import commands as c
from kohtaamo.meetingplace.domain.errors import (
    ActivityConcluded,
    ActivityNotFound,
    AlreadyRecorded,
    ConsentMissing,
    InvalidCommand,
    MeetingplaceError,
)
from kohtaamo.servicekit.testing import last_notification

from ..conftest import ORG, TODAY

DAY = date(2016, 4, 12)
STARTED = datetime(2016, 4, 12, 15, 0, tzinfo=UTC)


@pytest.fixture
def plan(mp, place):
    def make(sensitive=False, activity_type="GROUP_COACHING", **more):
        fields = dict(meeting_place_id=place) | more
        return mp.activities.plan(c.PlanActivity(ORG, activity_type, "WORK_AND_ACTIVATION",
                                                 ("PROJECT", "NGO"), DAY, sensitive, **fields))
    return make


def hold(activity, attendees, *participants, started=STARTED, invited=None):
    return c.HoldActivity(activity, ORG, started, 120, attendees, invited, tuple(participants))


def test_a_forum_nobody_came_to_is_recorded_as_held_with_zero_attendees(mp, plan):
    forum = plan(activity_type="RESIDENTS_FORUM")

    mp.activities.hold(hold(forum, 0, invited=200))

    held = mp.activity_reads.get(forum, ORG)
    assert (held.status, held.attendee_count, held.invited_count) == ("held", 0, 200)
    assert held.started_at.utcoffset() == timedelta(hours=3)  # kept in Finnish time


def test_a_cancelled_group_keeps_its_reason_and_sign_ups(mp, plan):
    group = plan()

    mp.activities.cancel(c.CancelActivity(group, ORG, date(2016, 4, 5), "TOO_FEW_SIGNUPS", 13, 2))

    cancelled = mp.activity_reads.get(group, ORG)
    assert (cancelled.status, cancelled.cancel_reason, cancelled.signup_count) == (
        "cancelled", "TOO_FEW_SIGNUPS", 2)


def test_a_held_activity_cannot_then_be_cancelled_nor_held_again(mp, plan):
    group = plan()
    mp.activities.hold(hold(group, 4))

    with pytest.raises(ActivityConcluded):
        mp.activities.cancel(c.CancelActivity(group, ORG, DAY, "STAFF"))
    with pytest.raises(ActivityConcluded):
        mp.activities.hold(hold(group, 5))


def test_participants_held_with_the_activity_are_counted_among_its_attendees(mp, plan, consenting_client):
    group = plan()
    came, stayed_away = consenting_client(), consenting_client()

    mp.activities.hold(hold(group, 5, c.Participant(came, True, 900), c.Participant(stayed_away, False)))

    assert mp.activity_reads.get(group, ORG).identified_attendees == 1
    listed = {p.client_id: (p.attended, p.compensation_cents, p.participated_on)
              for p in mp.activity_reads.participations(group, ORG)}
    assert listed == {came: (True, 900, DAY), stayed_away: (False, None, DAY)}


def test_more_identified_participants_than_attendees_is_refused_and_nothing_stored(
    mp, plan, consenting_client
):
    group = plan()
    both = [c.Participant(consenting_client(), True) for _ in range(2)]
    before = last_notification(mp.store)

    with pytest.raises(InvalidCommand, match="more than the 1 attendees") as refused:
        mp.activities.hold(hold(group, 1, *both))

    assert refused.value.problems[0][0] == "attendee_count"
    assert mp.activity_reads.get(group, ORG).status == "planned"
    assert last_notification(mp.store) == before


def test_a_participation_added_later_must_still_fit_in_the_attendance(mp, plan, consenting_client):
    group = plan()
    mp.activities.hold(hold(group, 1, c.Participant(consenting_client(), True)))

    with pytest.raises(InvalidCommand) as refused:
        mp.activities.record_participations(
            c.RecordParticipations(group, ORG, (c.Participant(consenting_client(), True),)))

    [(field, message)] = refused.value.problems
    assert field == "participants.0.attended"
    assert "more identified participants than the 1 attendees" in message


def test_a_sensitive_activity_takes_headcounts_only_and_refuses_every_client_link(
    mp, plan, consenting_client
):
    group = plan(sensitive=True)
    client_id = consenting_client()

    with pytest.raises(InvalidCommand, match="sensitive"):
        mp.activities.hold(hold(group, 6, c.Participant(client_id, True)))
    mp.activities.hold(hold(group, 6))
    with pytest.raises(InvalidCommand, match="sensitive") as refused:
        mp.activities.record_participations(
            c.RecordParticipations(group, ORG, (c.Participant(client_id, False),)))

    assert refused.value.problems == [("participants", refused.value.problems[0][1])]
    assert mp.activity_reads.get(group, ORG).attendee_count == 6
    assert mp.activity_reads.participations(group, ORG) == []


def test_in_a_cancelled_activity_a_participant_can_only_be_one_who_did_not_attend(
    mp, plan, consenting_client
):
    group = plan()
    mp.activities.cancel(c.CancelActivity(group, ORG, date(2016, 4, 5), "TOO_FEW_SIGNUPS"))
    signed_up = consenting_client()

    with pytest.raises(InvalidCommand) as refused:
        mp.activities.record_participations(
            c.RecordParticipations(group, ORG, (c.Participant(signed_up, True),)))
    mp.activities.record_participations(
        c.RecordParticipations(group, ORG, (c.Participant(signed_up, False),)))

    assert refused.value.problems == [("participants.0.attended",
                                       "the activity was cancelled: nobody attended it")]
    assert [p.attended for p in mp.activity_reads.participations(group, ORG)] == [False]


def test_participations_are_all_or_nothing_and_name_each_problem(mp, plan, consenting_client, intake_says):
    group = plan()
    mp.activities.hold(hold(group, 10))
    fine, unknown = consenting_client(), uuid4()
    before = last_notification(mp.store)

    with pytest.raises(InvalidCommand) as refused:
        mp.activities.record_participations(c.RecordParticipations(group, ORG, (
            c.Participant(fine, True), c.Participant(unknown, True), c.Participant(fine, False))))

    assert refused.value.problems == [
        ("participants.1.client_id", f"no client {unknown} in this organisation"),
        ("participants.2.client_id", "repeats participants.0"),
    ]
    assert last_notification(mp.store) == before


def test_participation_needs_consent_on_the_day_of_the_activity(mp, plan, consenting_client):
    group = plan()
    mp.activities.hold(hold(group, 3))
    later = consenting_client(given_on=DAY + timedelta(days=1))

    with pytest.raises(ConsentMissing):
        mp.activities.record_participations(c.RecordParticipations(group, ORG, (c.Participant(later, True),)))


def test_a_participant_is_recorded_once_per_activity(mp, plan, consenting_client):
    group = plan()
    mp.activities.hold(hold(group, 3))
    client_id = consenting_client()
    mp.activities.record_participations(c.RecordParticipations(group, ORG, (c.Participant(client_id, True),)))

    with pytest.raises(AlreadyRecorded):
        mp.activities.record_participations(
            c.RecordParticipations(group, ORG, (c.Participant(client_id, True),)))


def test_participation_is_recorded_only_once_the_activity_is_held_or_cancelled(mp, plan, consenting_client):
    group = plan()

    with pytest.raises(ActivityConcluded, match="once the activity is held"):
        mp.activities.record_participations(
            c.RecordParticipations(group, ORG, (c.Participant(consenting_client(), True),)))


def test_compensation_is_for_attending_and_within_reason(mp, plan, consenting_client):
    group = plan()
    mp.activities.hold(hold(group, 3))

    for participant, fragment in [(c.Participant(consenting_client(), False, 900), "for attending"),
                                  (c.Participant(consenting_client(), True, 100_001), "at most")]:
        with pytest.raises(InvalidCommand) as refused:
            mp.activities.record_participations(c.RecordParticipations(group, ORG, (participant,)))
        [(field, message)] = refused.value.problems
        assert (field, fragment in message) == ("participants.0.compensation", True)


PLAN_REFUSALS = [
    ("unknown place", dict(meeting_place_id=uuid4()), "meeting_place_id"),
    ("nowhere", dict(meeting_place_id=None), "municipality_code"),
    ("place elsewhere", dict(municipality_code="743"), "municipality_code"),
    ("invited absurdly", dict(invited_count=100_001), "invited_count"),
]


@pytest.mark.parametrize(("more", "field"), [r[1:] for r in PLAN_REFUSALS], ids=[r[0] for r in PLAN_REFUSALS])
def test_a_plan_that_cannot_be_placed_is_refused_for_its_field(mp, plan, more, field):
    with pytest.raises(MeetingplaceError) as refused:
        plan(**more)

    assert refused.value.problems[0][0] == field


def test_an_activity_elsewhere_names_its_municipality(mp, plan):
    activity = plan(meeting_place_id=None, municipality_code="743")

    assert mp.activity_reads.get(activity, ORG).municipality_code == "743"


def test_an_activity_held_in_the_future_or_after_the_place_closed_is_refused(mp, plan, place):
    group = plan()
    mp.places.close(c.ClosePlace(place, ORG, date(2016, 4, 11)))

    with pytest.raises(InvalidCommand, match="after the meeting place closed"):
        mp.activities.hold(hold(group, 2))
    with pytest.raises(InvalidCommand, match="future"):
        mp.activities.hold(hold(group, 2, started=datetime.combine(TODAY + timedelta(days=1),
                                                                     datetime.min.time(), UTC)))


def test_another_organisations_activity_does_not_exist_for_the_caller(mp, plan):
    group = plan()

    with pytest.raises(ActivityNotFound):
        mp.activity_reads.get(group, "743")
