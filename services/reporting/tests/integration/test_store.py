"""Reporting's store on a real PostgreSQL: migrations and once-only application."""

from __future__ import annotations

from datetime import UTC, date, datetime
from uuid import uuid4

import asyncpg
import pytest

from kohtaamo.reporting.adapters.migrations import _scripts, migrate
from kohtaamo.reporting.application.projector import writes_for
from kohtaamo.reporting.projections.facts import Row
from kohtaamo.servicekit.consumer import Source

ATTENDANCE_COLUMNS = ("event_id", "client_id", "work_activity_id", "period_start", "period_end",
                      "days_attended", "hours_attended", "organisation_id", "project_id",
                      "effective_date", "recorded_at", "src_topic", "src_partition", "src_offset")

pytestmark = pytest.mark.postgres


async def facts(store) -> int:
    return await store.pool.fetchval("SELECT count(*) FROM fact_registrations")


async def test_an_event_applied_twice_is_recorded_and_counted_once(store, registered):
    event = registered()

    first = await store.apply(event, Source("t", 0, 1), writes_for(event, Source("t", 0, 1)))
    second = await store.apply(event, Source("t", 1, 7), writes_for(event, Source("t", 1, 7)))

    assert (first, second) == (True, False)
    assert await facts(store) == 1


async def test_a_failing_write_leaves_no_processed_mark_behind(store, registered):
    event = registered()
    broken = [Row("no_such_table", ("event_id",), (event.event_id,))]

    with pytest.raises(Exception, match="no_such_table"):
        await store.apply(event, Source("t", 0, 1), broken)

    assert await store.apply(event, Source("t", 0, 1), writes_for(event, Source("t", 0, 1))) is True
    assert await facts(store) == 1


async def test_migrations_run_once(store, stack, database_schema):
    conn = await asyncpg.connect(stack.database_url, server_settings={"search_path": database_schema})
    try:
        assert await migrate(conn) == []  # already applied when the store opened
        versions = await conn.fetchval("SELECT count(*) FROM schema_migrations")
    finally:
        await conn.close()

    assert versions == len(_scripts())  # every numbered file, once


async def test_a_batch_applies_each_event_once_rejects_only_the_refused_one_and_records_positions(
    store, registered
):
    good, refused, other = registered(), registered(), registered()
    bad_row = Row("fact_attendance", ATTENDANCE_COLUMNS,
                  (refused.event_id, uuid4(), uuid4(), date(2016, 3, 1), date(2016, 3, 31), -1, 0,
                   "908", None, date(2016, 3, 31), datetime.now(UTC), "t", 0, 2))  # a CHECK: days >= 0
    batch = [
        (good, Source("t", 0, 1), writes_for(good, Source("t", 0, 1))),
        (refused, Source("t", 0, 2), [bad_row]),
        (other, Source("t", 1, 3), writes_for(other, Source("t", 1, 3))),
        (good, Source("t", 0, 4), writes_for(good, Source("t", 0, 4))),  # delivered twice
    ]

    rejected = await store.apply_batch(batch)

    assert [index for index, _ in rejected] == [1]
    assert "days_attended" in rejected[0][1]
    assert "Failing row" not in rejected[0][1]  # the reason goes on Kafka: no row values
    assert await facts(store) == 2
    positions = await store.pool.fetch('SELECT partition, "offset" FROM consumed_positions ORDER BY 1')
    assert [(p["partition"], p["offset"]) for p in positions] == [(0, 4), (1, 3)]
    assert await store.apply(refused, Source("t", 0, 2), []) is True  # not marked processed
