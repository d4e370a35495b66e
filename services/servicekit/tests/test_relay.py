"""The relay on the in-memory store and FastStream's in-memory broker."""

import asyncio
from datetime import UTC, datetime
from uuid import UUID

import pytest
from eventsourcing.application import Application
from eventsourcing.domain import Aggregate, event
from faststream.kafka import KafkaMessage, TestKafkaBroker

from kohtaamo.contracts import Envelope, default_registry
from kohtaamo.contracts.intake.v1 import ClientRegistered
from kohtaamo.servicekit.eventstore import eventsourcing_env
from kohtaamo.servicekit.kafka import build_broker
from kohtaamo.servicekit.health import relay_check, report
from kohtaamo.servicekit.outgoing import Outgoing, source_event_id
from kohtaamo.servicekit.relay import OutboxRelay, Untranslatable
from kohtaamo.servicekit.settings import KafkaSettings


class Person(Aggregate):
    @event("Registered")
    def __init__(self, n: int) -> None:
        self.n = n

    @event("Renamed")
    def rename(self) -> None:
        pass


def translate(domain_event) -> Outgoing | None:
    if not isinstance(domain_event, Person.Registered):
        return None  # internal events are not published
    now = datetime.now(UTC)
    payload = ClientRegistered(
        client_id=domain_event.originator_id, registered_on=now.date(), municipality_code="091",
        referral_source="SELF", age_band="30_39",
    )
    envelope = Envelope.wrap(
        payload, event_id=source_event_id(domain_event, "test"), occurred_at=now, recorded_at=now,
        producer="test", organisation_id="091", subject_id=domain_event.originator_id,
    )
    return Outgoing(topic="people", key=str(domain_event.originator_id), envelope=envelope)


@pytest.fixture
def store() -> Application[UUID]:
    app = Application(env=eventsourcing_env("memory://"))
    app.positions = app.factory.tracking_recorder()  # in memory: one shared position store
    return app


def relay_for(app, broker, kafka, translate=translate) -> OutboxRelay:
    return OutboxRelay(
        name="test-relay", app=app, translate=translate, broker=broker, kafka=kafka,
        positions=app.positions, batch_size=3,
    )


async def test_saved_events_are_published_once_in_order_keyed_by_subject(store):
    kafka = KafkaSettings(topic_prefix="p.")
    broker = build_broker(kafka, client_id="test")
    received = []

    @broker.subscriber("p.people")
    async def collect(body: dict) -> None:
        received.append(default_registry().parse(body))

    people = [Person(n=i) for i in range(7)]
    for person in people:
        person.rename()
    store.save(*people)

    async with TestKafkaBroker(broker):
        relay = relay_for(store, broker, kafka)
        assert await relay.publish_pending() == 14
        assert await relay.publish_pending() == 0  # nothing left: nothing sent twice

    assert [e.subject_id for e in received] == [p.id for p in people]
    assert len({e.event_id for e in received}) == 7


async def test_the_position_survives_a_new_relay_instance(store):
    kafka = KafkaSettings()
    broker = build_broker(kafka, client_id="test")
    store.save(*[Person(n=i) for i in range(5)])

    async with TestKafkaBroker(broker):
        assert await relay_for(store, broker, kafka).publish_pending(limit=2) == 2
        rest = await relay_for(store, broker, kafka).publish_pending()

    assert rest == 3
    assert await relay_for(store, broker, kafka).position() == 5


class Poisoned(Aggregate):
    """An aggregate whose event the translation refuses, as a contract refuses a bad value."""

    @event("Made")
    def __init__(self) -> None:
        pass


def refusing(domain_event) -> Outgoing | None:
    if isinstance(domain_event, Poisoned.Made):
        raise ValueError("the contract refuses this event")
    return translate(domain_event)


