"""How far behind the topics reporting is: applied offsets against the broker's ends."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import asyncpg
from aiokafka import AIOKafkaConsumer, TopicPartition
from aiokafka.admin import AIOKafkaAdminClient

from kohtaamo.servicekit.inprocess import InProcessTransport
from kohtaamo.servicekit.kafka import client_options
from kohtaamo.servicekit.settings import KafkaSettings


METADATA_LOOKS = 5  # asks for the topics' partitions before the lag is called unknown


class LagUnknown(Exception):
    """The broker's metadata did not name every consumed topic's partitions (it did not
    answer in time, or a topic was just created): the lag cannot be told, least of all 0."""


@dataclass(frozen=True)
class PartitionLag:
    topic: str
    partition: int
    last_applied: int | None  # the last offset reporting read and applied (or dead-lettered)
    committed: int | None  # the consumer group's committed position (next offset to read)
    end: int  # the broker's end offset (the next offset to be written)

    @property
    def lag(self) -> int:
        read_up_to = max(self.committed or 0, (self.last_applied or -1) + 1)
        return max(0, self.end - read_up_to)


class _Watermark:
    def __init__(self, pool: asyncpg.Pool) -> None:
        self._pool = pool

    async def last_applied_at(self) -> datetime | None:
        """When reporting last applied an event: with no lag, how fresh the figures are."""
        # The same watermark as the bi views': a tiny table, not a scan of every event.
        return await self._pool.fetchval("SELECT max(applied_at) FROM consumed_positions")


class InProcessFreshness(_Watermark):
    """The same answer on the in-process transport: one 'partition' per producer's outbox,
    its offsets the producer's notification ids."""

    def __init__(self, transport: InProcessTransport, group: str, pool: asyncpg.Pool) -> None:
        super().__init__(pool)
        self._transport, self._group = transport, group

    async def partitions(self) -> list[PartitionLag]:
        return [PartitionLag(f"{producer} outbox", 0, position,
                             None if position is None else position + 1, latest + 1)
                for producer, position, latest in await self._transport.progress(self._group)]


class Freshness(_Watermark):
    def __init__(self, kafka: KafkaSettings, group: str, topics: list[str], pool: asyncpg.Pool) -> None:
        super().__init__(pool)
        self._kafka, self._group = kafka, group
        self._topics = [kafka.topic(t) for t in topics]

    async def partitions(self) -> list[PartitionLag]:
        applied = {(r["topic"], r["partition"]): r["offset"] for r in await self._pool.fetch(
            'SELECT topic, partition, "offset" FROM consumed_positions')}
        consumer = AIOKafkaConsumer(**client_options(self._kafka))  # as reporting's principal
        admin = AIOKafkaAdminClient(**client_options(self._kafka))
        await consumer.start()
        await admin.start()
        try:
            for _ in range(METADATA_LOOKS):  # a fresh client knows no topic yet
                await consumer._client.force_metadata_update()
                unknown = [t for t in self._topics if not consumer.partitions_for_topic(t)]
                if not unknown:
                    break
            else:
                raise LagUnknown(f"the broker named no partitions of {', '.join(unknown)}")
            tps = [TopicPartition(t, p) for t in self._topics for p in sorted(consumer.partitions_for_topic(t))]
            ends = await consumer.end_offsets(tps) if tps else {}
            committed = await admin.list_consumer_group_offsets(self._group)
        finally:
            await consumer.stop()
            await admin.close()
        return [PartitionLag(tp.topic, tp.partition, applied.get((tp.topic, tp.partition)),
                             committed[tp].offset if tp in committed and committed[tp].offset >= 0
                             else None, ends[tp]) for tp in tps]
