"""The relay and the dead letters on a real broker: a producer that fails every send for good (as aiokafka's
idempotent producer does with OutOfOrderSequenceNumber after a broker restart) is replaced,
and everything is published. Found by the fault suite: the outboxes stopped for ever."""

from __future__ import annotations

import asyncio
import contextlib
from uuid import UUID

import pytest
from aiokafka.errors import OutOfOrderSequenceNumber
from eventsourcing.application import Application

from kohtaamo.contracts import default_registry
from kohtaamo.servicekit.consumer import subscribe
from kohtaamo.servicekit.eventstore import eventsourcing_env
from kohtaamo.servicekit.kafka import build_broker, ensure_topics
from kohtaamo.servicekit.relay import OutboxRelay

from ..test_relay import Person, translate

pytestmark = pytest.mark.kafka


def broken_for_good(producer) -> None:
    async def send(*args, **kwargs):
        raise OutOfOrderSequenceNumber("the broker's sequence numbers moved on")

    producer.send = send


async def test_a_producer_that_fails_every_send_is_replaced_and_nothing_is_left_unpublished(
    kafka_admin, kafka, eventually
):
    # given five saved events and a relay whose producer can no longer send anything
    store: Application[UUID] = Application(env=eventsourcing_env("memory://"))
    positions = store.factory.tracking_recorder()
    store.save(*[Person(n=i) for i in range(5)])
    await ensure_topics(kafka_admin, ["people"], partitions=1)
    broker = build_broker(kafka_admin, client_id="test")
    await broker.start()
    broken = broker.config.broker_config.producer._producer.producer
    broken_for_good(broken)
    relay = OutboxRelay(name="test-relay", app=store, translate=translate, broker=broker,
                        kafka=kafka_admin, positions=positions, idle_wait=0.05, max_backoff=0.2)
    task = asyncio.create_task(relay.run())
    try:
        # when it runs, then it gets a new producer and publishes every event, once
        status = await eventually(relay.status, until=lambda s: s.lag == 0 and s.state == "running")
        records = await eventually(lambda: kafka.read_all(kafka_admin.topic("people")),
                                   until=lambda r: len(r) >= 5)
        renewed = broker.config.broker_config.producer._producer.producer
    finally:
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task
        await broker.stop()

    assert status.position == 5
    assert len({dict(r.headers)["event_id"] for r in records}) == len(records) == 5
    assert renewed is not broken


async def test_a_consumer_whose_producer_fails_every_send_still_parks_its_poison(kafka_admin, kafka, eventually):
    # given a subscription whose broker's producer can no longer send anything
    async def handle(envelope, source):
        raise AssertionError("a poison message never reaches the handler")

    broker = build_broker(kafka_admin, client_id="test")
    subscribe(broker, kafka_admin, topics=["things"], group_id=kafka_admin.topic("g"),
              registry=default_registry(), handle=handle, name="on_things")
    await ensure_topics(kafka_admin, ["things", "things.dlt"], partitions=1)
    await broker.start()
    broken_for_good(broker.config.broker_config.producer._producer.producer)
    try:
        # when a message no one can parse comes, then it is dead-lettered all the same
        await kafka.produce(kafka_admin.topic("things"), b"not json", key=b"k")
        dead = await eventually(lambda: kafka.read_all(kafka_admin.topic("things.dlt")), until=bool)
    finally:
        await broker.stop()

    assert {r.value for r in dead} == {b"not json"}
    assert {dict(r.headers)["error_kind"] for r in dead} == {b"malformed"}


async def test_a_producer_renewed_while_the_broker_is_down_is_kept_until_one_can_start(kafka_admin):
    # given a connected broker whose producer must be renewed while no broker answers
    from kohtaamo.servicekit.kafka import renew_producer

    broker = build_broker(kafka_admin, client_id="test")
    await broker.start()
    current = broker.config.broker_config.producer._producer.producer
    reachable = broker._connection_kwargs["bootstrap_servers"]
    broker._connection_kwargs["bootstrap_servers"] = "127.0.0.1:9"  # nothing listens there
    try:
        # when the renewal cannot start a new producer, then the old one is still in place
        with pytest.raises(Exception):
            await renew_producer(broker)
        kept = broker.config.broker_config.producer._producer.producer
        # and once the broker answers again, a new one replaces it
        broker._connection_kwargs["bootstrap_servers"] = reachable
        assert await renew_producer(broker)
        renewed = broker.config.broker_config.producer._producer.producer
    finally:
        await broker.stop()

    assert kept is current
    assert renewed is not current
