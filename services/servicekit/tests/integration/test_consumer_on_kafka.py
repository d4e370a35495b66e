"""The subscription on a real broker: a passing failure is retried, never dropped.

A mechanism test on topics of its own (not the contracts'), so it connects as the admin.
"""

from __future__ import annotations

import contextlib
from uuid import uuid4

import pytest

from kohtaamo.contracts import default_registry, examples
from kohtaamo.servicekit.consumer import subscribe
from kohtaamo.servicekit.kafka import build_broker, ensure_topics

pytestmark = pytest.mark.kafka


@contextlib.asynccontextmanager
async def consuming(kafka_admin, handle):
    broker = build_broker(kafka_admin, client_id="test")
    subscribe(broker, kafka_admin, topics=["things"], group_id=kafka_admin.topic("g"),
              registry=default_registry(), handle=handle, name="on_things")
    await ensure_topics(kafka_admin, ["things", "things.dlt"], partitions=1)
    await broker.start()
    try:
        yield
    finally:
        await broker.stop()


async def test_a_handler_failing_for_a_while_gets_the_message_again_until_it_succeeds(
    kafka_admin, kafka, eventually
):
    failures_left, applied = 2, []

    async def handle(event, source):
        nonlocal failures_left
        if failures_left:
            failures_left -= 1
            raise ConnectionError("database is restarting")
        applied.append((event.event_id, source.offset))

    events = [examples.envelope(examples.client_registered(client_id=uuid4())) for _ in range(3)]
    async with consuming(kafka_admin, handle):
        for event in events:
            await kafka.produce(kafka_admin.topic("things"), event.to_bytes(), key=b"k")
        await eventually(lambda: len(applied), until=lambda n: n >= 3)
        await eventually(lambda: kafka.lag(kafka_admin.topic("g"), kafka_admin.topic("things")),
                         until=lambda lag: lag == 0)

    assert [event_id for event_id, _ in applied] == [e.event_id for e in events]
    assert failures_left == 0
    assert await kafka.read_all(kafka_admin.topic("things.dlt")) == []


async def test_a_batch_handler_gets_parsed_events_and_its_rejects_are_dead_lettered(kafka_admin, kafka, eventually):
    from kohtaamo.servicekit.consumer import subscribe_batches

    seen = []

    async def handle(items):
        seen.extend(items)
        return [(i, "refused by the store") for i, item in enumerate(items) if item.event.payload.age_band == "65_PLUS"]

    broker = build_broker(kafka_admin, client_id="test")
    subscribe_batches(broker, kafka_admin, topics=["things"], group_id=kafka_admin.topic("g"),
                      registry=default_registry(), handle=handle, name="on_things")
    await ensure_topics(kafka_admin, ["things", "things.dlt"], partitions=1)
    topic = kafka_admin.topic("things")
    good = [examples.envelope(examples.client_registered(client_id=uuid4())) for _ in range(3)]
    old = examples.envelope(examples.client_registered(client_id=uuid4(), age_band="65_PLUS"))
    await broker.start()
    try:
        for event in (good[0], old, good[1]):
            await kafka.produce(topic, event.to_bytes(), key=b"k")
        await kafka.produce(topic, b"not json", key=b"k")
        await kafka.produce(topic, good[2].to_bytes(), key=b"k")
        dead = await eventually(lambda: kafka.read_all(kafka_admin.topic("things.dlt")), until=lambda r: len(r) >= 2)
        await eventually(lambda: kafka.lag(kafka_admin.topic("g"), topic), until=lambda lag: lag == 0)
    finally:
        await broker.stop()

    assert [i.event.event_id for i in seen] == [good[0].event_id, old.event_id, good[1].event_id, good[2].event_id]
    assert [i.source.offset for i in seen] == [0, 1, 2, 4]
    assert sorted(dict(r.headers)["error_kind"] for r in dead) == [b"malformed", b"unprocessable"]
    assert {dict(r.headers)["consumer"] for r in dead} == {kafka_admin.topic("g").encode()}
    assert {r.value for r in dead} == {old.to_bytes(), b"not json"}
