"""A projection rebuild from the topics into PostgreSQL: reporting as in production
(``python -m kohtaamo.reporting``, a new consumer group into a new schema), one or more
instances in the group; its time, rate, memory, CPU, database size and query latency."""

from __future__ import annotations

import asyncio
import contextlib
import os
import statistics
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import asyncpg
import httpx
from aiokafka import AIOKafkaConsumer, TopicPartition

from kohtaamo.reporting.adapters.consumers import CONSUMED_TOPICS
from kohtaamo.servicekit.auth import issue_token
from kohtaamo.servicekit.kafka import client_options
from kohtaamo.servicekit.settings import AuthSettings, KafkaSettings

from .programme import PROJECT
from .profiling import sampled
from .stack import Resources, Service, running


async def end_offsets(admin: KafkaSettings) -> int:
    """Records on every topic reporting consumes (fresh topics: offsets start at 0)."""
    consumer = AIOKafkaConsumer(**client_options(admin))
    await consumer.start()
    try:
        await consumer._client.force_metadata_update()  # a fresh client knows no topic yet
        tps = [TopicPartition(admin.topic(t), p) for t in CONSUMED_TOPICS
               for p in consumer.partitions_for_topic(admin.topic(t)) or ()]
        return sum((await consumer.end_offsets(tps)).values())
    finally:
        await consumer.stop()


@dataclass
class Progress:
    samples: list[tuple[float, int]]  # (seconds since start, records read)

    def time_at(self, records: int) -> float:
        return next(t for t, n in self.samples if n >= records)


def start_together(stack: contextlib.ExitStack,
                   services: list[contextlib.AbstractContextManager[Service]]) -> list[Service]:
    """Start the instances at once (they join the group together: one rebalance, not one
    per instance); each is stopped when ``stack`` closes."""
    with ThreadPoolExecutor(len(services)) as pool:
        futures = [pool.submit(s.__enter__) for s in services]
    started, failure = [], None
    for service, future in zip(services, futures, strict=True):
        if future.exception() is None:
            stack.push(service)
            started.append(future.result())
        else:
            failure = future.exception()
    if failure is not None:
        raise failure
    return started


async def follow(conn: asyncpg.Connection, total: int, started: float, progress: Progress,
                 timeout: float) -> None:
    """Until every record is read (applied, duplicate or dead-lettered)."""
    while True:
        read = await conn.fetchval('SELECT coalesce(sum("offset" + 1), 0) FROM consumed_positions')
        progress.samples.append((time.perf_counter() - started, read))
        if read >= total:
            return
        if time.perf_counter() - started > timeout:
            raise TimeoutError(f"rebuild read {read} of {total} in {timeout} s")
        await asyncio.sleep(0.1)


def rss_at(service: Service, seconds: float) -> float:
    """Resident MiB of ``service`` at about ``seconds`` after the rebuild started."""
    samples = service.memory.samples
    return min(samples, key=lambda s: abs(s[0] - seconds))[1] if samples else 0.0


async def rebuild(res: Resources, admin: KafkaSettings, *, instances: int = 1,
                  queries: int = 0, timeout: float = 3600,
                  profile: Path | None = None) -> dict[str, Any]:
    total = await end_offsets(admin)
    schema = await res.schema()
    env = {"REPORTING_DATABASE_URL": res.database_url, "REPORTING_DATABASE_SCHEMA": schema,
           "REPORTING_CONSUMER_GROUP": f"reporting-rebuild-{uuid.uuid4().hex[:6]}",
           "KAFKA_TOPIC_PREFIX": admin.topic_prefix}
    conn = await asyncpg.connect(res.database_url, server_settings={"search_path": schema})
    started = time.perf_counter()
    progress = Progress([])
    try:
        with contextlib.ExitStack() as stack:
            services = start_together(stack, [running("reporting", env) for _ in range(instances)])
            cpu_before = sum(s.cpu_seconds() for s in services)
            with sampled(services[0].process.pid, profile):
                await follow(conn, total, started, progress, timeout)
            elapsed = time.perf_counter() - started
            cpu = sum(s.cpu_seconds() for s in services) - cpu_before
            applied = await conn.fetchval("SELECT count(*) FROM processed_events")
            size = await conn.fetchval(
                "SELECT sum(pg_total_relation_size(oid)) FROM pg_class"
                " WHERE relnamespace = current_schema()::regnamespace AND relkind = 'r'")
            first = progress.time_at(1)
            tenth = progress.time_at(total // 10)
            figures: dict[str, Any] = {
                "events": total, "instances": instances, "applied_once": applied,
                # From the start of the processes to the last event; the rate is that of the
                # last nine tenths (start-up and the group's join are apart).
                "rebuild_s": round(elapsed, 2),
                "events_per_s": round((total - total // 10) / max(elapsed - tenth, 1e-3), 1),
                "start_up_s": round(first, 2),
                "load_average_1m": round(os.getloadavg()[0], 1),
                "cpu_us_per_event": round(1e6 * cpu / total, 1),
                "database_mib": round(int(size) / 2**20, 1),
                "memory": [memory_figures(s, progress, total) for s in services],
            }
            if queries:
                figures["queries"] = await query_latency(services[0], queries)
            return figures
    finally:
        await conn.close()


def memory_figures(service: Service, progress: Progress, total: int) -> dict[str, Any]:
    """Resident memory at a quarter, half and all of the rebuild: flat if it does not grow
    with the events read."""
    at = {f"rss_mib_at_{int(q * 100)}pct": round(rss_at(service, progress.time_at(int(q * total))), 1)
          for q in (0.25, 0.5, 1.0)}
    quarter, end = at["rss_mib_at_25pct"], at["rss_mib_at_100pct"]
    return {"service": service.name, "peak_rss_mib": round(service.memory.peak_mib, 1), **at,
            "growth_mib_25_to_100pct": round(end - quarter, 1),
            "flat": end - quarter <= max(16.0, 0.10 * quarter)}


async def query_latency(service: Service, samples: int) -> dict[str, dict[str, float]]:
    """p50/p99 of each pack indicator over the project window, one request at a time."""
    token = issue_token(AuthSettings(), sub="bench", roles=["project_manager"], org="908",
                        projects=[PROJECT])
    headers = {"Authorization": f"Bearer {token}"}
    out = {}
    async with httpx.AsyncClient(base_url=service.url, headers=headers, timeout=60) as http:
        codes = [i["code"] for i in (await http.get("/indicators")).json()]
        params = {"project": PROJECT, "period": "window"}
        for code in codes:
            await http.get(f"/indicators/{code}", params=params)  # a warm-up
            times = []
            for _ in range(samples):
                t = time.perf_counter()
                response = await http.get(f"/indicators/{code}", params=params)
                times.append(1000 * (time.perf_counter() - t))
                if response.status_code != 200:
                    raise RuntimeError(f"{code}: {response.status_code} {response.text}")
            times.sort()
            out[code] = {"p50_ms": round(statistics.median(times), 1),
                         "p99_ms": round(times[min(len(times) - 1, int(0.99 * len(times)))], 1)}
    return out
