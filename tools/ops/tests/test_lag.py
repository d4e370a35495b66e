"""``kohtaamo lag`` while reporting is stopped, and after it has caught up."""

from __future__ import annotations

import json

import pytest

from .conftest import caught_up

pytestmark = [pytest.mark.kafka, pytest.mark.postgres]


async def reporting_lag(kohtaamo) -> list[dict]:
    result = await kohtaamo("lag", "--group", "reporting", "--json")
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)["groups"]


async def test_lag_is_non_zero_while_reporting_is_stopped_and_zero_once_it_caught_up(
    start_reporting, publish, kohtaamo, eventually
):
    async with start_reporting() as reporting:
        await publish(2)
        await eventually(lambda: caught_up(reporting))
        await eventually(lambda: reporting_lag(kohtaamo), until=lambda ps: all(p["lag"] == 0 for p in ps))

    await publish(3)
    stopped = await reporting_lag(kohtaamo)
    behind = [p for p in stopped if p["lag"] > 0]
    assert sum(p["lag"] for p in stopped) == 3
    assert behind and all(p["seconds"] is not None and p["seconds"] >= 0 for p in behind)
    assert {p["topic"] for p in behind} == {stopped[0]["topic"]} and stopped[0]["topic"].endswith("intake.clients")

    async with start_reporting():
        after = await eventually(lambda: reporting_lag(kohtaamo),
                                 until=lambda ps: all(p["lag"] == 0 for p in ps))
    assert all(p["seconds"] is None for p in after)


async def test_lag_lists_every_consuming_group_and_each_outbox(kohtaamo, ops):
    result = await kohtaamo("lag", "--json")

    assert result.exit_code == 0, result.output
    found = json.loads(result.stdout)
    assert {p["service"] for p in found["groups"]} == {"casework", "meetingplace", "reporting"}
    assert {o["service"]: o["note"] for o in found["outboxes"]} == {
        "intake": "no event store yet", "casework": "no event store yet",
        "meetingplace": "no event store yet"}
    text = await kohtaamo("lag")
    assert "oldest unconsumed" in text.stdout and "intake-outbox" in text.stdout
