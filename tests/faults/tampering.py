"""What a misbehaving producer or network does to the topics, as the admin principal: a
seeded tenth of the records already on the event topics delivered again (raw, as they were),
and one poison message for every hundred records."""

from __future__ import annotations

import random
import uuid
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from aiokafka import AIOKafkaConsumer, AIOKafkaProducer, TopicPartition

from kohtaamo.contracts import examples, topics
from kohtaamo.contracts.routing import CONSUMERS, subscriptions
from kohtaamo.servicekit.kafka import client_options
from kohtaamo.servicekit.settings import KafkaSettings

EVENT_TOPICS = list(topics.ALL)
POISON_KINDS = ("bad_json", "unknown_type", "unknown_version", "wrong_field_types", "unknown_client")


def consumers_of_topic(topic: str) -> tuple[str, ...]:
    return tuple(sorted(s for s in CONSUMERS if topic in subscriptions(s)))


@dataclass(frozen=True)
class Poison:
    kind: str
    topic: str  # unprefixed
    partition: int
    offset: int
    # The consumers that must dead-letter it: every consumer of the topic, but for a valid
    # event about an unknown client only those that keep a view of each client.
    expected_by: tuple[str, ...]
    value: bytes = b""
    client_id: uuid.UUID | None = None  # the unknown client's, for that kind


@dataclass
class Tampering:
    originals: int = 0
    duplicates: int = 0
    poison: list[Poison] = field(default_factory=list)
    by_kind: Counter[str] = field(default_factory=Counter)


def poison_message(kind: str, rng: random.Random) -> tuple[str, bytes, uuid.UUID]:
    """(topic, value, its client id) of a message no consumer may apply."""
    client = uuid.UUID(int=rng.getrandbits(128))
    consent = examples.envelope(examples.consent_recorded(client_id=client),
                                event_id=uuid.UUID(int=rng.getrandbits(128)), organisation_id="908")
    good = consent.to_bytes()
    match kind:
        case "bad_json":
            return rng.choice(EVENT_TOPICS), b'{"event_id": "' + good[:40] + b"\xff not json", client
        case "unknown_type":
            return topics.INTAKE_CLIENTS, good.replace(b'"intake.ConsentRecorded"', b'"intake.ConsentForged"'), client
        case "unknown_version":
            return topics.INTAKE_CLIENTS, good.replace(b'"schema_version":1', b'"schema_version":99'), client
        case "wrong_field_types":
            return topics.INTAKE_CLIENTS, good.replace(b'"parties":[', b'"parties":"KELA","was":['), client
        case "unknown_client":  # valid in every way, about a client intake never registered
            return topics.INTAKE_CLIENTS, good, client
    raise ValueError(kind)


class Tamperer:
    def __init__(self, admin: KafkaSettings, *, seed: int, duplicate_share: float = 0.10,
                 poison_share: float = 0.01) -> None:
        self._admin = admin
        self._rng = random.Random(seed)
        self._duplicate_share = duplicate_share
        self._poison_share = poison_share
        self._ours: set[tuple[str, int, int]] = set()  # what we put there: never counted again
        self._positions: dict[TopicPartition, int] = {}
        self.done = Tampering()
        self._consumer: AIOKafkaConsumer | None = None
        self._producer: AIOKafkaProducer | None = None

    async def _clients(self) -> tuple[AIOKafkaConsumer, AIOKafkaProducer]:
        if self._consumer is None or self._producer is None:
            options = client_options(self._admin)
            consumer = AIOKafkaConsumer(**options, enable_auto_commit=False)
            producer = AIOKafkaProducer(**options, acks="all")
            await consumer.start()
            await producer.start()
            self._consumer, self._producer = consumer, producer
        return self._consumer, self._producer

    async def close(self) -> None:
        for client in (self._consumer, self._producer):
            if client is not None:
                await client.stop()
        self._consumer = self._producer = None

    async def reset(self) -> None:
        """Drop the connections (after the broker restarted); positions are kept."""
        try:
            await self.close()
        except Exception:
            self._consumer = self._producer = None

    async def sweep(self) -> None:
        """Read what is new on the event topics; deliver a tenth again; add poison to one in
        a hundred so far."""
        consumer, producer = await self._clients()
        tps = [TopicPartition(self._admin.topic(t), p) for t in EVENT_TOPICS
               for p in range(3)]
        consumer.assign(tps)
        for tp in tps:
            consumer.seek(tp, self._positions.get(tp, 0))
        end = await consumer.end_offsets(tps)
        fresh: list[Any] = []
        while any(self._positions.get(tp, 0) < end[tp] for tp in tps):
            batch = await consumer.getmany(*tps, timeout_ms=500)
            for tp, records in batch.items():
                for r in records:
                    if r.offset >= end[tp]:
                        continue
                    self._positions[tp] = r.offset + 1
                    if (r.topic, r.partition, r.offset) not in self._ours:
                        fresh.append(r)
        for record in fresh:
            self.done.originals += 1
            if self._rng.random() < self._duplicate_share:
                meta = await producer.send_and_wait(record.topic, record.value, key=record.key,
                                                    headers=list(record.headers))
                self._ours.add((meta.topic, meta.partition, meta.offset))
                self.done.duplicates += 1
        while len(self.done.poison) < int(self.done.originals * self._poison_share):
            await self._poison(producer)

    async def _poison(self, producer: AIOKafkaProducer) -> None:
        kind = POISON_KINDS[len(self.done.poison) % len(POISON_KINDS)]
        topic, value, client = poison_message(kind, self._rng)
        meta = await producer.send_and_wait(self._admin.topic(topic), value,
                                            key=str(self._rng.getrandbits(64)).encode())
        self._ours.add((meta.topic, meta.partition, meta.offset))
        expected = consumers_of_topic(topic)
        if kind == "unknown_client":
            expected = tuple(c for c in expected if c != "reporting")
        self.done.poison.append(Poison(kind, topic, meta.partition, meta.offset, expected, value,
                                       client if kind == "unknown_client" else None))
        self.done.by_kind[kind] += 1
