"""The broker as the admin sees it: topics, offsets, groups, records at an offset."""

from __future__ import annotations

import asyncio
from collections.abc import Iterable
from types import TracebackType
from typing import Any

from aiokafka import AIOKafkaConsumer, TopicPartition
from aiokafka.admin import AIOKafkaAdminClient
from aiokafka.errors import KafkaError

from kohtaamo.servicekit.kafka import client_options
from kohtaamo.servicekit.settings import KafkaSettings

from .errors import Unreachable


class Broker:
    def __init__(self, kafka: KafkaSettings, *, timeout: float = 5.0) -> None:
        self._kafka, self._timeout = kafka, timeout
        options = {**client_options(kafka), "request_timeout_ms": int(timeout * 1000)}
        self._admin = AIOKafkaAdminClient(**options)
        self._consumer = AIOKafkaConsumer(**options, enable_auto_commit=False)

    async def __aenter__(self) -> Broker:
        try:
            await asyncio.wait_for(self._start(), self._timeout)
        except (KafkaError, OSError, TimeoutError) as exc:
            await self._close()
            raise Unreachable(f"Kafka at {self._kafka.bootstrap_servers} does not answer: "
                              f"{type(exc).__name__}{': ' + str(exc) if str(exc) else ''}") from None
        return self

    async def _start(self) -> None:
        await self._admin.start()
        await self._consumer.start()
        await self._consumer._client.force_metadata_update()  # a fresh client knows no topic

    async def __aexit__(self, kind: type[BaseException] | None, error: BaseException | None,
                        tb: TracebackType | None) -> None:
        await self._close()

    async def _close(self) -> None:
        for close in (self._consumer.stop, self._admin.close):
            try:
                await close()
            except Exception:
                pass

    def partitions(self, topic: str) -> list[TopicPartition] | None:
        """The topic's partitions, None when the topic does not exist."""
        found = self._consumer.partitions_for_topic(topic)
        return None if found is None else [TopicPartition(topic, p) for p in sorted(found)]

    async def topic_names(self) -> set[str]:
        return set(await self._admin.list_topics())

    async def ends(self, tps: Iterable[TopicPartition]) -> dict[TopicPartition, int]:
        wanted = list(tps)
        return await self._consumer.end_offsets(wanted) if wanted else {}

    async def beginnings(self, tps: Iterable[TopicPartition]) -> dict[TopicPartition, int]:
        wanted = list(tps)
        return await self._consumer.beginning_offsets(wanted) if wanted else {}

    async def groups(self) -> set[str]:
        return {g[0] if isinstance(g, tuple) else g["group_id"]
                for g in await self._admin.list_consumer_groups()}

    async def committed(self, group: str) -> dict[TopicPartition, int]:
        offsets = await self._admin.list_consumer_group_offsets(group)
        return {tp: meta.offset for tp, meta in offsets.items() if meta.offset >= 0}

    async def first_records(self, at: dict[TopicPartition, int]) -> dict[TopicPartition, Any]:
        """The record at each given offset (the first one after it, if compacted away)."""
        if not at:
            return {}
        reader = AIOKafkaConsumer(**client_options(self._kafka), enable_auto_commit=False)
        await reader.start()
        try:
            reader.assign(list(at))
            for tp, offset in at.items():
                reader.seek(tp, offset)
            found: dict[TopicPartition, Any] = {}
            deadline = asyncio.get_running_loop().time() + self._timeout
            while len(found) < len(at) and asyncio.get_running_loop().time() < deadline:
                batch = await reader.getmany(*[tp for tp in at if tp not in found],
                                             timeout_ms=200, max_records=len(at))
                for tp, records in batch.items():
                    if records and tp not in found:
                        found[tp] = records[0]
            return found
        finally:
            await reader.stop()

    async def read_all(self, topic: str) -> list[Any]:
        """Every record on ``topic`` from its beginning up to its current end."""
        tps = self.partitions(topic) or []
        ends = await self.ends(tps)
        tps = [tp for tp in tps if ends[tp] > 0]
        if not tps:
            return []
        # A consumer of its own: reassigning the shared one left it fetching nothing.
        reader = AIOKafkaConsumer(**client_options(self._kafka), enable_auto_commit=False)
        await reader.start()
        try:
            reader.assign(tps)
            await reader.seek_to_beginning(*tps)
            records: list[Any] = []
            deadline = asyncio.get_running_loop().time() + max(self._timeout, 10.0)
            while any([await reader.position(tp) < ends[tp] for tp in tps]):
                if asyncio.get_running_loop().time() > deadline:
                    raise Unreachable(f"Kafka did not deliver {topic} up to its end in time")
                for tp, tp_records in (await reader.getmany(*tps, timeout_ms=300)).items():
                    records.extend(r for r in tp_records if r.offset < ends[tp])
            return sorted(records, key=lambda r: (r.partition, r.offset))
        finally:
            await reader.stop()
