"""The broker lets in only whom it knows, and each service only where the contracts say.

Nobody but intake can put a ClientRegistered where reporting would count it: not a client
without credentials, not one with a wrong password, not another service's principal.
"""

from __future__ import annotations

import logging

import pytest
from aiokafka import AIOKafkaConsumer, AIOKafkaProducer
from aiokafka.errors import KafkaConnectionError, TopicAuthorizationFailedError

from kohtaamo.casework.settings import CaseworkSettings
from kohtaamo.contracts import examples, topics
from kohtaamo.intake.settings import IntakeSettings
from kohtaamo.meetingplace.settings import MeetingplaceSettings
from kohtaamo.reporting.settings import ReportingSettings
from kohtaamo.servicekit.acls import acl_bindings
from kohtaamo.servicekit.kafka import client_options, ensure_topics
from kohtaamo.servicekit.kafka_acls import AclAdmin
from kohtaamo.servicekit.settings import KafkaSettings

pytestmark = [pytest.mark.kafka, pytest.mark.e2e]

FORGED = examples.envelope(examples.client_registered()).to_bytes()


@pytest.fixture(autouse=True)
def authenticated(stack):
    if not stack.kafka.authenticates:
        pytest.skip("this stack's broker has no authentication (testcontainers): nothing to refuse")


async def produce(kafka: KafkaSettings, topic: str, value: bytes = FORGED) -> None:
    producer = AIOKafkaProducer(**client_options(kafka), request_timeout_ms=10_000)
    try:
        await producer.start()
        await producer.send_and_wait(kafka.topic(topic), value)
    finally:
        await producer.stop()


async def read(kafka: KafkaSettings, topic: str) -> int:
    consumer = AIOKafkaConsumer(kafka.topic(topic), **client_options(kafka),
                                auto_offset_reset="earliest")
    try:
        await consumer.start()
        batch = await consumer.getmany(timeout_ms=2000)
        return sum(len(records) for records in batch.values())
    finally:
        await consumer.stop()


async def test_intakes_own_principal_may_publish_a_registration(kafka_settings, kafka):
    await produce(IntakeSettings(kafka=kafka_settings).kafka, topics.INTAKE_CLIENTS)

    records = await kafka.read_all(kafka_settings.topic(topics.INTAKE_CLIENTS))
    assert [r.value for r in records] == [FORGED]


async def test_a_client_without_credentials_is_refused(kafka_settings, kafka):
    anonymous = kafka_settings.model_copy(update={"security_protocol": "PLAINTEXT"})

    with pytest.raises(KafkaConnectionError):  # the broker closes on anything but SASL
        await produce(anonymous, topics.INTAKE_CLIENTS)

    assert await kafka.read_all(kafka_settings.topic(topics.INTAKE_CLIENTS)) == []


async def test_a_wrong_password_is_refused(kafka_settings, kafka, caplog):
    impostor = IntakeSettings(kafka=kafka_settings, kafka_password="not-intakes-password").kafka

    with caplog.at_level(logging.ERROR, logger="aiokafka"), pytest.raises(KafkaConnectionError):
        await produce(impostor, topics.INTAKE_CLIENTS)

    assert "invalid credentials" in caplog.text  # refused for the password, not a dead broker
    assert await kafka.read_all(kafka_settings.topic(topics.INTAKE_CLIENTS)) == []


@pytest.mark.parametrize("settings", [CaseworkSettings, MeetingplaceSettings, ReportingSettings])
async def test_another_services_principal_may_not_publish_to_intakes_topic(settings, kafka_settings, kafka):
    other = settings(kafka=kafka_settings).kafka

    with pytest.raises(TopicAuthorizationFailedError):
        await produce(other, topics.INTAKE_CLIENTS)

    assert await kafka.read_all(kafka_settings.topic(topics.INTAKE_CLIENTS)) == []


async def test_a_consumer_reads_what_it_consumes_and_nothing_else(kafka_settings):
    intake = IntakeSettings(kafka=kafka_settings).kafka
    casework = CaseworkSettings(kafka=kafka_settings).kafka
    await produce(intake, topics.INTAKE_CLIENTS)
    await produce(intake, topics.INTAKE_OUTREACH)

    assert await read(casework, topics.INTAKE_CLIENTS) == 1
    with pytest.raises(TopicAuthorizationFailedError):
        await read(casework, topics.INTAKE_OUTREACH)  # anonymous outreach: not casework's


async def test_reporting_may_park_dead_letters_but_not_publish_to_a_producers_topic(kafka_settings):
    reporting = ReportingSettings(kafka=kafka_settings).kafka

    await produce(reporting, topics.dead_letter(topics.MEETINGPLACE_VISITS), b"parked")
    with pytest.raises(TopicAuthorizationFailedError):
        await produce(reporting, topics.MEETINGPLACE_VISITS)


async def test_the_broker_enforces_exactly_the_bindings_the_routing_table_implies(kafka_admin):
    async with AclAdmin(kafka_admin) as acls:
        enforced = {b for b in await acls.describe() if b.resource_name.startswith(kafka_admin.topic_prefix)}

    assert enforced == set(acl_bindings(kafka_admin.topic_prefix))


async def test_a_service_may_not_create_a_topic_that_is_not_its_own(kafka_settings):
    reporting = ReportingSettings(kafka=kafka_settings).kafka

    with pytest.raises(TopicAuthorizationFailedError, match="reporting may not create topic"):
        await ensure_topics(reporting, ["reporting.own-idea"])
    await ensure_topics(reporting, [topics.dead_letter(topics.INTAKE_CLIENTS)])  # exists: no error
