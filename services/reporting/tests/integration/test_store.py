"""Reporting's store on a real PostgreSQL: migrations and once-only application."""

from __future__ import annotations

from uuid import uuid4

import pytest

from kohtaamo.contracts import examples
from kohtaamo.reporting.adapters.migrations import migrate
from kohtaamo.reporting.adapters.store import ReportingStore
from kohtaamo.reporting.application.projector import writes_for
from kohtaamo.servicekit.consumer import Source

pytestmark = pytest.mark.postgres


@pytest.fixture
async def store(stack, database_schema):
    store = await ReportingStore.open(stack.database_url, database_schema)
    yield store
    await store.close()


async def test_an_event_applied_twice_is_recorded_and_counted_once(store, registered):
    event = registered()

    first = await store.apply(event, Source("t", 0, 1), writes_for(event))
    second = await store.apply(event, Source("t", 1, 7), writes_for(event))

    assert (first, second) == (True, False)
    assert await store.count_registered_clients() == 1


async def test_a_failing_write_leaves_no_processed_mark_behind(store, registered):
    event = registered()
    broken = [("INSERT INTO no_such_table VALUES (1)", ())]

    with pytest.raises(Exception, match="no_such_table"):
        await store.apply(event, Source("t", 0, 1), broken)

    assert await store.apply(event, Source("t", 0, 1), writes_for(event)) is True
    assert await store.count_registered_clients() == 1


async def test_migrations_run_once(store, stack, database_schema):
    import asyncpg

    conn = await asyncpg.connect(stack.database_url, server_settings={"search_path": database_schema})
    try:
        assert await migrate(conn) == []  # already applied when the store opened
        versions = await conn.fetchval("SELECT count(*) FROM schema_migrations")
    finally:
        await conn.close()

    assert versions >= 1


async def test_voided_clients_stop_counting_and_erased_ones_keep_counting(store):
    kept, voided, erased = (examples.client_registered(client_id=uuid4()) for _ in range(3))
    events = [examples.envelope(p) for p in (kept, voided, erased)]
    events.append(examples.envelope(examples.client_registration_voided(client_id=voided.client_id)))
    events.append(examples.envelope(examples.client_erased(client_id=erased.client_id)))

    for offset, event in enumerate(events):
        await store.apply(event, Source("t", 0, offset), writes_for(event))

    assert await store.count_registered_clients() == 2


async def test_a_batch_applies_each_event_once_and_rejects_only_the_refused_one(store, registered):
    good, refused, other = registered(), registered(), registered()
    null_organisation = (
        "INSERT INTO fact_client_registration (client_id, organisation_id, registered_on, municipality_code,"
        " referral_source, age_band, recorded_at) VALUES ($1, NULL, now(), '091', 'SELF', '18_24', now())",
        (refused.payload.client_id,),
    )
    batch = [
        (good, Source("t", 0, 1), writes_for(good)),
        (refused, Source("t", 0, 2), [null_organisation]),
        (other, Source("t", 0, 3), writes_for(other)),
        (good, Source("t", 0, 4), writes_for(good)),  # delivered twice in one batch
    ]

    rejected = await store.apply_batch(batch)

    assert [index for index, _ in rejected] == [1]
    assert "organisation_id" in rejected[0][1]
    assert await store.count_registered_clients() == 2
    assert await store.apply(refused, Source("t", 0, 2), writes_for(refused)) is True  # not marked processed
