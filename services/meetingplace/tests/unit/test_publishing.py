"""What goes out: each domain event as its contract, on its topic with its key; nothing
that names anyone, no free text, no payment."""

from datetime import UTC, date, datetime

from kohtaamo.contracts.meetingplace import v1, v2
from kohtaamo.meetingplace.application import commands as c
from kohtaamo.meetingplace.application.publishing import Publisher
from kohtaamo.meetingplace.domain.opening_hours import Opening, OpeningHours
from kohtaamo.servicekit.testing import publishable

from ..conftest import ORG


def everything(mp, place, consenting_client):
    """One of each thing meetingplace records."""
    client_id = consenting_client()
    day = date(2016, 4, 12)
    mp.places.change(c.ChangePlaceDetails(place, ORG, date(2014, 1, 1), name="Kyläkulma — olohuone",
                                          opening_hours=OpeningHours((Opening("MONDAY", "09:00", "17:00"),))))
    mp.visits.record_tallies(c.RecordTallies(place, ORG, (c.TallyRow(day, "MORNING", 4),)))
    mp.visits.correct(c.CorrectTally(place, ORG, day, "MORNING", 5))
    mp.visits.record_identified(c.RecordIdentifiedVisit(place, ORG, client_id, day, "EVENING", "DROP_IN"))
    group = mp.activities.plan(c.PlanActivity(ORG, "DEVELOPER_CLIENT_SESSION", "SERVICE_DEVELOPMENT",
                                              ("PROJECT",), day, False, meeting_place_id=place))
    mp.activities.hold(c.HoldActivity(group, ORG, datetime(2016, 4, 12, 12, 0, tzinfo=UTC), 90, 4, 6,
                                      (c.Participant(client_id, True, 937),)))
    cancelled = mp.activities.plan(c.PlanActivity(ORG, "CLOSED_GROUP", "COMMUNITY_AND_NEIGHBOURHOOD",
                                                  ("NGO",), day, True, meeting_place_id=place))
    mp.activities.cancel(c.CancelActivity(cancelled, ORG, date(2016, 4, 1), "TOO_FEW_SIGNUPS", 13, 1))
    mp.peer_support.provide(c.ProvidePeerSupport(ORG, "ONE_TO_ONE", day, client_id=client_id))
    mp.places.close(c.ClosePlace(place, ORG, date(2016, 5, 31)))
    return client_id, group


def test_each_thing_recorded_goes_out_as_its_contract_on_its_topic(mp, place, consenting_client):
    client_id, group = everything(mp, place, consenting_client)

    out = publishable(mp.store, Publisher(mp.store))

    assert [(o.topic, type(o.envelope.payload).__name__) for o in out] == [
        ("meetingplace.places", "MeetingPlaceOpened"),
        ("meetingplace.visits", "VisitRecorded"),
        ("meetingplace.visits", "VisitRecorded"),
        ("meetingplace.visits", "VisitRecorded"),
        ("meetingplace.activities", "ActivityHeld"),
        ("meetingplace.participations", "GroupParticipationRecorded"),
        ("meetingplace.activities", "ActivityCancelled"),
        ("meetingplace.peer-support", "PeerSupportProvided"),
        ("meetingplace.places", "MeetingPlaceClosed"),
    ]
    assert all(o.envelope.organisation_id == ORG and o.envelope.project_id == "S20397"
               for o in out if o.envelope.payload.__class__ is not v1.PeerSupportProvided)
    tally, correction, identified = (o.envelope.payload for o in out[1:4])
    assert isinstance(tally, v2.VisitRecorded)
    assert (tally.visit_id, tally.headcount, correction.headcount) == (correction.visit_id, 4, 5)
    assert identified.visit_id != tally.visit_id and identified.client_id == client_id
    assert {o.key for o in out[1:4]} == {str(place)}
    held = out[4].envelope.payload
    assert (held.attendee_count, held.identified_participant_count, held.invited_count) == (4, 1, 6)
    assert out[5].key == str(client_id) and out[5].envelope.subject_id == client_id


def test_no_name_no_opening_hours_and_no_payment_leave_meetingplace(mp, place, consenting_client):
    everything(mp, place, consenting_client)

    out = publishable(mp.store, Publisher(mp.store))
    wire = b"".join(o.envelope.to_bytes() for o in out)
    values = [v for o in out for v in o.envelope.payload.model_dump(mode="json").values()]

    for secret in ("Kyläkulma", "olohuone", "MONDAY", "compensation", "opening"):
        assert secret.encode() not in wire, secret
    # Times and amounts among the payload values (ids and timestamps may hold any digits).
    assert not [v for v in values if str(v) in ("09:00", "17:00", "937", "9.37")], values


def test_the_consent_view_and_internal_bookkeeping_are_not_published(mp, consenting_client):
    consenting_client()

    assert publishable(mp.store, Publisher(mp.store)) == []
