"""Meetingplace's consent view from intake.clients is exact: a redelivered event changes
nothing, and a meetingplace stopped mid-stream and restarted ends in the same state as one
that read the whole topic at once.

Kafka only: the stream is raw envelopes written into the topic, as intake's relay would,
and the in-process transport has no topic to write them to (it follows a producer's own
log, and injected bytes are handed to the handler, not stored, so there is nothing to read
again after a restart)."""

from __future__ import annotations

from datetime import date
from typing import Any
from uuid import UUID, uuid4

import pytest
from eventsourcing.utils import get_topic

from kohtaamo.contracts import Envelope, examples
from kohtaamo.meetingplace.domain.known_client import KnownClient
from kohtaamo.servicekit.inbox import Receipt

from ..synthetic import produce

pytestmark = [pytest.mark.e2e, pytest.mark.kafka, pytest.mark.postgres]
ORG = "091"
RELEVANT = {"parties": ["MEETING_PLACE"], "purposes": ["PARTICIPATION_RECORDING"]}


def envelope(payload: Any) -> Envelope[Any]:
    return examples.envelope(payload, organisation_id=ORG, event_id=uuid4())


def intake_stream(clients: int) -> tuple[list[Envelope[Any]], dict[str, set[UUID]]]:
    """Registrations, consents, withdrawals, voids and erasures, as intake would send them."""
    events, kinds = [], {"withdrawn": set(), "voided": set(), "erased": set(), "other_parties": set()}
    for i in range(clients):
        client_id, consent_id = uuid4(), uuid4()
        events.append(envelope(examples.client_registered(client_id=client_id)))
        events.append(envelope(examples.consent_recorded(client_id=client_id, consent_id=consent_id,
                                                         given_on=date(2016, 1, 1), valid_until=None, **RELEVANT)))
        if i % 4 == 1:
            kinds["withdrawn"].add(client_id)
            events.append(envelope(examples.consent_withdrawn(
                client_id=client_id, consent_id=consent_id, withdrawn_on=date(2016, 5, 1),
                whole_consent=True, parties_affected=[])))
        if i % 4 == 2:
            kinds["other_parties"].add(client_id)
            other = uuid4()
            events.append(envelope(examples.consent_recorded(client_id=client_id, consent_id=other,
                                                             parties=["KELA"], purposes=["REFERRAL"])))
            events.append(envelope(examples.consent_withdrawn(client_id=client_id, consent_id=other,
                                                              parties_affected=["KELA"])))
        if i % 5 == 3:
            kinds["voided"].add(client_id)
            events.append(envelope(examples.client_registration_voided(
                client_id=client_id, reason="RECORDED_IN_ERROR", duplicate_of=None)))
        elif i % 7 == 0:
            kinds["erased"].add(client_id)
            events.append(envelope(examples.client_erased(client_id=client_id)))
    return events, kinds


def state(mp, client_ids: list[UUID]) -> dict[str, Any]:
    store = mp.app.state.meetingplace.store
    receipts = store.recorder.select_notifications(start=0, limit=10**6, topics=[get_topic(Receipt.Received)])
    clients = {}
    for client_id in client_ids:
        known = store.get_or_none(KnownClient.id_for(client_id), KnownClient)
        clients[client_id] = (known.status, known.version, sorted(known.consents.values(), key=str))
    return {"receipts": len(receipts), "clients": clients}


async def test_a_restart_mid_stream_and_redeliveries_end_in_the_state_of_one_full_reading(
    start_meetingplace, meetingplace_settings, kafka_settings, consumed, eventually
):
    events, kinds = intake_stream(clients=40)
    client_ids = [e.payload.client_id for e in events if e.event_type == "intake.ClientRegistered"]
    await produce(kafka_settings, events)
    interrupted = await meetingplace_settings()

    async with start_meetingplace(interrupted, relay=False) as mp:
        await eventually(lambda: state(mp, [])["receipts"], until=lambda n: n >= 20)
    # Stopped part-way; meanwhile intake's relay re-publishes a batch it was unsure of.
    await produce(kafka_settings, events[:30])
    async with start_meetingplace(interrupted, relay=False) as mp:
        await consumed()
        restarted = state(mp, client_ids)
    fresh = await meetingplace_settings(consumer_group="meetingplace-rebuild")
    async with start_meetingplace(fresh, relay=False) as mp:
        await consumed(group="meetingplace-rebuild")
        read_once = state(mp, client_ids)

    assert restarted == read_once
    assert restarted["receipts"] == len(events)
    statuses = {c: s[0] for c, s in restarted["clients"].items()}
    assert {c for c, s in statuses.items() if s == "voided"} == kinds["voided"]
    assert {c for c, s in statuses.items() if s == "erased"} == kinds["erased"]
    for client_id, (status, _, consents) in restarted["clients"].items():
        assert len(consents) == (0 if status == "erased" else 1)  # other parties' consents not kept
        if status == "active":
            withdrawn = consents[0].withdrawn_on is not None
            assert withdrawn == (client_id in kinds["withdrawn"])
