"""Parked messages: dead letters on ``<topic>.dlt``, and what replaying them did.

Where "done" is recorded: a compacted topic of the admin's, ``kohtaamo.dead-letter-replays``
(with the deployment's topic prefix), keyed by the dead letter's own coordinates
(``<dead-letter topic>/<partition>/<offset>``), the latest value per key being the state:
``applied`` (never replayed again) or ``failed`` with the new reason (still parked). A
topic rather than a table in each consumer's database: dead letters of every consumer
share a topic, the consumers keep their data three ways (asyncpg tables, event stores),
and the dead letters themselves are on Kafka. The effect itself is applied once by the
consumer's own idempotency (its ``processed_events`` or inbox receipt, by event id), so a
crash between applying and recording "applied" only means the next replay is a no-op.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from aiokafka import AIOKafkaProducer
from aiokafka.admin import AIOKafkaAdminClient, NewTopic
from aiokafka.errors import TopicAlreadyExistsError

from kohtaamo.servicekit.kafka import client_options
from kohtaamo.servicekit.settings import KafkaSettings

from .broker import Broker

REPLAYS_TOPIC = "kohtaamo.dead-letter-replays"


@dataclass(frozen=True)
class Replayed:
    state: str  # applied | failed
    at: str
    reason: str | None = None
    kind: str | None = None


@dataclass(frozen=True)
class Parked:
    dead_letter_topic: str
    partition: int
    offset: int
    parked_at: datetime
    consumer: str  # the group that parked it
    source_topic: str
    source_partition: int
    source_offset: int
    kind: str
    reason: str
    key: bytes | None
    value: bytes
    replayed: Replayed | None = None

    @property
    def id(self) -> str:
        return f"{self.partition}:{self.offset}"

    @property
    def key_in_replays(self) -> str:
        return f"{self.dead_letter_topic}/{self.partition}/{self.offset}"

    @property
    def still_parked(self) -> bool:
        return self.replayed is None or self.replayed.state != "applied"

    def as_dict(self) -> dict[str, Any]:
        now = self.replayed if self.replayed and self.replayed.state == "failed" else None
        return {"id": self.id, "dead_letter_topic": self.dead_letter_topic,
                "parked_at": self.parked_at.isoformat(), "consumer": self.consumer,
                "source_topic": self.source_topic, "source_partition": self.source_partition,
                "source_offset": self.source_offset,
                "kind": now.kind if now and now.kind else self.kind,
                "reason": now.reason if now and now.reason else self.reason,
                "replays": self.replayed.__dict__ if self.replayed else None}


def _header(record: Any, name: str) -> str:
    for key, value in record.headers or ():
        if key == name:
            return value.decode("utf-8", "replace") if value is not None else ""
    return ""


def _parked(record: Any, replayed: Replayed | None) -> Parked:
    def number(name: str) -> int:
        text = _header(record, name)
        return int(text) if text.lstrip("-").isdigit() else -1

    return Parked(record.topic, record.partition, record.offset,
                  datetime.fromtimestamp(record.timestamp / 1000, UTC), _header(record, "consumer"),
                  _header(record, "source_topic"), number("source_partition"),
                  number("source_offset"), _header(record, "error_kind"), _header(record, "error"),
                  record.key, record.value, replayed)


async def read_parked(broker: Broker, dead_letter_topic: str, replays: dict[str, Replayed]
                      ) -> list[Parked]:
    return [_parked(r, replays.get(f"{r.topic}/{r.partition}/{r.offset}"))
            for r in await broker.read_all(dead_letter_topic)]


async def read_replays(broker: Broker, kafka: KafkaSettings) -> dict[str, Replayed]:
    states: dict[str, Replayed] = {}
    for record in await broker.read_all(kafka.topic(REPLAYS_TOPIC)):
        if record.key is None:
            continue
        key = record.key.decode()
        if record.value is None:
            states.pop(key, None)
        else:
            states[key] = Replayed(**json.loads(record.value))
    return states


class ReplayLog:
    """Writes what a replay did, durably (acks from every in-sync replica) before going on."""

    def __init__(self, kafka: KafkaSettings) -> None:
        self._kafka = kafka
        self._producer = AIOKafkaProducer(**client_options(kafka), acks="all",
                                          enable_idempotence=True)

    async def __aenter__(self) -> ReplayLog:
        admin = AIOKafkaAdminClient(**client_options(self._kafka))
        await admin.start()
        try:
            topic = self._kafka.topic(REPLAYS_TOPIC)
            if topic not in await admin.list_topics():
                try:
                    await admin.create_topics([NewTopic(topic, num_partitions=1, replication_factor=1,
                                                        topic_configs={"cleanup.policy": "compact"})])
                except TopicAlreadyExistsError:
                    pass
        finally:
            await admin.close()
        await self._producer.start()
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self._producer.stop()

    async def record(self, parked: Parked, state: Replayed) -> None:
        await self._producer.send_and_wait(
            self._kafka.topic(REPLAYS_TOPIC), json.dumps(state.__dict__).encode(),
            key=parked.key_in_replays.encode())


def now() -> str:
    return datetime.now(UTC).isoformat()