async def test_an_untranslatable_event_halts_the_relay_after_publishing_everything_before_it(store):
    kafka = KafkaSettings()
    broker = build_broker(kafka, client_id="test")
    before, after = Person(n=1), Person(n=2)
    store.save(before)
    store.save(Poisoned())
    store.save(after)
    received = []

    @broker.subscriber("people")
    async def collect(body: dict) -> None:
        received.append(default_registry().parse(body).subject_id)

    async with TestKafkaBroker(broker):
        relay = relay_for(store, broker, kafka, translate=refusing)
        with pytest.raises(Untranslatable) as halted:
            await relay.publish_pending()
        await relay.run()  # returns at once: halted, never skipping the event
        status = await relay.status()
        health = await report("test", {"outbox": relay_check(relay)})

        fixed = relay_for(store, broker, kafka, translate=translate)  # a restart after the fix
        resumed = await fixed.publish_pending()

    assert halted.value.notification_id == 2
    assert (status.state, status.position, status.lag, status.halted_at) == ("halted", 1, 2, 2)
    assert "the contract refuses this event" in status.reason
    assert health["status"] == "degraded"
    assert health["components"]["outbox"]["halted_at_notification"] == 2
    assert resumed == 2
    assert received == [before.id, after.id]


async def test_a_published_envelope_carries_its_cause_and_the_header_matches(store):
    from kohtaamo.servicekit.causation import Cause, caused_by
    from uuid import uuid4

    kafka = KafkaSettings()
    broker = build_broker(kafka, client_id="test")
    cause = Cause(correlation_id=uuid4(), causation_id=uuid4())
    with caused_by(cause):
        store.save(Person(n=1))
    seen = []

    def translate_with_cause(domain_event) -> Outgoing | None:
        from kohtaamo.servicekit.outgoing import outgoing

        payload = ClientRegistered(
            client_id=domain_event.originator_id, registered_on=datetime.now(UTC).date(),
            municipality_code="091", referral_source="SELF", age_band="30_39",
        )
        return outgoing(domain_event, payload, occurred_at=datetime.now(UTC), producer="test",
                        organisation_id="091", project_id=None)

    @broker.subscriber("intake.clients")
    async def collect(body: dict, msg: KafkaMessage) -> None:
        seen.append((default_registry().parse(body), msg.correlation_id, msg.headers["causation_id"]))

    async with TestKafkaBroker(broker):
        await relay_for(store, broker, kafka, translate=translate_with_cause).publish_pending()

    [(envelope, header_correlation, header_causation)] = seen
    assert (envelope.correlation_id, envelope.causation_id) == (cause.correlation_id, cause.causation_id)
    assert header_correlation == str(cause.correlation_id)
    assert header_causation == str(cause.causation_id)


@pytest.mark.parametrize("steps_between", [0, 1, 2, 3])
async def test_a_relay_cancelled_as_it_is_nudged_stops(store, steps_between):
    """A nudge (the last request's) and the cancellation at shutdown can meet: the relay
    must stop all the same, or the service never does."""
    import asyncio

    kafka = KafkaSettings(topic_prefix="t.", security_protocol="PLAINTEXT")
    broker = build_broker(kafka, client_id="test")
    async with TestKafkaBroker(broker):
        relay = OutboxRelay(name="idle-relay", app=store, translate=translate, broker=broker, kafka=kafka,
                            positions=store.positions, idle_wait=30)
        task = asyncio.create_task(relay.run())
        while (await relay.status()).state != "running":
            await asyncio.sleep(0)
        for _ in range(3):
            await asyncio.sleep(0)  # into its idle wait
        relay.nudge()
        for _ in range(steps_between):
            await asyncio.sleep(0)
        task.cancel()
        done, _ = await asyncio.wait({task}, timeout=10)  # a guard against a hang, not a timing

    assert task in done and task.cancelled()


async def test_a_relay_nudged_as_it_is_cancelled_still_stops(store):
    # asyncio.wait_for on Python 3.11 swallows a cancellation that arrives as the awaited
    # event fires: a service stopping right after a request (which nudges) then hung for good.
    broker = build_broker(KafkaSettings(), client_id="test")
    async with TestKafkaBroker(broker) as br:
        relay = relay_for(store, br, KafkaSettings())
        for _ in range(20):
            task = asyncio.create_task(relay.run())
            await asyncio.sleep(0.01)  # idle: waiting to be woken
            relay.nudge()
            task.cancel()
            with pytest.raises(asyncio.CancelledError):
                await asyncio.wait_for(task, timeout=5)
