"""``kohtaamo topics``: the contracts' topics with partitions, end offsets and dead letters."""

from __future__ import annotations

from dataclasses import dataclass

from kohtaamo.contracts import topics as contract_topics
from kohtaamo.contracts.topics import dead_letter
from kohtaamo.servicekit.acls import producer_of_topic, provisioned_topics
from kohtaamo.servicekit.kafka import ensure_topics

from .broker import Broker
from .context import Ops
from .errors import BadInput


@dataclass(frozen=True)
class TopicState:
    topic: str  # as on the broker (with the prefix)
    producer: str
    partitions: int | None  # None: missing
    end_offsets: list[int]
    dead_letter_topic: str
    dead_letter_partitions: int | None
    parked: int  # records on the dead-letter topic (replayed ones included)

    @property
    def missing(self) -> list[str]:
        return [t for t, n in ((self.topic, self.partitions),
                               (self.dead_letter_topic, self.dead_letter_partitions)) if n is None]

    def as_dict(self) -> dict[str, object]:
        return {"topic": self.topic, "producer": self.producer, "partitions": self.partitions,
                "end_offsets": self.end_offsets, "events": sum(self.end_offsets),
                "dead_letter_topic": self.dead_letter_topic,
                "dead_letter_partitions": self.dead_letter_partitions,
                "dead_letters": self.parked}


def known_topic(ops: Ops, name: str) -> str:
    """The unprefixed contract topic ``name`` names (with or without prefix, or its .dlt)."""
    bare = name.removeprefix(ops.kafka.topic_prefix) if ops.kafka.topic_prefix else name
    bare = bare.removesuffix(contract_topics.DEAD_LETTER_SUFFIX)
    if bare not in contract_topics.ALL:
        raise BadInput(f"no topic {name!r} in the contracts' routing table: "
                       f"{', '.join(contract_topics.ALL)}")
    return bare


async def states(ops: Ops) -> list[TopicState]:
    async with Broker(ops.kafka, timeout=ops.timeout) as broker:
        found = []
        for bare in contract_topics.ALL:
            name, dlt = ops.kafka.topic(bare), ops.kafka.topic(dead_letter(bare))
            tps, dlt_tps = broker.partitions(name), broker.partitions(dlt)
            ends = await broker.ends(tps or [])
            dlt_ends = await broker.ends(dlt_tps or [])
            dlt_starts = await broker.beginnings(dlt_tps or [])
            found.append(TopicState(
                name, producer_of_topic(bare), len(tps) if tps is not None else None,
                [ends[tp] for tp in tps or []], dlt,
                len(dlt_tps) if dlt_tps is not None else None,
                sum(dlt_ends[tp] - dlt_starts[tp] for tp in dlt_tps or [])))
        return found


async def create_missing(ops: Ops, partitions: int) -> list[str]:
    """Create the contracts' topics and dead-letter topics that are missing; their names."""
    async with Broker(ops.kafka, timeout=ops.timeout) as broker:
        existing = await broker.topic_names()
    wanted = [t for t in provisioned_topics() if ops.kafka.topic(t) not in existing]
    if wanted:
        await ensure_topics(ops.kafka, wanted, partitions=partitions)
    return [ops.kafka.topic(t) for t in wanted]
