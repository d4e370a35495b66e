"""Intake's events in batches: applied together in one save when every event applies cleanly,
else one at a time, with the same outcome as events delivered singly."""

from __future__ import annotations

from uuid import uuid4

import pytest

from kohtaamo.casework.domain.caseloads import OpenFiles, shard_of
from kohtaamo.contracts import examples
from kohtaamo.servicekit.causation import cause_of
from kohtaamo.servicekit.testing import last_notification
from kohtaamo.servicekit.testing.deliveries import first_save_conflicts, intake_items

ORG = "091"


@pytest.fixture
def item():
    """``item(payload)`` -> an intake event as the batch consumer gets it, at the next offset."""
    return intake_items(ORG)


@pytest.fixture
def saves(casework, monkeypatch):
    """The number of times the store has saved since the test began."""
    calls = []
    original = casework.store.save
    monkeypatch.setattr(casework.store, "save", lambda *a, **k: calls.append(1) or original(*a, **k))
    return calls


def test_registrations_and_consents_in_one_batch_are_saved_together(casework, item, saves, staff):
    # given a batch of three registrations, each followed by the client's consent
    clients = [uuid4() for _ in range(3)]
    batch = [one for c in clients for one in (item(examples.client_registered(client_id=c)),
                                              item(examples.consent_recorded(client_id=c)))]

    # when casework applies the batch
    refused = casework.intake_facts.apply_batch(batch)

    # then nothing is refused, every file is open with its consent, and it took one save
    assert refused == [] and len(saves) == 1
    for client_id in clients:
        file = casework.store.file(client_id, ORG)
        assert file.status == "open" and len(file.consents) == 1
    listed = {e.client_id for e in casework.workers.without_worker(staff("manager"))}
    assert listed == set(clients)


def test_each_change_saved_together_carries_the_cause_of_its_own_event(casework, item):
    # given a registration and a consent of one client in one batch
    client_id = uuid4()
    registered = item(examples.client_registered(client_id=client_id))
    consented = item(examples.consent_recorded(client_id=client_id))

    # when the batch is applied
    casework.intake_facts.apply_batch([registered, consented])

    # then the file's first event was caused by the registration, its second by the consent
    events = list(casework.store.events.get(client_id))
    assert [cause_of(e).causation_id for e in events] == [registered.event.event_id, consented.event.event_id]
    shard = OpenFiles.id_for(ORG, shard_of(client_id))
    assert {cause_of(e).causation_id for e in casework.store.events.get(shard)} >= {registered.event.event_id}


def test_a_batch_delivered_again_changes_nothing(casework, item):
    # given a batch that has been applied
    client_id = uuid4()
    batch = [item(examples.client_registered(client_id=client_id)), item(examples.consent_recorded(client_id=client_id))]
    casework.intake_facts.apply_batch(batch)
    before = last_notification(casework.store)

    # when the same events come again (a redelivery after a lost offset commit)
    refused = casework.intake_facts.apply_batch(batch)

    # then nothing more is stored
    assert refused == [] and last_notification(casework.store) == before


def test_a_refused_event_is_named_and_the_rest_of_its_batch_is_applied(casework, item):
    # given a batch whose middle event is a consent for a client casework never heard of
    known = uuid4()
    batch = [item(examples.client_registered(client_id=known)),
             item(examples.consent_recorded(client_id=uuid4())),
             item(examples.consent_recorded(client_id=known))]

    # when the batch is applied
    refused = casework.intake_facts.apply_batch(batch)

    # then that event alone is refused, with the reason, and the others took effect
    assert [index for index, _ in refused] == [1]
    assert "no file for client" in refused[0][1]
    assert len(casework.store.file(known, ORG).consents) == 1


def test_an_erasure_in_a_batch_destroys_the_key_and_drops_what_follows(casework, item, vault):
    # given a registered client, then a batch with their erasure and a later consent
    client_id = uuid4()
    casework.intake_facts.apply_batch([item(examples.client_registered(client_id=client_id))])

    # when that batch is applied
    refused = casework.intake_facts.apply_batch([item(examples.client_erased(client_id=client_id)),
                                                 item(examples.consent_recorded(client_id=client_id))])

    # then the key is gone, the file erased, and the consent dropped (not refused)
    assert refused == []
    assert vault.keys[client_id] is False
    assert casework.store.file(client_id, ORG).status == "erased"
    assert casework.intake_facts.dropped == 1


def test_a_batch_mixing_an_event_applied_before_with_a_new_one_applies_the_new_one_once(casework, item):
    # given a client whose first consent has been applied
    client_id = uuid4()
    first = item(examples.consent_recorded(client_id=client_id, consent_id=uuid4()))
    casework.intake_facts.apply_batch([item(examples.client_registered(client_id=client_id)), first])
    before = last_notification(casework.store)

    # when a batch brings that consent again, then a second one
    second = item(examples.consent_recorded(client_id=client_id, consent_id=uuid4()))
    refused = casework.intake_facts.apply_batch([first, second])

    # then only the second is stored: its change to the file and its receipt
    assert refused == []
    assert set(casework.store.file(client_id, ORG).consents) == {first.event.payload.consent_id,
                                                                 second.event.payload.consent_id}
    assert last_notification(casework.store) == before + 2


def test_a_batch_whose_save_conflicts_is_saved_again_in_full(casework, item, monkeypatch):
    # given a store whose first save conflicts (another replica wrote an open-files shard meanwhile)
    calls = first_save_conflicts(casework.store, monkeypatch)
    clients = [uuid4(), uuid4()]

    # when a batch of two registrations and a consent is applied
    refused = casework.intake_facts.apply_batch([item(examples.client_registered(client_id=clients[0])),
                                                 item(examples.client_registered(client_id=clients[1])),
                                                 item(examples.consent_recorded(client_id=clients[1]))])

    # then the second save stored all of it: both files, the consent
    assert refused == [] and len(calls) == 2
    assert [casework.store.file(c, ORG).status for c in clients] == ["open", "open"]
    assert len(casework.store.file(clients[1], ORG).consents) == 1


def test_an_event_for_a_file_that_existed_before_the_batch_is_applied_on_its_own(casework, item, saves):
    # given a client casework has known for a while (commands write their file too)
    known = uuid4()
    casework.intake_facts.apply_batch([item(examples.client_registered(client_id=known))])
    saves.clear()

    # when a batch brings their consent between a new client's registration and consent
    new = uuid4()
    refused = casework.intake_facts.apply_batch([item(examples.client_registered(client_id=new)),
                                                 item(examples.consent_recorded(client_id=known)),
                                                 item(examples.consent_recorded(client_id=new))])

    # then the new client went in one save and the known client's consent in a second
    assert refused == [] and len(saves) == 2
    assert [len(casework.store.file(c, ORG).consents) for c in (known, new)] == [1, 1]
