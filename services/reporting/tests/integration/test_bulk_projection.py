"""The set-based batch path against the one-event-per-transaction path, on a real PostgreSQL:
the same facts, the same idempotency record, the same rejections."""

from __future__ import annotations

import dataclasses
from typing import Any
from uuid import uuid4

import pytest

from kohtaamo.contracts import Envelope, examples
from kohtaamo.reporting.adapters.store import ReportingStore
from kohtaamo.reporting.application.projector import PROJECTIONS, writes_for
from kohtaamo.reporting.projections.facts import Row
from kohtaamo.servicekit.consumer import Source

pytestmark = pytest.mark.postgres

Batch = list[tuple[Envelope[Any], Source, list[Row]]]


def every_kind_of_event() -> list[Envelope[Any]]:
    """One event of each type reporting projects, each with an id of its own."""
    return [examples.envelope(build(), event_id=uuid4(), project_id="S20397")
            for payload_type, build in examples.BUILDERS.items() if payload_type in PROJECTIONS]


def at(events: list[Envelope[Any]], first_offset: int) -> Batch:
    batch = []
    for offset, event in enumerate(events, start=first_offset):
        source = Source("t.events", offset % 3, offset)
        batch.append((event, source, writes_for(event, source)))
    return batch


def refused(item: tuple[Envelope[Any], Source, list[Row]]) -> tuple[Envelope[Any], Source, list[Row]]:
    """The item with a row the database refuses: a negative attendance breaks a CHECK."""
    event, source, _ = item
    columns = ("event_id", "client_id", "work_activity_id", "period_start", "period_end",
               "days_attended", "hours_attended", "organisation_id", "project_id",
               "effective_date", "recorded_at", "src_topic", "src_partition", "src_offset")
    good = writes_for(examples.envelope(examples.work_activity_attendance_recorded(),
                                        event_id=event.event_id), source)[0]
    values = dict(zip(good.columns, good.values, strict=True)) | {"days_attended": -1}
    return event, source, [dataclasses.replace(good, columns=columns,
                                               values=tuple(values[c] for c in columns))]


async def one_by_one(store: ReportingStore, batch: Batch) -> list[int]:
    """The reference: each event in a transaction of its own; refused ones are skipped."""
    rejected = []
    for index, (event, source, writes) in enumerate(batch):
        try:
            await store.apply(event, source, writes)
        except Exception:
            rejected.append(index)
    return rejected


async def contents(store: ReportingStore) -> dict[str, list[dict[str, Any]]]:
    tables = [r["relname"] for r in await store.pool.fetch(
        "SELECT relname FROM pg_class WHERE relnamespace = current_schema()::regnamespace"
        " AND relkind = 'r' AND relname LIKE 'fact\\_%' ORDER BY relname")]
    found = {t: [dict(r) for r in await store.pool.fetch(f"SELECT * FROM {t} ORDER BY event_id")]
             for t in tables}
    found["processed_events"] = [dict(r) for r in await store.pool.fetch(
        'SELECT event_id, event_type, topic, partition, "offset" FROM processed_events'
        " ORDER BY event_id")]
    return found


async def test_a_bulk_batch_with_duplicates_and_refused_rows_gives_the_facts_of_one_by_one(
    store, stack, new_schema
):
    # given an earlier batch, then one with every kind of event, a copy of one delivered in
    # the same batch, one applied in the earlier batch, and two refused rows far apart
    earlier = at(every_kind_of_event()[:3], 0)
    events = every_kind_of_event()
    batch = at(events + [events[4], earlier[1][0]], 100)
    batch[2], batch[-4] = refused(batch[2]), refused(batch[-4])
    reference = await ReportingStore.open(stack.database_url, await new_schema())

    try:
        # when the same deliveries are applied in bulk and one at a time
        assert await store.apply_batch(earlier) == []
        rejected = await store.apply_batch(batch)
        await one_by_one(reference, earlier)
        expected_rejections = await one_by_one(reference, batch)

        # then the same rows, and the same two events rejected with the database's reason
        assert [index for index, _ in rejected] == expected_rejections == [2, len(batch) - 4]
        assert all("days_attended" in reason for _, reason in rejected)
        bulk, single = await contents(store), await contents(reference)
        assert bulk == single
        assert len(bulk["processed_events"]) == 3 + len(events) - 2
        assert sum(len(rows) for t, rows in bulk.items() if t.startswith("fact_")) > len(events)
    finally:
        await reference.close()


async def test_a_batch_of_only_duplicates_changes_nothing_but_the_positions(store):
    # given a batch applied once
    batch = at(every_kind_of_event(), 0)
    assert await store.apply_batch(batch) == []
    before = await contents(store)

    # when it is delivered again at later offsets
    again = [(e, dataclasses.replace(s, offset=s.offset + 1000), w) for e, s, w in batch]
    assert await store.apply_batch(again) == []

    # then no fact changes, and the positions moved on
    assert await contents(store) == before
    assert await store.pool.fetchval('SELECT min("offset") FROM consumed_positions') >= 1000


async def test_a_value_the_driver_cannot_encode_is_refused_alone_and_its_reason_quotes_no_value(store):
    # given a batch where one row holds a partition number no integer column can take
    batch = at(every_kind_of_event()[:4], 0)
    event, source, [row] = batch[1]
    columns = dict(zip(row.columns, row.values, strict=True)) | {"src_partition": 2**40 + 7}
    batch[1] = (event, source, [dataclasses.replace(row, values=tuple(columns.values()))])

    # when it is applied
    rejected = await store.apply_batch(batch)

    # then only that event is refused, and the reason names the problem, not the value
    assert [index for index, _ in rejected] == [1]
    assert "int32" in rejected[0][1] and str(2**40 + 7) not in rejected[0][1]
    assert await store.pool.fetchval("SELECT count(*) FROM processed_events") == 3
