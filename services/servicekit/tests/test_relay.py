"""The relay on the in-memory store and FastStream's in-memory broker."""

from datetime import UTC, datetime
from uuid import UUID

import pytest
from eventsourcing.application import Application
from eventsourcing.domain import Aggregate, event
from faststream.kafka import TestKafkaBroker

from kohtaamo.contracts import Envelope, default_registry
from kohtaamo.contracts.intake.v1 import ClientRegistered
from kohtaamo.servicekit.eventstore import eventsourcing_env
from kohtaamo.servicekit.kafka import build_broker
from kohtaamo.servicekit.relay import OutboxRelay, Outgoing, source_event_id
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
        payload, event_id=source_event_id(domain_event), occurred_at=now, recorded_at=now,
        producer="test", organisation_id="091", subject_id=domain_event.originator_id,
    )
    return Outgoing(topic="people", key=str(domain_event.originator_id), envelope=envelope)


@pytest.fixture
def store() -> Application[UUID]:
    app = Application(env=eventsourcing_env("memory://"))
    app.positions = app.factory.tracking_recorder()  # in memory: one shared position store
    return app


def relay_for(app, broker, kafka) -> OutboxRelay:
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
