"""``kohtaamo rebuild reporting`` and ``kohtaamo rebuild cleanup``.

A rebuild replays every topic into a new schema under a new consumer group, with
reporting's own projection and store, while the live reporting serves and consumes on.
When the new read model has caught up with the broker, and the live one too, it
evaluates every indicator of the pack from both as known at one moment, from the same
log positions; it switches reporting to the new read model (one row, one transaction)
only if every figure agrees, or with ``force``. Whatever fails before the switch leaves
the live read model serving. The old schema stays until ``cleanup``.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime

import asyncpg

from kohtaamo.contracts.topics import dead_letter
from kohtaamo.reporting.adapters.consumers import CONSUMED_TOPICS
from kohtaamo.reporting.adapters.figures_sql import FactsReader
from kohtaamo.reporting.adapters.freshness import Freshness, LagUnknown
from kohtaamo.reporting.adapters.read_model import (
    KEPT_IN_OWN_SCHEMA,
    RECORD_TABLES,
    ReadModel,
    Rebuilds,
    RebuildRunning,
    active,
    own_schema,
    quoted,
)
from kohtaamo.reporting.adapters.store import ReportingStore
from kohtaamo.reporting.application.engine import Engine
from kohtaamo.reporting.application.pack import load_pack
from kohtaamo.reporting.application.projector import Projection, writes_for
from kohtaamo.reporting.bootstrap import messaging
from kohtaamo.servicekit.kafka import ensure_topics

from .compare import Comparison, compare, fact_span
from .context import Ops
from .database import connected
from .errors import NotWell, Refused

Progress = Callable[[int, int, float], None]  # events applied, remaining lag, events/s
LIVE_WAIT = 60.0  # seconds the live reporting gets to catch up before each comparison


@dataclass
class Outcome:
    model: ReadModel
    replaced: ReadModel
    events: int
    seconds: float
    comparison: Comparison | None = None
    switched: bool = False
    differences: list[str] = field(default_factory=list)


async def rebuild(ops: Ops, *, force: bool = False, progress: Progress | None = None,
                  timeout: float = 3600.0, writes: Projection = writes_for,
                  attempts: int = 20) -> Outcome:
    settings = ops.service("reporting")
    pack = load_pack(settings.pack_dir)
    own = await ReportingStore.open(settings.database_url, settings.database_schema)
    await own.close()  # the own schema migrated (the control tables exist)
    async with connected(settings.database_url, settings.database_schema, timeout=ops.timeout) as conn:
        own_name = await own_schema(conn)
        rebuilds = Rebuilds(conn, own_name)
        try:
            await rebuilds.lock()
        except RebuildRunning as exc:
            raise Refused(str(exc)) from None
        current = await active(conn, own_name, settings.consumer_group)
        model = await rebuilds.begin(settings.consumer_group, current)
        try:
            outcome = await _run(ops, settings, pack, model, current, rebuilds, force=force,
                                 progress=progress, timeout=timeout, writes=writes, attempts=attempts)
        except BaseException as exc:
            await rebuilds.finish(model, "FAILED", f"{type(exc).__name__}: {exc}"[:2000])
            raise
    return outcome


async def _run(ops: Ops, settings, pack, model: ReadModel, current: ReadModel, rebuilds: Rebuilds,
               *, force: bool, progress: Progress | None, timeout: float, writes: Projection,
               attempts: int) -> Outcome:
    kafka = ops.kafka  # the admin: may read any group, write every dead-letter topic
    await ensure_topics(kafka, CONSUMED_TOPICS + [dead_letter(t) for t in CONSUMED_TOPICS])
    started = time.perf_counter()
    store = await ReportingStore.open(settings.database_url, model.schema)
    live_pool = await asyncpg.create_pool(settings.database_url, min_size=1, max_size=3,
                                          server_settings={"search_path": current.schema})
    try:
        rebuilt = settings.model_copy(update={"kafka": kafka, "consumer_group": model.consumer_group,
                                              "database_schema": model.schema})
        broker = messaging(rebuilt, store, writes=writes)
        new_lag = Freshness(kafka, kafka.topic(model.consumer_group), CONSUMED_TOPICS, store.pool)
        live_lag = Freshness(kafka, kafka.topic(current.consumer_group), CONSUMED_TOPICS, live_pool)
        await broker.start()
        try:
            events = await _catch_up(new_lag, progress, timeout)
            comparison = await _compare(pack, live_pool, store.pool, new_lag, live_lag, timeout, attempts)
        finally:
            await broker.stop()  # its offsets committed: a following reporting goes on from them
        outcome = Outcome(model, current, events, time.perf_counter() - started, comparison,
                          differences=comparison.differences)
        if comparison.differences and not force:
            await rebuilds.finish(model, "REFUSED", f"{len(comparison.differences)} figures differ")
            return outcome
        await _copy_records(store.pool, current.schema, model.schema)
        await rebuilds.switch(model, current)
        outcome.switched = True
        return outcome
    finally:
        await live_pool.close()
        await store.close()


async def _catch_up(lag: Freshness, progress: Progress | None, timeout: float,
                    late: str = "the rebuild did not catch up") -> int:
    deadline = time.monotonic() + timeout
    last, last_at, rate = 0, time.monotonic(), 0.0
    while True:
        try:
            parts = await lag.partitions()
        except LagUnknown:
            parts = []
        applied = sum((p.last_applied + 1) if p.last_applied is not None else 0 for p in parts)
        remaining = sum(p.lag for p in parts)
        moment = time.monotonic()
        if moment > last_at:  # events/s, smoothed over the last few looks
            recent = (applied - last) / (moment - last_at)
            rate = recent if rate == 0 else 0.7 * rate + 0.3 * recent
        last, last_at = applied, moment
        if progress is not None:
            progress(applied, remaining, rate)
        if parts and remaining == 0:  # no partitions known is not "nothing left"
            return applied
        if moment > deadline:
            raise NotWell(f"{late} within {timeout:.0f} s ({remaining} events behind)")
        await asyncio.sleep(0.25)


async def _compare(pack, live_pool: asyncpg.Pool, new_pool: asyncpg.Pool, new_lag: Freshness,
                   live_lag: Freshness, timeout: float, attempts: int) -> Comparison:
    """Compare once both are caught up and read from the same log positions (events still
    arriving move them: then both catch up again and the comparison is repeated)."""
    live, new = Engine(pack, FactsReader(live_pool)), Engine(pack, FactsReader(new_pool))
    comparison = None
    for _ in range(attempts):
        await _catch_up(new_lag, None, timeout)
        await _catch_up(live_lag, None, min(timeout, LIVE_WAIT),
                        "the live reporting did not catch up (is it running?)")
        span = await fact_span(new_pool)
        comparison = await compare(pack, live, new, span, datetime.now(UTC))
        if comparison.same_positions:
            return comparison
    assert comparison is not None
    raise NotWell(f"events kept arriving: the two read models never read the same log positions "
                  f"in {attempts} comparisons ({len(comparison.differences)} differences at the last)")


async def _copy_records(pool: asyncpg.Pool, old: str, new: str) -> None:
    for table in RECORD_TABLES:
        await pool.execute(f"INSERT INTO {quoted(new)}.{quoted(table)} SELECT * FROM "
                           f"{quoted(old)}.{quoted(table)} ON CONFLICT DO NOTHING")


async def cleanup(ops: Ops) -> list[str]:
    """Drop the read models no longer active (and not running); what was dropped."""
    settings = ops.service("reporting")
    dropped: list[str] = []
    async with connected(settings.database_url, settings.database_schema, timeout=ops.timeout) as conn:
        own_name = await own_schema(conn)
        rebuilds = Rebuilds(conn, own_name)
        try:
            await rebuilds.lock()
        except RebuildRunning as exc:
            raise Refused(f"{exc}: clean up after it has finished") from None
        current = await active(conn, own_name, settings.consumer_group)
        for r in await rebuilds.history():
            if r.model.schema == current.schema or r.cleaned_at is not None:
                continue
            await _copy_records_conn(conn, r.model.schema, current.schema)
            await conn.execute(f"DROP SCHEMA IF EXISTS {quoted(r.model.schema)} CASCADE")
            await rebuilds.mark_cleaned(r.model.generation)
            dropped.append(f"schema {r.model.schema} (generation {r.model.generation}, {r.state.lower()})")
        if current.generation != 0 and not await rebuilds.own_cleaned():
            await _copy_records_conn(conn, own_name, current.schema)
            tables = [t["tablename"] for t in await conn.fetch(
                "SELECT tablename FROM pg_tables WHERE schemaname = $1", own_name)
                if t["tablename"] not in KEPT_IN_OWN_SCHEMA]
            async with conn.transaction():
                for table in tables:
                    await conn.execute(f"DROP TABLE IF EXISTS {quoted(own_name)}.{quoted(table)} CASCADE")
                await rebuilds.mark_cleaned(0)
            dropped.append(f"the tables of generation 0 in schema {own_name} ({len(tables)} tables)")
    return dropped


async def _copy_records_conn(conn: asyncpg.Connection, old: str, new: str) -> None:
    for table in RECORD_TABLES:
        await conn.execute(f"INSERT INTO {quoted(new)}.{quoted(table)} SELECT * FROM "
                           f"{quoted(old)}.{quoted(table)} ON CONFLICT DO NOTHING")
