"""Casework's Kafka subscription: intake's client events, each applied once or dead-lettered."""

from __future__ import annotations

from typing import Any

from faststream.kafka import KafkaBroker

from kohtaamo.contracts import Envelope, default_registry
from kohtaamo.contracts.routing import subscriptions
from kohtaamo.servicekit.consumer import subscribe
from kohtaamo.servicekit.messages import Handler, Source
from kohtaamo.servicekit.offload import Offload
from kohtaamo.servicekit.settings import KafkaSettings

from ..application.intake_events import IntakeFacts

CONSUMED_TOPICS = list(subscriptions("casework"))


def handler(facts: IntakeFacts, offload: Offload) -> Handler:
    """A plain handler over a contract envelope: the Kafka subscriber and any other
    transport call the same one."""

    async def handle(envelope: Envelope[Any], source: Source) -> None:
        await offload(facts.apply, envelope, source)

    return handle


def register_consumer(broker: KafkaBroker, kafka: KafkaSettings, facts: IntakeFacts, offload: Offload, *,
                      group: str) -> None:
    subscribe(
        broker,
        kafka,
        topics=CONSUMED_TOPICS,
        group_id=kafka.topic(group),  # a prefixed deployment has its own group
        registry=default_registry(),
        handle=handler(facts, offload),
        name="on_intake_clients",
        description="Opens, updates and closes each client's casework file from intake's events.",
    )
