"""Two reporting instances in one consumer group on the real Kafka and PostgreSQL: they share
the partitions, partitions move between them mid-stream, and every figure stays exact."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from kohtaamo.reporting.adapters.consumers import CONSUMED_TOPICS
from kohtaamo.reporting.bootstrap import create_app as create_reporting

from .conftest import Running, serve
from .synthetic import PROJECT, produce, programme

pytestmark = [pytest.mark.e2e, pytest.mark.kafka, pytest.mark.postgres]
AS_OF = datetime(2026, 1, 1, tzinfo=UTC)


def assignment(running: Running) -> set[tuple[str, int]]:
    """The partitions this instance's consumer holds now."""
    [subscriber] = running.app.state.broker.subscribers
    consumer = subscriber.consumer
    return {(tp.topic, tp.partition) for tp in consumer.assignment()} if consumer else set()


async def applied(running: Running) -> int:
    return await running.app.state.store.pool.fetchval("SELECT count(*) FROM processed_events")


def caught_up(running, auth_header):
    async def probe():
        response = await running.http.get("/freshness", headers=auth_header("analyst"))
        return response.json()
    return probe


async def test_two_instances_share_the_partitions_and_the_figures_equal_one_instance(
    start_reporting, reporting_settings, new_schema, auth_header, eventually, kafka_settings
):
    # given a programme produced in three parts, the second with a re-publish of the first
    events = programme(clients=150, seed=15)
    parts = [events[: len(events) // 3], events[len(events) // 3: 2 * len(events) // 3],
             events[2 * len(events) // 3:]]

    async with start_reporting() as first:
        await produce(kafka_settings, parts[0])
        await eventually(lambda: applied(first), until=lambda n: n > 0)
        alone = assignment(first)

        # when a second instance joins the group while the stream flows (partitions move to it)
        async with start_reporting() as second:
            await produce(kafka_settings, parts[1] + parts[0][::7])
            shares = await eventually(lambda: (assignment(first), assignment(second)),
                                      until=lambda s: all(s) and not s[0] & s[1], timeout=60)
            await eventually(lambda: applied(second), until=lambda n: n > 0, timeout=60)
        # and leaves again (its partitions move back to the first)
        await produce(kafka_settings, parts[2])
        await eventually(caught_up(first, auth_header),
                         until=lambda f: f.get("caught_up") and f["partitions"], timeout=60)
        store = first.app.state.store
        processed = await store.pool.fetchval("SELECT count(*) FROM processed_events")
        distinct = await store.pool.fetchval("SELECT count(DISTINCT event_id) FROM fact_client_events")

        # then every event was applied once, and each figure equals a single instance's
        reference_settings = reporting_settings.model_copy(update={
            "database_schema": await new_schema(), "consumer_group": "reporting-reference"})
        async with serve(create_reporting(reference_settings), "reference") as reference:
            await eventually(caught_up(reference, auth_header),
                             until=lambda f: f.get("caught_up") and f["partitions"], timeout=60)
            compared = await compare_every_figure(first, reference, auth_header)
            reference_facts = await reference.app.state.store.pool.fetchval(
                "SELECT count(DISTINCT event_id) FROM fact_client_events")

    assert processed == len(events)
    assert distinct == reference_facts > 0
    every_partition = {(kafka_settings.topic(t), p) for t in CONSUMED_TOPICS for p in range(3)}
    assert alone == shares[0] | shares[1] == every_partition
    assert compared == 48


async def compare_every_figure(shared: Running, reference: Running, auth_header) -> int:
    codes = [i["code"] for i in (await shared.http.get(
        "/indicators", headers=auth_header("analyst"))).json()]
    compared = 0
    headers = auth_header("project_manager", org="908", projects=["S20397"])
    for code in codes:
        for period in ("window", "2016", "2016Q1", "2017-03"):
            params = {"project": PROJECT, "period": period, "as_of": AS_OF.isoformat()}
            ours = await shared.http.get(f"/indicators/{code}", params=params, headers=headers)
            theirs = await reference.http.get(f"/indicators/{code}", params=params, headers=headers)
            assert ours.status_code == theirs.status_code == 200, ours.text
            assert ours.json() == theirs.json(), (code, period)  # log positions included
            compared += 1
    return compared
