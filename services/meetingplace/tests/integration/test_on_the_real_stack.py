"""Meetingplace on a real PostgreSQL and Kafka: one transaction per bulk request, races
retried, every tally on its topic, intake's facts consumed once each."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from datetime import date, timedelta
from uuid import uuid4

import asyncpg
import httpx
import pytest

from kohtaamo.contracts import default_registry, examples, topics
from kohtaamo.meetingplace.bootstrap import create_app
from kohtaamo.meetingplace.domain.known_client import KnownClient
from kohtaamo.meetingplace.settings import MeetingplaceSettings
from kohtaamo.servicekit.messages import Source

pytestmark = [pytest.mark.postgres, pytest.mark.kafka]
WORKER = "meetingplace_worker"
MONDAY = date(2013, 3, 4)
PLACE = {"name": "Kyläkulma", "municipality_code": "301", "premises": "RENTED_FLAT", "opened_on": "2013-01-07"}


@pytest.fixture
async def meetingplace(stack, database_schema, kafka_settings) -> AsyncIterator[httpx.AsyncClient]:
    settings = MeetingplaceSettings(database_url=stack.database_url, database_schema=database_schema,
                                    kafka=kafka_settings)
    app = create_app(settings)
    async with app.router.lifespan_context(app):
        async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://mp") as client:
            client.app = app  # type: ignore[attr-defined]
            yield client


@pytest.fixture
def stored_events(stack, database_schema):
    async def count() -> int:
        conn = await asyncpg.connect(stack.database_url)
        try:
            return await conn.fetchval(f'SELECT count(*) FROM "{database_schema}".meetingplace_events')
        finally:
            await conn.close()

    return count


def week(headcount=lambda d, s: 10 + d):
    return [{"visit_date": (MONDAY + timedelta(days=d)).isoformat(), "time_slot": slot,
             "headcount": headcount(d, slot)} for d in range(7) for slot in ("MORNING", "AFTERNOON", "EVENING")]


async def test_a_bulk_request_with_one_bad_row_stores_nothing_and_a_good_one_reaches_kafka(
    meetingplace, auth_header, stored_events, kafka, kafka_settings, eventually
):
    worker = auth_header(WORKER, org="301")
    place = (await meetingplace.post("/meeting-places", json=PLACE, headers=worker)).json()["id"]
    before = await stored_events()
    rows = week()

    refused = await meetingplace.post(f"/meeting-places/{place}/tallies", headers=worker,
                                      json={"rows": rows[:-1] + [rows[-1] | {"headcount": 10_001}]})
    after_refusal = await stored_events()
    accepted = await meetingplace.post(f"/meeting-places/{place}/tallies", json={"rows": rows}, headers=worker)

    assert refused.status_code == 422 and after_refusal == before
    assert accepted.status_code == 201
    # 7 days started + 21 counts + the place's latest recorded day, in one transaction
    assert await stored_events() == before + 7 + 21 + 1
    records = await eventually(lambda: kafka.read_all(kafka_settings.topic(topics.MEETINGPLACE_VISITS)),
                               until=lambda r: len(r) == 21)
    visits = [default_registry().parse(r.value).payload for r in records]
    assert sorted(v.headcount for v in visits) == sorted(r["headcount"] for r in rows)
    assert {r.key for r in records} == {place.encode()}


async def test_identified_visits_racing_on_one_day_are_all_recorded(meetingplace, auth_header):
    app = meetingplace.app.state.meetingplace
    worker = auth_header(WORKER, org="301")
    place = (await meetingplace.post("/meeting-places", json=PLACE, headers=worker)).json()["id"]
    clients = [uuid4() for _ in range(6)]
    for client_id in clients:
        for payload in (examples.client_registered(client_id=client_id),
                        examples.consent_recorded(client_id=client_id, consent_id=uuid4(),
                                                  given_on=date(2013, 1, 1), valid_until=None)):
            app.client_facts.apply(examples.envelope(payload, organisation_id="301", event_id=uuid4()),
                                   Source("test", 0, 0))

    answers = await asyncio.gather(*(meetingplace.post(
        f"/meeting-places/{place}/identified-visits", headers=worker,
        json={"client_id": str(cid), "visit_date": "2013-03-04", "time_slot": "MORNING"}) for cid in clients))

    assert [a.status_code for a in answers] == [201] * len(clients)
    counts = await meetingplace.get(f"/meeting-places/{place}/visits?from=2013-03-04&to=2013-03-04", headers=worker)
    assert counts.json()["days"][0]["slots"][0]["identified"] == len(clients)


async def test_intake_facts_are_consumed_once_and_an_unreadable_one_is_dead_lettered(
    meetingplace, kafka, kafka_settings, eventually
):
    app = meetingplace.app.state.meetingplace
    topic, group = kafka_settings.topic(topics.INTAKE_CLIENTS), kafka_settings.topic("meetingplace")
    client_id = uuid4()
    consent = examples.envelope(examples.consent_recorded(client_id=client_id, consent_id=uuid4()),
                                organisation_id="301", event_id=uuid4())
    for envelope in (examples.envelope(examples.client_registered(client_id=client_id),
                                       organisation_id="301", event_id=uuid4()), consent):
        await kafka.produce(topic, envelope.to_bytes(), key=str(client_id).encode())
    await eventually(lambda: kafka.lag(group, topic), until=lambda lag: lag == 0)
    known = app.store.client(client_id, "301")

    await kafka.produce(topic, consent.to_bytes(), key=str(client_id).encode())  # a redelivery
    await kafka.produce(topic, b"{not json", key=str(client_id).encode())
    await eventually(lambda: kafka.lag(group, topic), until=lambda lag: lag == 0)
    dead = await eventually(lambda: kafka.read_all(topics.dead_letter(topic)), until=lambda r: len(r) == 1)

    assert known.consent_for_participation(date(2016, 6, 1)) == consent.payload.consent_id
    assert app.store.client(client_id, "301").version == known.version
    assert app.store.get_or_none(KnownClient.id_for(client_id), KnownClient).organisation_id == "301"
    assert dead[0].value == b"{not json"
    assert dict(dead[0].headers)["error_kind"] == b"malformed"
