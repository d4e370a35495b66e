"""``kohtaamo dlq list|replay``: parked messages, and sending them back after a fix."""

from __future__ import annotations

from dataclasses import dataclass, field

from kohtaamo.contracts import ContractError, topics as contract_topics
from kohtaamo.servicekit.consumer import Item, PermanentFailure, Source, Subscription

from .broker import Broker
from .context import Ops
from .errors import BadInput
from .parked import Parked, Replayed, ReplayLog, now, read_parked, read_replays
from .targets import handler_of, service_of_group
from .topics import known_topic


async def parked(ops: Ops, topic: str | None, *, replayed_too: bool = False) -> list[Parked]:
    wanted = [known_topic(ops, topic)] if topic else list(contract_topics.ALL)
    async with Broker(ops.kafka, timeout=ops.timeout) as broker:
        replays = await read_replays(broker, ops.kafka)
        found = []
        for bare in wanted:
            found += await read_parked(broker, ops.kafka.topic(contract_topics.dead_letter(bare)), replays)
    return [p for p in found if replayed_too or p.still_parked]


@dataclass
class ReplayResult:
    applied: list[Parked] = field(default_factory=list)
    failed: list[tuple[Parked, Replayed]] = field(default_factory=list)


async def replay(ops: Ops, topic: str, ids: list[str], *, every: bool) -> ReplayResult:
    if bool(ids) == every:
        raise BadInput("give either --id (one or more) or --all")
    candidates = await parked(ops, topic, replayed_too=True)
    by_id = {p.id: p for p in candidates}
    if every:
        chosen = [p for p in candidates if p.still_parked]
    else:
        chosen = []
        for wanted in ids:
            found = by_id.get(wanted)
            if found is None or not found.still_parked:
                why = "was replayed and applied" if found else "is not on the dead-letter topic"
                raise BadInput(f"{wanted} is not parked in {ops.kafka.topic(known_topic(ops, topic))}"
                               f".dlt: it {why}")
            chosen.append(found)
    result = ReplayResult()
    if not chosen:
        return result
    groups = {p.consumer for p in chosen}
    async with ReplayLog(ops.kafka) as log:
        for group in sorted(groups):
            async with handler_of(ops, service_of_group(ops, group)) as subscription:
                for p in (p for p in chosen if p.consumer == group):
                    outcome = await _apply(subscription, p)
                    await log.record(p, outcome)
                    if outcome.state == "applied":
                        result.applied.append(p)
                    else:
                        result.failed.append((p, outcome))
    return result


async def _apply(subscription: Subscription, p: Parked) -> Replayed:
    try:
        envelope = subscription.registry.parse(p.value)
    except ContractError as exc:
        return Replayed("failed", now(), exc.reason, exc.kind)
    source = Source(p.source_topic, p.source_partition, p.source_offset)
    try:
        if subscription.batch:
            rejected = await subscription.handle([Item(envelope, source)])  # type: ignore[call-arg]
            if rejected:
                return Replayed("failed", now(), rejected[0][1], "unprocessable")
        else:
            await subscription.handle(envelope, source)  # type: ignore[call-arg]
    except PermanentFailure as exc:
        return Replayed("failed", now(), str(exc), "unprocessable")
    except Exception as exc:  # still broken (or a dependency down): it stays parked
        return Replayed("failed", now(), f"{type(exc).__name__}: {exc}", "error")
    return Replayed("applied", now())
