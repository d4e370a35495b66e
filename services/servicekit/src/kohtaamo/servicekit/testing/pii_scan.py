"""Scan where data comes to rest for personal values a test planted: Kafka topics (raw
record bytes of every partition, from the beginning), PostgreSQL tables (every row of every
table, as ``COPY`` writes it) and log files.

Each value is looked for as written, JSON-escaped (``ä`` as ``\\u00e4``) and as PostgreSQL
prints bytes (hex, for ``bytea`` columns such as the event store's), so a value stored in
the clear is found however it was stored. Values sealed by a service's cipher are not in
the clear and are not found: that is the point. The end-to-end and fault suites call
``scan_kafka``, ``scan_database`` and ``scan_files`` after their runs; an empty list is the
passing answer.
"""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

import asyncpg
from aiokafka import AIOKafkaConsumer, TopicPartition

from ..kafka import client_options
from ..settings import KafkaSettings

# Too short to mean anything: "Aino" is a name, "91" is not.
MIN_LENGTH = 4


@dataclass(frozen=True)
class Finding:
    where: str  # "kafka t1.intake.clients[0]@17", "postgres s.stored_events", a file path
    value: str

    def __str__(self) -> str:
        return f"{self.value!r} in {self.where}"


def _forms(values: Iterable[str]) -> dict[bytes, str]:
    """Each value's byte forms (raw, JSON-escaped, hex as COPY prints bytea) -> the value."""
    forms: dict[bytes, str] = {}
    for value in {v for v in values if len(v) >= MIN_LENGTH}:
        raw = value.encode()
        for form in (raw, json.dumps(value)[1:-1].encode(), raw.hex().encode()):
            forms.setdefault(form, value)
    return forms


def _search(data: bytes, forms: dict[bytes, str], where: str) -> list[Finding]:
    return [Finding(where, value) for form, value in forms.items() if form in data]


async def scan_kafka(kafka: KafkaSettings, values: Iterable[str], *, prefix: str | None = None
                     ) -> list[Finding]:
    """Every record of every topic whose name starts with ``prefix`` (default: the settings'
    topic prefix; "" for all): key, value and headers, as the broker holds them."""
    forms = _forms(values)
    start = kafka.topic_prefix if prefix is None else prefix
    consumer = AIOKafkaConsumer(**client_options(kafka), enable_auto_commit=False)
    await consumer.start()
    found: list[Finding] = []
    try:
        await consumer._client.force_metadata_update()  # a fresh consumer knows no topic yet
        topics = sorted(t for t in consumer._client.cluster.topics() if t.startswith(start))
        parts = [TopicPartition(t, p) for t in topics for p in consumer.partitions_for_topic(t) or ()]
        if not parts or not forms:
            return []
        consumer.assign(parts)
        await consumer.seek_to_beginning(*parts)
        end = await consumer.end_offsets(parts)
        while any([await consumer.position(tp) < end[tp] for tp in parts]):
            for tp, records in (await consumer.getmany(*parts, timeout_ms=500)).items():
                for r in records:
                    data = b"\0".join([r.key or b"", r.value or b"", *(v for _, v in r.headers or ())])
                    found.extend(_search(data, forms, f"kafka {tp.topic}[{tp.partition}]@{r.offset}"))
    finally:
        await consumer.stop()
    return found


async def scan_database(database_url: str, values: Iterable[str], *,
                        schemas: Iterable[str] | None = None,
                        sealed: Iterable[tuple[str, str]] = ()) -> list[Finding]:
    """Every row of every table in ``schemas`` (default: every schema but the system's).
    ``sealed`` names (table, column) pairs left out: columns that hold ciphertext only."""
    forms = _forms(values)
    skip = set(sealed)
    found: list[Finding] = []
    conn = await asyncpg.connect(database_url)
    try:
        tables = await conn.fetch(
            """SELECT table_schema, table_name, array_agg(column_name::text ORDER BY ordinal_position) AS cols
               FROM information_schema.columns
               WHERE table_schema NOT IN ('pg_catalog', 'information_schema') AND table_schema NOT LIKE 'pg_%'
                 AND table_schema = ANY($1::text[]) IS NOT FALSE
                 AND (table_schema, table_name) IN (SELECT table_schema, table_name FROM information_schema.tables
                                                    WHERE table_type = 'BASE TABLE')
               GROUP BY table_schema, table_name ORDER BY 1, 2""",
            list(schemas) if schemas is not None else None)
        for table in tables:
            columns = [c for c in table["cols"] if (table["table_name"], c) not in skip]
            if not columns or not forms:
                continue
            chunks: list[bytes] = []
            select = ", ".join(f'"{c}"' for c in columns)
            await conn.copy_from_query(
                f'SELECT {select} FROM "{table["table_schema"]}"."{table["table_name"]}"',
                output=_collect(chunks))
            found.extend(_search(b"".join(chunks), forms,
                                 f"postgres {table['table_schema']}.{table['table_name']}"))
    finally:
        await conn.close()
    return found


def _collect(chunks: list[bytes]) -> Callable[[bytes], Awaitable[None]]:
    """An output callback for asyncpg's COPY, keeping what it writes."""

    async def write(data: bytes) -> None:
        chunks.append(bytes(data))

    return write


def scan_files(paths: Iterable[Path], values: Iterable[str]) -> list[Finding]:
    """Every file in ``paths`` (a folder: every file under it)."""
    forms = _forms(values)
    found: list[Finding] = []
    for path in paths:
        files = sorted(p for p in path.rglob("*") if p.is_file()) if path.is_dir() else [path]
        for file in files:
            try:
                data = file.read_bytes()
            except OSError:
                continue
            found.extend(_search(data, forms, str(file)))
    return found
