"""Intake's client facts in batches: one save for the batch, each event applied once, the
refused named by index with nothing of them stored, the same outcome as one at a time."""

from __future__ import annotations

from uuid import uuid4

import pytest

from kohtaamo.contracts import examples
from kohtaamo.meetingplace.application.meetingplace import Meetingplace
from kohtaamo.meetingplace.domain.known_client import KnownClient
from kohtaamo.servicekit.causation import cause_of
from kohtaamo.servicekit.eventstore import eventsourcing_env
from kohtaamo.servicekit.testing import last_notification
from kohtaamo.servicekit.testing.deliveries import first_save_conflicts, intake_items

from ..conftest import ORG, TODAY

CONSENT = dict(parties=["MEETING_PLACE"], purposes=["PARTICIPATION_RECORDING"])


@pytest.fixture
def item():
    return intake_items(ORG)


@pytest.fixture
def saves(mp, monkeypatch):
    """The number of times the store has saved since the test began."""
    calls = []
    original = mp.store.save
    monkeypatch.setattr(mp.store, "save", lambda *a, **k: calls.append(1) or original(*a, **k))
    return calls


def known(mp: Meetingplace, client_id) -> KnownClient | None:
    return mp.store.get_or_none(KnownClient.id_for(client_id), KnownClient)


def test_registrations_and_consents_in_one_batch_are_saved_together(mp, item, saves):
    # given a batch of three registrations, each followed by the client's consent to meetingplace
    clients = [uuid4() for _ in range(3)]
    batch = [one for c in clients for one in (item(examples.client_registered(client_id=c)),
                                              item(examples.consent_recorded(client_id=c, **CONSENT)))]

    # when meetingplace applies the batch
    refused = mp.client_facts.apply_batch(batch)

    # then nothing is refused, every client is known with the consent in force, in one save
    assert refused == [] and len(saves) == 1
    for client_id in clients:
        assert known(mp, client_id).consent_for_participation(TODAY) is not None


def test_each_change_saved_together_carries_the_cause_of_its_own_event(mp, item):
    # given a registration and a consent of one client in one batch
    client_id = uuid4()
    registered = item(examples.client_registered(client_id=client_id))
    consented = item(examples.consent_recorded(client_id=client_id, **CONSENT))

    # when the batch is applied
    mp.client_facts.apply_batch([registered, consented])

    # then the client's first event was caused by the registration, its second by the consent
    events = list(mp.store.events.get(KnownClient.id_for(client_id)))
    assert [cause_of(e).causation_id for e in events] == [registered.event.event_id, consented.event.event_id]


def test_a_batch_delivered_again_changes_nothing(mp, item):
    # given a batch that has been applied
    client_id = uuid4()
    batch = [item(examples.client_registered(client_id=client_id)),
             item(examples.consent_recorded(client_id=client_id, **CONSENT))]
    mp.client_facts.apply_batch(batch)
    before = last_notification(mp.store)

    # when the same events come again (a redelivery after a lost offset commit)
    refused = mp.client_facts.apply_batch(batch)

    # then nothing more is stored
    assert refused == [] and last_notification(mp.store) == before


def test_a_refused_event_is_named_and_the_rest_of_its_batch_is_applied(mp, item):
    # given a batch with a consent for a client meetingplace never heard of, and a
    # registration of a client known in another organisation
    mine, theirs = uuid4(), uuid4()
    mp.client_facts.apply_batch([item(examples.client_registered(client_id=theirs), organisation_id="091")])
    batch = [item(examples.client_registered(client_id=mine)),
             item(examples.consent_recorded(client_id=uuid4(), **CONSENT)),
             item(examples.client_registered(client_id=theirs)),
             item(examples.consent_recorded(client_id=mine, **CONSENT))]

    # when the batch is applied
    refused = mp.client_facts.apply_batch(batch)

    # then those two alone are refused, each with its reason, and the others took effect
    assert [index for index, _ in refused] == [1, 2]
    assert "does not know client" in refused[0][1] and "known in organisation 091" in refused[1][1]
    assert known(mp, mine).consent_for_participation(TODAY) is not None
    assert known(mp, theirs).organisation_id == "091"


def test_a_batch_mixing_an_event_applied_before_with_a_new_one_applies_the_new_one_once(mp, item):
    # given a client whose first consent has been applied
    client_id = uuid4()
    first = item(examples.consent_recorded(client_id=client_id, consent_id=uuid4(), **CONSENT))
    mp.client_facts.apply_batch([item(examples.client_registered(client_id=client_id)), first])
    before = last_notification(mp.store)

    # when a batch brings that consent again, then a second one
    second = item(examples.consent_recorded(client_id=client_id, consent_id=uuid4(), **CONSENT))
    refused = mp.client_facts.apply_batch([first, second])

    # then only the second is stored: its change to the client and its receipt
    assert refused == []
    assert set(known(mp, client_id).consents) == {first.event.payload.consent_id, second.event.payload.consent_id}
    assert last_notification(mp.store) == before + 2


def test_a_batch_whose_save_conflicts_is_built_again_on_fresh_state(mp, item, monkeypatch):
    # given a store whose first save conflicts (another replica's follower wrote meanwhile)
    calls = first_save_conflicts(mp.store, monkeypatch)
    clients = [uuid4(), uuid4()]

    # when a batch of two registrations and a consent is applied
    refused = mp.client_facts.apply_batch([item(examples.client_registered(client_id=clients[0])),
                                           item(examples.client_registered(client_id=clients[1])),
                                           item(examples.consent_recorded(client_id=clients[1], **CONSENT))])

    # then the second save stored all of it
    assert refused == [] and len(calls) == 2
    assert known(mp, clients[0]) is not None
    assert known(mp, clients[1]).consent_for_participation(TODAY) is not None


@pytest.mark.parametrize("size", [1, 3, 7])
def test_a_client_history_in_batches_ends_as_it_does_one_event_at_a_time(item, size):
    # given a history of clients: registered, consented, withdrawn, voided, erased, and an
    # erasure of a client never registered here
    a, b, c = uuid4(), uuid4(), uuid4()
    consent_a, consent_b = uuid4(), uuid4()
    history = [item(examples.client_registered(client_id=a)), item(examples.client_registered(client_id=b)),
               item(examples.consent_recorded(client_id=a, consent_id=consent_a, **CONSENT)),
               item(examples.consent_recorded(client_id=b, consent_id=consent_b, **CONSENT)),
               item(examples.consent_withdrawn(client_id=a, consent_id=consent_a, parties_affected=["MEETING_PLACE"])),
               item(examples.client_registration_voided(client_id=b)),
               item(examples.client_registered(client_id=c)), item(examples.client_erased(client_id=c)),
               item(examples.client_erased(client_id=uuid4()))]
    singly, batched = (Meetingplace.create(eventsourcing_env("memory://"), today=lambda: TODAY) for _ in range(2))

    # when one store takes the events one at a time and the other in batches of ``size``
    for one in history:
        singly.client_facts.apply(one.event, one.source)
    refused = [r for k in range(0, len(history), size)
               for r in batched.client_facts.apply_batch(history[k:k + size])]

    # then both know the same clients in the same state, from the same number of stored events
    assert refused == []
    for client_id in (a, b, c):
        one, other = known(singly, client_id), known(batched, client_id)
        assert (one.status, one.consents) == (other.status, other.consents)
    assert [known(batched, x).status for x in (a, b, c)] == ["active", "voided", "erased"]
    assert known(batched, a).consents[consent_a].withdrawn_on is not None
    assert last_notification(batched.store) == last_notification(singly.store)
