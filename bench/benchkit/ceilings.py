"""The machine's ceilings, measured in the same run as the figures they are set against:
an authenticated no-op HTTP route, single-row transactions shaped like the event store's,
COPY into a table shaped like a projection, Kafka produce and consume as the services do."""

from __future__ import annotations

import sys
import time
import uuid
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import asyncpg
from aiokafka import AIOKafkaConsumer

from kohtaamo.contracts import topics
from kohtaamo.reporting.settings import ReportingSettings
from kohtaamo.servicekit.kafka import client_options
from kohtaamo.servicekit.settings import KafkaSettings

from group_commit_parts import transaction_ceiling  # bench/, on sys.path

from . import wrk
from .produce import producer
from .stack import ROOT, Resources, running


def service_env(name: str, res_schema: str, database_url: str, admin: KafkaSettings) -> dict[str, str]:
    prefix = name.upper()
    return {f"{prefix}_DATABASE_URL": database_url, f"{prefix}_DATABASE_SCHEMA": res_schema,
            "KAFKA_TOPIC_PREFIX": admin.topic_prefix}


async def http_noop(res: Resources, admin: KafkaSettings, service: str, bodies: Path, token: str,
                    *, connections: int, seconds: float) -> dict[str, Any]:
    """``wrk`` at ``POST /bench/noop`` of ``service``'s own app and server."""
    env = service_env(service, await res.schema(), res.database_url, admin)
    command = [sys.executable, str(ROOT / "bench" / "noop_server.py"), service]
    with running(service, env, command=command) as server:
        wrk.post(server, "/bench/noop", bodies, token, connections=connections, seconds=2, expect=200,
                 own_paths=False)
        return wrk.post(server, "/bench/noop", bodies, token, connections=connections,
                        seconds=seconds, expect=200, own_paths=False)


async def single_row_transactions(database_url: str, seconds: float) -> dict[str, Any]:
    """Commits/s of one connection, each transaction shaped like the event store's (BEGIN;
    LOCK TABLE … IN EXCLUSIVE MODE; NOTIFY; INSERT one event; COMMIT): group commit's own
    ceiling (``bench/group_commit_parts.py``), measured once for the whole suite."""
    return {"per_s": (await transaction_ceiling(database_url, seconds))["transactions_per_s"]}


async def copy_rows(database_url: str, rows: int) -> dict[str, Any]:
    """asyncpg COPY rows/s into a table shaped like ``fact_client_events`` (its columns,
    primary key and indexes), 10,000 rows a call."""
    schema = f"bench_{uuid.uuid4().hex[:8]}"
    conn = await asyncpg.connect(database_url, server_settings={"search_path": schema})
    try:
        await conn.execute(f'CREATE SCHEMA "{schema}"')
        await conn.execute(
            "CREATE TABLE facts (event_id uuid PRIMARY KEY, client_id uuid NOT NULL,"
            " event_type text NOT NULL, code text, ref_id uuid, flag boolean,"
            " organisation_id text NOT NULL, project_id text, effective_date date NOT NULL,"
            " recorded_at timestamptz NOT NULL, src_topic text NOT NULL,"
            " src_partition integer NOT NULL, src_offset bigint NOT NULL)")
        await conn.execute("CREATE INDEX ON facts (client_id, event_type)")
        await conn.execute("CREATE INDEX ON facts (ref_id)")
        now, day = datetime.now(UTC), date(2016, 3, 1)
        chunk = 10_000
        chunks = [[(uuid.UUID(int=i), uuid.UUID(int=i // 100), "ServiceProvided",
                    "INDIVIDUAL_COACHING", uuid.UUID(int=i // 7), None, "908", "S20397", day, now,
                    "casework.clients", 1, i) for i in range(first, first + chunk)]
                  for first in range(0, rows, chunk)]  # made before the clock starts
        started = time.perf_counter()
        for records in chunks:
            await conn.copy_records_to_table("facts", records=records)
        return {"per_s": round(rows / (time.perf_counter() - started), 1)}
    finally:
        await conn.execute(f'DROP SCHEMA "{schema}" CASCADE')
        await conn.close()


async def kafka_produce_consume(admin: KafkaSettings, count: int, size: int) -> dict[str, Any]:
    """Messages/s of ``size`` bytes: produced as intake (idempotent, acks=all, as the
    services' broker), consumed as reporting in a group of its own, SCRAM authenticated."""
    topic = admin.topic(topics.INTAKE_CLIENTS)
    value = b"x" * size
    sender = producer(admin, "intake")
    await sender.start()
    try:
        started = time.perf_counter()
        for i in range(count):
            await sender.send(topic, value, key=str(i % 997).encode())
        await sender.flush()
        produce_s = time.perf_counter() - started
    finally:
        await sender.stop()
    reporting = ReportingSettings(kafka=admin.model_copy(update={"username": None, "password": None}))
    consumer = AIOKafkaConsumer(
        topic, **client_options(reporting.kafka),
        group_id=reporting.kafka.topic(f"reporting-ceiling-{uuid.uuid4().hex[:6]}"),
        auto_offset_reset="earliest", enable_auto_commit=False)
    await consumer.start()
    try:
        got, started = 0, None
        while got < count:
            batch = await consumer.getmany(timeout_ms=1000, max_records=500)
            if started is None and batch:
                started = time.perf_counter()  # from the first record: not the group's join
            got += sum(len(r) for r in batch.values())
        consume_s = time.perf_counter() - (started or time.perf_counter())
        await consumer.commit()
    finally:
        await consumer.stop()
    return {"message_bytes": size, "messages": count,
            "produce_per_s": round(count / produce_s, 1), "consume_per_s": round(count / consume_s, 1)}

