"""The subscription on a real broker: a passing failure is retried, never dropped."""

from __future__ import annotations

import contextlib
from uuid import uuid4

import pytest

from kohtaamo.contracts import default_registry, examples
from kohtaamo.servicekit.consumer import subscribe
from kohtaamo.servicekit.kafka import build_broker, ensure_topics

pytestmark = pytest.mark.kafka


@contextlib.asynccontextmanager
async def consuming(kafka_settings, handle):
    broker = build_broker(kafka_settings, client_id="test")
    subscribe(broker, kafka_settings, topics=["things"], group_id=kafka_settings.topic("g"),
              registry=default_registry(), handle=handle, name="on_things")
    await ensure_topics(kafka_settings, ["things", "things.dlt"], partitions=1)
    await broker.start()
    try:
        yield
    finally:
        await broker.stop()


async def test_a_handler_failing_for_a_while_gets_the_message_again_until_it_succeeds(
    kafka_settings, kafka, eventually
):
    failures_left, applied = 2, []

    async def handle(event, source):
        nonlocal failures_left
        if failures_left:
            failures_left -= 1
            raise ConnectionError("database is restarting")
        applied.append((event.event_id, source.offset))

    events = [examples.envelope(examples.client_registered(client_id=uuid4())) for _ in range(3)]
    async with consuming(kafka_settings, handle):
        for event in events:
            await kafka.produce(kafka_settings.topic("things"), event.to_bytes(), key=b"k")
        await eventually(lambda: len(applied), until=lambda n: n >= 3)
        await eventually(lambda: kafka.lag(kafka_settings.topic("g"), kafka_settings.topic("things")),
                         until=lambda lag: lag == 0)

    assert [event_id for event_id, _ in applied] == [e.event_id for e in events]
    assert failures_left == 0
    assert await kafka.read_all(kafka_settings.topic("things.dlt")) == []
