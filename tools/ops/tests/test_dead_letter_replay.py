"""A poison message parked by reporting, its cause fixed, replayed once and only once."""

from __future__ import annotations

import json

import asyncpg
import pytest

from .conftest import registered

pytestmark = [pytest.mark.kafka, pytest.mark.postgres]

REFUSE_908 = "ALTER TABLE fact_registrations ADD CONSTRAINT no_908 CHECK (municipality_code <> '908')"


async def parked_list(kohtaamo) -> list[dict]:
    result = await kohtaamo("dlq", "list", "intake.clients", "--json")
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


async def test_a_parked_message_is_applied_once_after_the_fix_and_a_second_replay_changes_nothing(
    start_reporting, reporting_settings, publish, kohtaamo, eventually, stack
):
    async with start_reporting() as reporting:
        # Given reporting refuses registrations from 908 (a defect standing in for a bug)
        async with reporting.state.store.pool.acquire() as conn:
            await conn.execute(REFUSE_908)
        await publish(2)
        [poison] = await publish(1, municipality_code="908")
        parked = await eventually(lambda: parked_list(kohtaamo), until=lambda p: len(p) == 1)
        assert parked[0]["consumer"] == reporting_settings.kafka.topic("reporting")
        assert parked[0]["kind"] == "unprocessable" and "no_908" in parked[0]["reason"]
        await eventually(lambda: registered(reporting), until=lambda n: n == 2)

        # A replay before the fix: it stays parked, with the new reason, exit 1
        again = await kohtaamo("dlq", "replay", "intake.clients", "--all")
        assert again.exit_code == 1, again.output
        assert "still parked" in again.stdout
        assert [p["id"] for p in await parked_list(kohtaamo)] == [parked[0]["id"]]

        # When the cause is fixed and the message replayed
        async with reporting.state.store.pool.acquire() as conn:
            await conn.execute("ALTER TABLE fact_registrations DROP CONSTRAINT no_908")
        done = await kohtaamo("dlq", "replay", "intake.clients", "--id", parked[0]["id"])

        # Then it is applied once, and no longer parked
        assert done.exit_code == 0, done.output
        assert f"{parked[0]['id']}: applied" in done.stdout
        assert await registered(reporting) == 3
        assert await parked_list(kohtaamo) == []

        # And replaying again changes nothing
        nothing = await kohtaamo("dlq", "replay", "intake.clients", "--all")
        assert nothing.exit_code == 0 and "nothing parked" in nothing.stdout
        not_parked = await kohtaamo("dlq", "replay", "intake.clients", "--id", parked[0]["id"])
        assert not_parked.exit_code == 2
        assert "was replayed and applied" in not_parked.stderr
        assert await registered(reporting) == 3
        listed = json.loads((await kohtaamo("dlq", "list", "--replayed", "--json")).stdout)
        assert [p["replays"]["state"] for p in listed] == ["applied"]

    conn = await asyncpg.connect(stack.database_url, server_settings={
        "search_path": reporting_settings.database_schema})
    try:
        assert await conn.fetchval("SELECT count(*) FROM processed_events WHERE event_id = $1",
                                   poison.event_id) == 1
    finally:
        await conn.close()


async def test_bad_input_gets_one_line_and_a_non_zero_exit(kohtaamo):
    unknown_topic = await kohtaamo("dlq", "list", "intake.nothing")
    unknown_group = await kohtaamo("lag", "--group", "nobody")
    not_parked = await kohtaamo("dlq", "replay", "intake.clients", "--id", "0:99")
    neither = await kohtaamo("dlq", "replay", "intake.clients")

    for result in (unknown_topic, unknown_group, not_parked, neither):
        assert result.exit_code == 2, result.output
        assert len(result.stderr.strip().splitlines()) == 1, result.stderr
    assert "no topic 'intake.nothing'" in unknown_topic.stderr
    assert "no consumer group 'nobody'" in unknown_group.stderr
    assert "0:99 is not parked" in not_parked.stderr
