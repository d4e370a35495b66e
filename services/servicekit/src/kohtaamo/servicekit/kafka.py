"""Kafka plumbing: the broker every service builds, topic creation."""

from __future__ import annotations

from aiokafka.admin import AIOKafkaAdminClient, NewTopic
from aiokafka.errors import TopicAlreadyExistsError
from faststream.kafka import KafkaBroker

from .settings import KafkaSettings


def build_broker(settings: KafkaSettings, *, client_id: str) -> KafkaBroker:
    # Idempotent producer: a retried send never writes the same record twice.
    return KafkaBroker(
        settings.bootstrap_servers,
        client_id=client_id,
        enable_idempotence=True,
        acks="all",
    )


async def ensure_topics(
    settings: KafkaSettings, names: list[str], *, partitions: int = 3
) -> None:
    """Create the topics a service needs, if missing (first start, or a fresh test prefix)."""
    admin = AIOKafkaAdminClient(bootstrap_servers=settings.bootstrap_servers)
    await admin.start()
    try:
        existing = set(await admin.list_topics())
        wanted = [
            NewTopic(settings.topic(name), num_partitions=partitions, replication_factor=1)
            for name in names
            if settings.topic(name) not in existing
        ]
        if wanted:
            try:
                await admin.create_topics(wanted)
            except TopicAlreadyExistsError:
                pass  # another service instance won the race
    finally:
        await admin.close()
