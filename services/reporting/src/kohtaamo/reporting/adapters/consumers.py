"""Reporting's Kafka subscriptions: every event applied once, or dead-lettered."""

from __future__ import annotations

from faststream.kafka import KafkaBroker

from kohtaamo.contracts import Registry
from kohtaamo.contracts.routing import subscriptions
from kohtaamo.servicekit.consumer import Item, subscribe_batches
from kohtaamo.servicekit.settings import KafkaSettings

from ..application.projector import Projection, writes_for
from .store import ReportingStore

CONSUMED_TOPICS = list(subscriptions("reporting"))  # every published topic


def register_consumers(
    broker: KafkaBroker,
    kafka: KafkaSettings,
    registry: Registry,
    store: ReportingStore | None,
    *,
    group: str,
    writes: Projection = writes_for,
) -> None:
    """``writes`` is the projection (a rebuild may be given another, to see what differs)."""
    async def project(items: list[Item]) -> list[tuple[int, str]]:
        if store is None:
            raise RuntimeError("a broker built for documentation only cannot consume")
        return await store.apply_batch(
            [(i.event, i.source, writes(i.event, i.source)) for i in items])

    subscribe_batches(
        broker,
        kafka,
        topics=CONSUMED_TOPICS,
        group_id=kafka.topic(group),  # a prefixed deployment has its own group
        registry=registry,
        handle=project,
        name="on_events",
        description="Projects every integration event into fact tables, once each.",
    )
