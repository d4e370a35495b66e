"""Peer support: an anonymous count of recipients, or one identified, consenting client."""

from datetime import date
from uuid import uuid4

import pytest

from kohtaamo.contracts import examples
from kohtaamo.meetingplace.application import commands as c
from kohtaamo.meetingplace.application.publishing import Publisher
from kohtaamo.meetingplace.domain.errors import ConsentMissing, InvalidCommand, MeetingplaceError
from kohtaamo.servicekit.testing import publishable

from ..conftest import ORG

DAY = date(2016, 5, 2)


def test_anonymous_online_peer_support_is_counted_without_a_place(mp):
    mp.peer_support.provide(c.ProvidePeerSupport(ORG, "ONLINE", DAY, recipient_count=3))

    [out] = publishable(mp.store, Publisher(mp.store))
    assert (out.envelope.payload.recipient_kind, out.envelope.payload.recipient_count) == ("ANONYMOUS", 3)
    assert out.envelope.subject_id is None


def test_one_to_one_support_of_a_consenting_client_at_a_place_names_the_client(mp, place, consenting_client):
    client_id = consenting_client()

    mp.peer_support.provide(c.ProvidePeerSupport(ORG, "ONE_TO_ONE", DAY, meeting_place_id=place,
                                                 client_id=client_id))

    support = [o.envelope for o in publishable(mp.store, Publisher(mp.store))
               if o.topic == "meetingplace.peer-support"][0]
    assert (support.payload.client_id, support.subject_id) == (client_id, client_id)
    assert support.payload.municipality_code == "301"


@pytest.mark.parametrize(("fields", "field", "kind"), [
    ({"client_id": uuid4()}, "client_id", MeetingplaceError),
    ({"recipient_count": 0}, "recipient_count", InvalidCommand),
    ({"recipient_count": 10_001}, "recipient_count", InvalidCommand),
    ({"meeting_place_id": uuid4()}, "meeting_place_id", MeetingplaceError),
    ({"provided_on": date(2030, 1, 1)}, "provided_on", InvalidCommand),
])
def test_peer_support_with_a_bad_field_is_refused_for_it(mp, fields, field, kind):
    with pytest.raises(kind) as refused:
        mp.peer_support.provide(c.ProvidePeerSupport(**({"organisation_id": ORG, "form": "GROUP",
                                                          "provided_on": DAY} | fields)))

    assert refused.value.problems[0][0] == field


def test_an_identified_recipient_counts_exactly_one_and_needs_consent(mp, consenting_client, intake_says):
    consenting, unconsenting = consenting_client(), uuid4()
    intake_says(examples.client_registered(client_id=unconsenting))

    with pytest.raises(InvalidCommand, match="exactly one"):
        mp.peer_support.provide(c.ProvidePeerSupport(ORG, "GROUP", DAY, client_id=consenting,
                                                     recipient_count=2))
    with pytest.raises(ConsentMissing):
        mp.peer_support.provide(c.ProvidePeerSupport(ORG, "GROUP", DAY, client_id=unconsenting))
