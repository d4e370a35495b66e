"""``kohtaamo rebuild reporting`` beside a running reporting: the switch, the refusal, the
lock, the cleanup."""

from __future__ import annotations

import json
from typing import Any

import asyncpg
import pytest

from kohtaamo.contracts.intake.v1 import ClientRegistered
from kohtaamo.ops import rebuild
from kohtaamo.reporting.adapters.read_model import Rebuilds
from kohtaamo.reporting.application.projector import writes_for

from .conftest import caught_up, registered

pytestmark = [pytest.mark.kafka, pytest.mark.postgres]


async def schemas(stack, like: str) -> set[str]:
    conn = await asyncpg.connect(stack.database_url)
    try:
        return {r["nspname"] for r in await conn.fetch(
            "SELECT nspname FROM pg_namespace WHERE nspname LIKE $1", like)}
    finally:
        await conn.close()


async def test_a_rebuild_beside_the_live_reporting_switches_with_equal_figures(
    start_reporting, reporting_settings, publish, kohtaamo, eventually, stack
):
    own = reporting_settings.database_schema
    async with start_reporting() as reporting:
        await publish(7)
        await eventually(lambda: caught_up(reporting))
        before = await registered(reporting)

        result = await kohtaamo("rebuild", "reporting", "--json")

        assert result.exit_code == 0, result.output
        report = json.loads(result.stdout)
        assert report["switched"] and report["differences"] == []
        assert (report["generation"], report["replaced"], report["events"]) == (1, 0, 7)
        assert report["figures_compared"] > 0
        # The running reporting follows: it serves and consumes the new read model
        await eventually(lambda: reporting.state.read_model.generation == 1)
        assert reporting.state.read_model.schema == f"{own}_rebuild_1"
        assert await registered(reporting) == before == 7
        health = (await reporting.state.http.get("/health")).json()
        assert health["components"]["read_model"]["generation"] == 1
        await publish(1)
        await eventually(lambda: registered(reporting), until=lambda n: n == 8)

    # Restarted, it serves the switched read model from the start
    async with start_reporting() as again:
        assert again.state.read_model.generation == 1
        assert await registered(again) == 8

        cleaned = await kohtaamo("rebuild", "cleanup")
        assert cleaned.exit_code == 0, cleaned.output
        assert "the tables of generation 0" in cleaned.stdout
        assert await registered(again) == 8
        assert "nothing to clean up" in (await kohtaamo("rebuild", "cleanup")).stdout


def without_young_clients(event: Any, origin: Any) -> list[Any]:
    """A deliberately changed projection: it forgets registrations of 18-24 year olds."""
    if isinstance(event.payload, ClientRegistered) and event.payload.age_band == "18_24":
        return []
    return writes_for(event, origin)


async def test_a_rebuild_with_a_changed_projection_refuses_to_switch_and_lists_the_difference(
    start_reporting, reporting_settings, publish, ops, eventually, stack, kohtaamo
):
    async with start_reporting() as reporting:
        await publish(6, age_band="25_29")
        await publish(2, age_band="18_24")
        await eventually(lambda: caught_up(reporting))

        outcome = await rebuild.rebuild(ops, writes=without_young_clients)

        assert not outcome.switched
        assert any(d.startswith("clients-registered OPS window (all organisations): count 8 -> 6")
                   for d in outcome.differences), outcome.differences
        assert reporting.state.read_model.generation == 0
        assert await registered(reporting) == 8

        # Forced, the same difference is listed and the switch happens
        forced = await rebuild.rebuild(ops, writes=without_young_clients, force=True)
        assert forced.switched and forced.differences == outcome.differences
        await eventually(lambda: reporting.state.read_model.generation == 2)

    own = reporting_settings.database_schema
    assert await schemas(stack, f"{own}_rebuild_%") == {f"{own}_rebuild_1", f"{own}_rebuild_2"}
    cleaned = await kohtaamo("rebuild", "cleanup")
    assert "schema " + f"{own}_rebuild_1 (generation 1, refused)" in cleaned.stdout
    assert await schemas(stack, f"{own}_rebuild_%") == {f"{own}_rebuild_2"}


async def test_a_rebuild_while_another_runs_is_refused_and_the_live_schema_serves_on(
    start_reporting, reporting_settings, publish, kohtaamo, eventually, stack
):
    async with start_reporting() as reporting:
        await publish(2)
        await eventually(lambda: caught_up(reporting))
        holder = await asyncpg.connect(stack.database_url, server_settings={
            "search_path": reporting_settings.database_schema})
        try:
            await Rebuilds(holder, reporting_settings.database_schema).lock()

            refused = await kohtaamo("rebuild", "reporting")
            cleanup = await kohtaamo("rebuild", "cleanup")
        finally:
            await holder.close()

        assert refused.exit_code == 4 and cleanup.exit_code == 4
        assert refused.stderr.strip() == "kohtaamo: another rebuild of reporting is running"
        assert reporting.state.read_model.generation == 0
        assert await registered(reporting) == 2
