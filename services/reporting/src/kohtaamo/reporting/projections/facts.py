"""What every fact row carries: where it came from, when it became known, its date."""

from __future__ import annotations

import functools
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, Protocol
from zoneinfo import ZoneInfo

from kohtaamo.contracts import Envelope

FINLAND = ZoneInfo("Europe/Helsinki")


@dataclass(frozen=True)
class Row:
    """One fact row to append: its table, column names and values (``event_id`` first).

    A projection returns a list of these. Kept as data, not SQL, so that the store can write
    a whole batch's rows of one table in one statement, or one row at a time.
    """

    table: str
    columns: tuple[str, ...]
    values: tuple[Any, ...]

    @property
    def statement(self) -> str:
        """The row as one INSERT of its own (the one-event-at-a-time path).

        ON CONFLICT DO NOTHING: ``processed_events`` already makes an event apply once;
        this keeps a replayed fact from failing the batch if the two ever disagree.
        """
        placeholders = ", ".join(f"${i}" for i in range(1, len(self.columns) + 1))
        return (f"INSERT INTO {self.table} ({', '.join(self.columns)}) VALUES ({placeholders})"
                " ON CONFLICT (event_id) DO NOTHING")


Write = Row  # what a projection returns, one per fact row

PROVENANCE = (
    "organisation_id, project_id, effective_date, recorded_at, src_topic, src_partition, src_offset"
)


class Origin(Protocol):
    """Where a message was read (servicekit's ``Source``; kept structural so this pure
    package needs no Kafka client)."""

    topic: str
    partition: int
    offset: int


def local_date(moment: datetime) -> date:
    """The Finnish calendar date of an instant: 00:30 on the 1st in Helsinki is the 1st,
    although it is still the previous day in UTC."""
    return moment.astimezone(FINLAND).date()


def provenance(event: Envelope[Any], origin: Origin, effective: date | None) -> tuple[Any, ...]:
    """The provenance columns in ``PROVENANCE`` order; no payload date: the local date of
    ``occurred_at``."""
    return (
        event.organisation_id,
        event.project_id,
        effective if effective is not None else local_date(event.occurred_at),
        event.recorded_at,
        origin.topic,
        origin.partition,
        origin.offset,
    )


def insert(table: str, columns: str, event: Envelope[Any], origin: Origin,
           effective: date | None, *values: Any) -> Row:
    """An append of one fact row: ``event_id``, the given columns, then the provenance."""
    return Row(table, _names(columns), (event.event_id, *values, *provenance(event, origin, effective)))


@functools.cache
def _names(columns: str) -> tuple[str, ...]:
    own = [c.strip() for c in columns.split(",") if c.strip()]
    return ("event_id", *own, *[c.strip() for c in PROVENANCE.split(",")])
