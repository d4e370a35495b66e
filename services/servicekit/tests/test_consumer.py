"""Parse-or-dead-letter on FastStream's in-memory broker."""

from datetime import UTC, date, datetime
from uuid import uuid4

from faststream.kafka import KafkaBroker, KafkaMessage, TestKafkaBroker

from kohtaamo.contracts import Envelope, default_registry
from kohtaamo.contracts.intake.v1 import ClientRegistered
from kohtaamo.servicekit.consumer import PermanentFailure, subscribe
from kohtaamo.servicekit.settings import KafkaSettings


def an_event() -> Envelope[ClientRegistered]:
    now = datetime.now(UTC)
    client_id = uuid4()
    payload = ClientRegistered(
        client_id=client_id, registered_on=date(2017, 5, 2), municipality_code="020",
        referral_source="KELA", age_band="50_64",
    )
    return Envelope.wrap(payload, event_id=uuid4(), occurred_at=now, recorded_at=now,
                         producer="test", organisation_id="020", subject_id=client_id)


def wire(kafka, handled, fail_with=None):
    broker = KafkaBroker()
    dead = []

    async def handle(event, source):
        if fail_with:
            raise fail_with
        handled.append((event, source))

    subscribe(broker, kafka, topics=["things"], group_id="g", registry=default_registry(),
              handle=handle, name="on_things")

    async def raw(msg):
        return msg.body

    @broker.subscriber(kafka.topic("things.dlt"), decoder=raw)
    async def on_dead(body: bytes, msg: KafkaMessage) -> None:
        dead.append((body, msg.headers))

    return broker, dead


async def test_a_good_message_reaches_the_handler_as_a_parsed_event():
    kafka, handled = KafkaSettings(topic_prefix="x."), []
    broker, dead = wire(kafka, handled)
    event = an_event()

    async with TestKafkaBroker(broker) as br:
        await br.publish(event.to_bytes(), topic="x.things")

    assert [e for e, _ in handled] == [event]
    assert handled[0][1].topic == "x.things"
    assert dead == []


async def test_an_unparseable_message_goes_to_the_dead_letter_topic_with_the_reason():
    kafka, handled = KafkaSettings(topic_prefix="x."), []
    broker, dead = wire(kafka, handled)

    async with TestKafkaBroker(broker) as br:
        await br.publish(b"{broken", topic="x.things")

    assert handled == []
    body, headers = dead[0]
    assert body == b"{broken"
    assert headers["error_kind"] == "malformed"
    assert "not JSON" in headers["error"]
    assert headers["source_topic"] == "x.things"
    assert headers["consumer"] == "g"  # whose it is: consumers of a topic share its .dlt


async def test_a_message_the_handler_can_never_apply_is_dead_lettered_too():
    kafka, handled = KafkaSettings(), []
    broker, dead = wire(kafka, handled, fail_with=PermanentFailure("client is unknown"))

    async with TestKafkaBroker(broker) as br:
        await br.publish(an_event().to_bytes(), topic="things")

    assert dead[0][1]["error_kind"] == "unprocessable"
    assert dead[0][1]["error"] == "client is unknown"


def test_each_subscription_is_recorded_with_its_handler_for_other_transports():
    from kohtaamo.contracts import default_registry
    from kohtaamo.servicekit.consumer import declared, subscribe, subscribe_batches
    from kohtaamo.servicekit.kafka import build_broker
    from kohtaamo.servicekit.settings import KafkaSettings

    kafka = KafkaSettings(topic_prefix="x.")
    broker = build_broker(kafka, client_id="test")

    async def one(event, source): ...
    async def many(items): return []

    subscribe(broker, kafka, topics=["intake.clients"], group_id="g1", registry=default_registry(),
              handle=one, name="on_one")
    subscribe_batches(broker, kafka, topics=["intake.clients", "intake.outreach"], group_id="g2",
                      registry=default_registry(), handle=many, name="on_many")

    assert [(s.name, s.topics, s.group_id, s.handle, s.batch) for s in declared(broker)] == [
        ("on_one", ("intake.clients",), "g1", one, False),
        ("on_many", ("intake.clients", "intake.outreach"), "g2", many, True),
    ]
