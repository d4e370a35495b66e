"""Reporting's Kafka subscriptions: every event applied once, or dead-lettered."""

from __future__ import annotations

from typing import Any

from faststream.kafka import KafkaBroker

from kohtaamo.contracts import Envelope, Registry
from kohtaamo.contracts.routing import subscriptions
from kohtaamo.servicekit.consumer import Source, subscribe
from kohtaamo.servicekit.settings import KafkaSettings

from ..application.projector import writes_for
from .store import ReportingStore

GROUP_ID = "reporting"
CONSUMED_TOPICS = list(subscriptions("reporting"))  # every published topic


def register_consumers(
    broker: KafkaBroker, kafka: KafkaSettings, registry: Registry, store: ReportingStore | None
) -> None:
    async def project(event: Envelope[Any], source: Source) -> None:
        if store is None:
            raise RuntimeError("a broker built for documentation only cannot consume")
        await store.apply(event, source, writes_for(event))

    subscribe(
        broker,
        kafka,
        topics=CONSUMED_TOPICS,
        group_id=kafka.topic(GROUP_ID),  # a prefixed deployment has its own group
        registry=registry,
        handle=project,
        name="on_events",
        description="Projects every integration event into fact tables, once each.",
    )
