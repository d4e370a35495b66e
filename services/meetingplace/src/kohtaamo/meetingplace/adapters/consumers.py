"""Meetingplace's Kafka subscription: intake's client facts in batches, each event applied
once or dead-lettered with the reason."""

from __future__ import annotations

from faststream.kafka import KafkaBroker
from kohtaamo.contracts import Registry
from kohtaamo.contracts.routing import subscriptions
from kohtaamo.servicekit.consumer import offloaded, subscribe_batches
from kohtaamo.servicekit.offload import Offload
from kohtaamo.servicekit.settings import KafkaSettings

from ..application.client_facts import ClientFacts

CONSUMED_TOPICS = list(subscriptions("meetingplace"))


def register_consumers(broker: KafkaBroker, kafka: KafkaSettings, registry: Registry,
                       facts: ClientFacts, offload: Offload, *, group: str) -> None:
    subscribe_batches(
        broker, kafka, topics=CONSUMED_TOPICS, registry=registry,
        group_id=kafka.topic(group),  # a prefixed deployment has its own group
        handle=offloaded(facts.apply_batch, offload), name="on_client_facts",
        description="Keeps meetingplace's view of each client: organisation, status, and "
                    "consents to identified participation. Other events are passed over.",
    )
