"""``kohtaamo lag``: how far each consumer group is behind, and each outbox.

A group's lag on a partition is the broker's end offset less the group's committed
offset, in events, and in seconds: the age of the oldest record it has not consumed
(its broker timestamp). A group is the one a consuming service's settings name, and any
group of the broker whose name begins with it (a rebuild's ``reporting-rebuild-2``).
An outbox's lag is the events its service stored and its relay has not yet published.
"""

from __future__ import annotations

import time
from dataclasses import asdict, dataclass

import asyncpg

from kohtaamo.contracts.routing import CONSUMERS, ROUTES, producer_of, subscriptions

from .broker import Broker
from .context import Ops
from .database import connected
from .errors import BadInput


@dataclass(frozen=True)
class PartitionLag:
    group: str
    service: str
    topic: str
    partition: int
    committed: int | None
    end: int
    lag: int
    seconds: float | None  # age of the oldest unconsumed record; None when lag is 0


@dataclass(frozen=True)
class OutboxLag:
    service: str
    relay: str
    stored: int | None  # the last notification id stored
    published: int | None  # the relay's position
    lag: int | None
    note: str = ""


def consuming_services() -> list[str]:
    return sorted(CONSUMERS)


def producing_services() -> list[str]:
    return sorted({producer_of(cls.event_type) for cls in ROUTES})


async def group_lags(ops: Ops, only: str | None = None) -> list[PartitionLag]:
    async with Broker(ops.kafka, timeout=ops.timeout) as broker:
        on_broker = await broker.groups()
        groups: list[tuple[str, str]] = []
        for service in consuming_services():
            base = ops.group_of(service)
            groups += [(g, service) for g in sorted({base} | {g for g in on_broker if g.startswith(base + "-")})]
        if only is not None:
            wanted = [(g, s) for g, s in groups if only in (g, g.removeprefix(ops.kafka.topic_prefix))]
            if not wanted:
                raise BadInput(f"no consumer group {only!r}: the groups are "
                               f"{', '.join(g for g, _ in groups)}")
            groups = wanted
        found: list[PartitionLag] = []
        for group, service in groups:
            tps = [tp for t in subscriptions(service) for tp in broker.partitions(ops.kafka.topic(t)) or []]
            committed = await broker.committed(group) if group in on_broker else {}
            ends, starts = await broker.ends(tps), await broker.beginnings(tps)
            unread = {tp: committed.get(tp, starts[tp]) for tp in tps
                      if ends[tp] > committed.get(tp, starts[tp])}
            oldest = await broker.first_records(unread)
            now = time.time()
            for tp in tps:
                position = committed.get(tp, starts[tp])
                record = oldest.get(tp)
                seconds = round(max(now - record.timestamp / 1000, 0.0), 1) if record else None
                found.append(PartitionLag(group, service, tp.topic, tp.partition, committed.get(tp),
                                          ends[tp], max(ends[tp] - position, 0), seconds))
        return found


# Each producing service's event store and relay, as its bootstrap names them (a test
# builds every service and checks these against its relay).
OUTBOX_TABLES = {service: (f"{service}_events", f"{service}_tracking", f"{service}-outbox")
                 for service in ("intake", "casework", "meetingplace")}


async def outbox_lags(ops: Ops) -> list[OutboxLag]:
    found = []
    for service in producing_services():
        settings = ops.service(service)
        events, tracking, relay = OUTBOX_TABLES[service]
        async with connected(settings.database_url, settings.database_schema,
                             timeout=ops.timeout) as conn:
            try:
                stored = await conn.fetchval(f'SELECT max(notification_id) FROM "{events}"') or 0
                published = await conn.fetchval(
                    f'SELECT notification_id FROM "{tracking}" WHERE application_name = $1', relay) or 0
            except asyncpg.UndefinedTableError:
                found.append(OutboxLag(service, relay, None, None, None, "no event store yet"))
                continue
        found.append(OutboxLag(service, relay, stored, published, max(stored - published, 0)))
    return found


def as_dicts(items: list[PartitionLag] | list[OutboxLag]) -> list[dict[str, object]]:
    return [asdict(i) for i in items]

