"""``python -m kohtaamo.embedded --dead-letters``: the messages the in-process transport parked.

On Kafka a poison message goes to its topic's ``.dlt`` and ``kohtaamo dlq list`` shows it; in
the embedded mode each consumer parks it in ``inprocess_dead_letters`` in its own database.
This reads those tables from the data folder, whether or not the system is running: a
running server is used as it is and left running, one started here is stopped again.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import psycopg

from .database import DATABASES, EmbeddedPostgres


@dataclass(frozen=True)
class ParkedMessage:
    database: str  # the consumer's service
    consumer: str
    source_topic: str
    notification_id: int | None  # the producer's notification (None: bytes handed in directly)
    kind: str
    reason: str
    parked_at: datetime


def parked(database: EmbeddedPostgres) -> list[ParkedMessage]:
    was_running = database.running()
    embedded = database.start()  # adopts a running server
    try:
        found: list[ParkedMessage] = []
        for name in DATABASES:
            with psycopg.connect(embedded.url(name)) as conn:
                if conn.execute("SELECT to_regclass('inprocess_dead_letters')").fetchone()[0] is None:
                    continue  # the service consumes nothing, or has not started yet
                rows = conn.execute(
                    "SELECT consumer, source_topic, notification_id, error_kind, error, parked_at "
                    "FROM inprocess_dead_letters ORDER BY parked_at, id").fetchall()
            found += [ParkedMessage(name, *row) for row in rows]
        return sorted(found, key=lambda p: p.parked_at)
    finally:
        if not was_running:
            database.stop()


def parked_text(messages: list[ParkedMessage]) -> str:
    if not messages:
        return "nothing parked"
    lines = [f"{len(messages)} parked message{'s' if len(messages) != 1 else ''}:"]
    for m in messages:
        where = f"{m.source_topic}@{m.notification_id}" if m.notification_id is not None else m.source_topic
        lines.append(f"  {m.parked_at:%Y-%m-%d %H:%M:%S}  {m.consumer:<24} {where:<34} {m.kind}: {m.reason}")
    return "\n".join(lines)
