"""Casework's Kafka subscription: intake's client events in batches, each event applied once
or dead-lettered."""

from __future__ import annotations

from faststream.kafka import KafkaBroker

from kohtaamo.contracts import default_registry
from kohtaamo.contracts.routing import subscriptions
from kohtaamo.servicekit.consumer import subscribe_batches
from kohtaamo.servicekit.messages import BatchHandler, Item
from kohtaamo.servicekit.offload import Offload
from kohtaamo.servicekit.settings import KafkaSettings

from ..application.intake_events import IntakeFacts

CONSUMED_TOPICS = list(subscriptions("casework"))


def handler(facts: IntakeFacts, offload: Offload) -> BatchHandler:
    """A plain handler over contract envelopes: the Kafka subscriber and any other transport
    call the same one. The refused come back as (index, reason), to be dead-lettered."""

    async def handle(items: list[Item]) -> list[tuple[int, str]]:
        return await offload(facts.apply_batch, items)

    return handle


def register_consumer(broker: KafkaBroker, kafka: KafkaSettings, facts: IntakeFacts, offload: Offload, *,
                      group: str) -> None:
    subscribe_batches(
        broker,
        kafka,
        topics=CONSUMED_TOPICS,
        group_id=kafka.topic(group),  # a prefixed deployment has its own group
        registry=default_registry(),
        handle=handler(facts, offload),
        name="on_intake_clients",
        description="Opens, updates and closes each client's casework file from intake's events.",
    )
