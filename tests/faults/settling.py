"""Conditions the final checks wait on (never a sleep): every outbox empty, every consumer
group at the end of every topic it reads; and the dead letters as they lie on the topics."""

from __future__ import annotations

from typing import Any

from aiokafka import AIOKafkaConsumer, TopicPartition
from aiokafka.admin import AIOKafkaAdminClient

from kohtaamo.contracts import topics
from kohtaamo.contracts.routing import CONSUMERS, subscriptions
from kohtaamo.servicekit.kafka import client_options
from kohtaamo.servicekit.settings import KafkaSettings

PRODUCERS = ("intake", "casework", "meetingplace")


async def outbox_lags(processes: dict[str, Any], http: Any) -> dict[str, int | None]:
    lags: dict[str, int | None] = {}
    for name in PRODUCERS:
        health = await processes[name].health(http)
        outbox = (health or {}).get("components", {}).get("outbox", {})
        lags[name] = outbox.get("lag") if outbox.get("state") == "running" else None
    return lags


async def consumer_lags(admin: KafkaSettings) -> dict[str, int]:
    """Records on the topics each consumer group reads that it has not yet committed."""
    options = client_options(admin)
    client, consumer = AIOKafkaAdminClient(**options), AIOKafkaConsumer(**options)
    await client.start()
    await consumer.start()
    try:
        lags = {}
        for service in CONSUMERS:
            committed = await client.list_consumer_group_offsets(admin.topic(service))
            tps = [TopicPartition(admin.topic(t), p) for t in subscriptions(service) for p in range(3)]
            end = await consumer.end_offsets(tps)
            lags[service] = sum(end[tp] - max(committed[tp].offset, 0) if tp in committed else end[tp]
                                for tp in tps)
        return lags
    finally:
        await consumer.stop()
        await client.close()


async def dead_letters(admin: KafkaSettings) -> list[dict[str, Any]]:
    """Every dead letter of the run: where it came from, who parked it, why."""
    consumer = AIOKafkaConsumer(**client_options(admin), enable_auto_commit=False)
    await consumer.start()
    try:
        tps = [TopicPartition(admin.topic(topics.dead_letter(t)), p) for t in topics.ALL for p in range(3)]
        consumer.assign(tps)
        await consumer.seek_to_beginning(*tps)
        end = await consumer.end_offsets(tps)
        letters: list[dict[str, Any]] = []
        while any([await consumer.position(tp) < end[tp] for tp in tps]):
            for records in (await consumer.getmany(*tps, timeout_ms=500)).values():
                for r in records:
                    h = {k: v.decode() for k, v in r.headers}
                    letters.append({
                        "source": (h["source_topic"].removeprefix(admin.topic_prefix),
                                   int(h["source_partition"]), int(h["source_offset"])),
                        "consumer": h["consumer"].removeprefix(admin.topic_prefix),
                        "kind": h["error_kind"], "reason": h["error"], "value": r.value,
                    })
        return letters
    finally:
        await consumer.stop()
