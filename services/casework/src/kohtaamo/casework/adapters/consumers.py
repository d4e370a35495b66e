"""Casework's Kafka subscription: intake's client events in batches, each event applied once
or dead-lettered."""

from __future__ import annotations

from faststream.kafka import KafkaBroker

from kohtaamo.contracts import default_registry
from kohtaamo.contracts.routing import subscriptions
from kohtaamo.servicekit.consumer import offloaded, subscribe_batches
from kohtaamo.servicekit.offload import Offload
from kohtaamo.servicekit.settings import KafkaSettings

from ..application.intake_events import IntakeFacts

CONSUMED_TOPICS = list(subscriptions("casework"))


def register_consumer(broker: KafkaBroker, kafka: KafkaSettings, facts: IntakeFacts, offload: Offload, *,
                      group: str) -> None:
    subscribe_batches(
        broker,
        kafka,
        topics=CONSUMED_TOPICS,
        group_id=kafka.topic(group),  # a prefixed deployment has its own group
        registry=default_registry(),
        handle=offloaded(facts.apply_batch, offload),
        name="on_intake_clients",
        description="Opens, updates and closes each client's casework file from intake's events.",
    )
