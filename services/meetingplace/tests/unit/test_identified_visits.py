"""Identified visits: only while the client consents; the consent view comes from intake."""

from datetime import date
from uuid import uuid4

import pytest

from kohtaamo.contracts import examples
from kohtaamo.meetingplace.application import commands as c
from kohtaamo.meetingplace.domain.errors import (
    AlreadyRecorded,
    ClientInactive,
    ClientNotFound,
    ConsentMissing,
    InvalidCommand,
)
from kohtaamo.meetingplace.domain.known_client import KnownClient
from kohtaamo.servicekit.messages import PermanentFailure
from kohtaamo.servicekit.testing import last_notification

from ..conftest import ORG

DAY = date(2016, 3, 4)


def visit(place, client_id, day=DAY, slot="AFTERNOON", **more) -> c.RecordIdentifiedVisit:
    return c.RecordIdentifiedVisit(place, ORG, client_id, day, slot, **more)


def test_a_consenting_clients_visit_is_recorded_beside_the_tallies(mp, place, consenting_client):
    client_id = consenting_client()
    mp.visits.record_tallies(c.RecordTallies(place, ORG, (c.TallyRow(DAY, "AFTERNOON", 6),)))

    mp.visits.record_identified(visit(place, client_id, purpose="MET_PROFESSIONAL"))

    [day] = mp.visits.day_counts(place, ORG, DAY, DAY)
    assert [(s.time_slot, s.tally, s.identified) for s in day.slots] == [("AFTERNOON", 6, 1)]
    assert day.total == 7


def test_a_client_without_consent_is_refused_and_nothing_is_stored(mp, place, intake_says):
    client_id = uuid4()
    intake_says(examples.client_registered(client_id=client_id))
    before = last_notification(mp.store)

    with pytest.raises(ConsentMissing, match="PARTICIPATION_RECORDING") as refused:
        mp.visits.record_identified(visit(place, client_id))

    assert refused.value.problems[0][0] == "client_id"
    assert last_notification(mp.store) == before


def test_a_consent_for_other_parties_or_purposes_does_not_allow_identification(mp, place, intake_says):
    client_id = uuid4()
    intake_says(examples.client_registered(client_id=client_id))
    intake_says(examples.consent_recorded(client_id=client_id, parties=["MEETING_PLACE", "KELA"],
                                          purposes=["INFORMATION_EXCHANGE"]))
    intake_says(examples.consent_recorded(client_id=client_id, consent_id=uuid4(),
                                          parties=["KELA"], purposes=["PARTICIPATION_RECORDING"]))

    with pytest.raises(ConsentMissing):
        mp.visits.record_identified(visit(place, client_id))


def test_after_withdrawal_a_visit_is_refused_but_one_from_before_it_is_still_accepted(
    mp, place, consenting_client, intake_says
):
    client_id = consenting_client(given_on=date(2016, 1, 1))
    consent_id = mp.store.client(client_id, ORG).consent_for_participation(DAY)
    intake_says(examples.consent_withdrawn(client_id=client_id, consent_id=consent_id,
                                           withdrawn_on=date(2016, 3, 10), whole_consent=False,
                                           parties_affected=["MEETING_PLACE"]))

    with pytest.raises(ConsentMissing):
        mp.visits.record_identified(visit(place, client_id, day=date(2016, 3, 10)))
    mp.visits.record_identified(visit(place, client_id, day=date(2016, 3, 9)))


def test_withdrawing_the_consent_for_other_parties_leaves_identification_allowed(
    mp, place, consenting_client, intake_says
):
    client_id = consenting_client()
    consent_id = mp.store.client(client_id, ORG).consent_for_participation(DAY)
    intake_says(examples.consent_withdrawn(client_id=client_id, consent_id=consent_id,
                                           withdrawn_on=date(2016, 1, 1), parties_affected=["KELA"]))

    assert mp.visits.record_identified(visit(place, client_id))


def test_a_consent_outside_its_validity_does_not_cover_the_day(mp, place, consenting_client):
    client_id = consenting_client(given_on=date(2015, 1, 1), valid_until=date(2015, 12, 31))

    with pytest.raises(ConsentMissing):
        mp.visits.record_identified(visit(place, client_id, day=date(2016, 1, 1)))
    with pytest.raises(ConsentMissing):
        mp.visits.record_identified(visit(place, client_id, day=date(2014, 12, 31)))
    assert mp.visits.record_identified(visit(place, client_id, day=date(2015, 12, 31)))


