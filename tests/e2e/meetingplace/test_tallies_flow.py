"""A week of tallies through meetingplace's API to its topic and reporting's figure: the
right headcounts, and a corrected tally replaces its count instead of adding to it."""

from __future__ import annotations

from datetime import date, timedelta
from uuid import UUID

import pytest

from kohtaamo.contracts import default_registry, topics

from ..conftest import E2E_PROJECT
from .conftest import PLACE, WORKER

pytestmark = [pytest.mark.e2e, pytest.mark.kafka, pytest.mark.postgres]
MONDAY = date(2013, 3, 4)
SLOTS = ("MORNING", "AFTERNOON", "EVENING")


def latest_per_visit(records) -> dict:
    """What a consumer keeps: the latest headcount per visit id, by recorded_at."""
    latest: dict = {}
    for event in sorted((default_registry().parse(r.value) for r in records), key=lambda e: e.recorded_at):
        latest[event.payload.visit_id] = event.payload.headcount
    return latest


async def test_a_weeks_tallies_and_their_corrections_reach_kafka_and_reporting_counts_the_latest(
    start_meetingplace, reporting, auth_header, published, eventually
):
    worker = auth_header(WORKER)
    rows = [{"visit_date": (MONDAY + timedelta(days=d)).isoformat(), "time_slot": slot, "headcount": 5 + d}
            for d in range(7) for slot in SLOTS]
    async with start_meetingplace() as mp:
        place = (await mp.http.post("/meeting-places", json=PLACE, headers=worker)).json()["id"]
        recorded = await mp.http.post(f"/meeting-places/{place}/tallies", json={"rows": rows}, headers=worker)
        to_zero = await mp.http.put(f"/meeting-places/{place}/tallies/2013-03-04/MORNING",
                                    json={"headcount": 0}, headers=worker)
        up = await mp.http.put(f"/meeting-places/{place}/tallies/2013-03-10/EVENING",
                               json={"headcount": 40}, headers=worker)
        records = await published(mp, topics.MEETINGPLACE_VISITS)

    assert (recorded.status_code, to_zero.status_code, up.status_code) == (201, 200, 200)
    visit_ids = recorded.json()["visit_ids"]
    assert len(records) == 21 + 2
    latest = latest_per_visit(records)
    assert {str(v) for v in latest} == set(visit_ids)
    expected = sum(r["headcount"] for r in rows) - 5 + (40 - 11)
    assert sum(latest.values()) == expected
    assert latest[UUID(visit_ids[0])] == 0 and latest[UUID(visit_ids[-1])] == 40

    async def figure():
        response = await reporting.http.get("/indicators/meeting-place-visits", headers=auth_header("manager"),
                                            params={"project": E2E_PROJECT, "period": "2013-03"})
        return response.json()

    shown = await eventually(figure, until=lambda b: b.get("table", {}).get("rows")
                             and b["table"]["rows"][0]["cells"][0]["value"] == expected)
    assert [r["key"]["month"] for r in shown["table"]["rows"]] == ["2013-03"]