@pytest.mark.parametrize("ending", ["voided", "erased"])
def test_voided_and_erased_clients_are_refused_and_their_later_consents_dropped(
    mp, place, consenting_client, intake_says, ending
):
    client_id = consenting_client()
    ended = (examples.client_registration_voided(client_id=client_id, duplicate_of=uuid4())
             if ending == "voided" else examples.client_erased(client_id=client_id))
    intake_says(ended)
    intake_says(examples.consent_recorded(client_id=client_id, consent_id=uuid4(),
                                          parties=["MEETING_PLACE"],
                                          purposes=["PARTICIPATION_RECORDING"],
                                          given_on=date(2016, 1, 1), valid_until=None))

    with pytest.raises(ClientInactive, match=ending):
        mp.visits.record_identified(visit(place, client_id))
    # the later consent is dropped; an erasure forgets the earlier one too
    assert len(mp.store.client(client_id, ORG).consents) == (0 if ending == "erased" else 1)


def test_an_unknown_client_and_another_organisations_client_are_not_found(mp, place, consenting_client):
    theirs = consenting_client(org="743")

    for client_id in (uuid4(), theirs):
        with pytest.raises(ClientNotFound):
            mp.visits.record_identified(visit(place, client_id))


def test_the_same_clients_visit_in_the_same_slot_is_recorded_once(mp, place, consenting_client):
    client_id = consenting_client()
    mp.visits.record_identified(visit(place, client_id))

    with pytest.raises(AlreadyRecorded):
        mp.visits.record_identified(visit(place, client_id))
    assert mp.visits.record_identified(visit(place, client_id, slot="EVENING"))


def test_a_visit_linked_to_a_sensitive_activity_is_refused(mp, place, consenting_client):
    client_id = consenting_client()
    activity = mp.activities.plan(c.PlanActivity(ORG, "CLOSED_GROUP", "COMMUNITY_AND_NEIGHBOURHOOD",
                                                 ("PROJECT",), DAY, True, meeting_place_id=place))

    with pytest.raises(InvalidCommand, match="sensitive") as refused:
        mp.visits.record_identified(visit(place, client_id, activity_id=activity, purpose="ACTIVITY"))

    assert refused.value.problems[0][0] == "activity_id"


def test_a_redelivered_consent_event_changes_nothing(mp, consenting_client, intake_says):
    client_id = consenting_client()
    event_id = uuid4()
    withdrawal = examples.consent_withdrawn(
        client_id=client_id, consent_id=mp.store.client(client_id, ORG).consent_for_participation(DAY),
        withdrawn_on=date(2016, 5, 1), whole_consent=True, parties_affected=[])
    first = intake_says(withdrawal, event_id=event_id)
    version = mp.store.client(client_id, ORG).version

    again = intake_says(withdrawal, event_id=event_id)

    assert (first, again) == (True, False)
    assert mp.store.client(client_id, ORG).version == version


def test_a_client_known_in_one_organisation_is_not_moved_by_an_event_from_another(
    mp, consenting_client, intake_says
):
    client_id = consenting_client()

    with pytest.raises(PermanentFailure, match="known in organisation 301"):
        intake_says(examples.client_erased(client_id=client_id), org="743")
    assert mp.store.client(client_id, ORG).active


def test_a_consent_for_a_client_intake_never_registered_is_refused_and_links_no_one(mp, intake_says, place):
    # given a valid consent event about a client whose registration never came
    client_id = uuid4()

    # when it is consumed, then it is refused for the dead-letter topic, and nothing is known
    with pytest.raises(PermanentFailure, match="does not know client"):
        intake_says(examples.consent_recorded(
            client_id=client_id, consent_id=uuid4(), parties=["MEETING_PLACE"],
            purposes=["PARTICIPATION_RECORDING"], given_on=date(2013, 1, 1), valid_until=None))
    assert mp.store.get_or_none(KnownClient.id_for(client_id), KnownClient) is None
    # an erasure of such a client is simply nothing to do
    assert intake_says(examples.client_erased(client_id=client_id)) is False
