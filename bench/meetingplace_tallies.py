"""Benchmark: how quickly staff's tallies are recorded, and published, on the real stack.

A week's tallies (7 days x 3 parts of the day = 21 rows) in one request, as staff enter
them at the end of the week; a month's (93 rows); a correction; an identified visit. Then
the relay publishes the backlog to Kafka. In-process HTTP (ASGI), like registration_flow.py:
the figures are the service and PostgreSQL, not the network. Writes
bench/results/meetingplace_tallies.json.

    uv run python bench/meetingplace_tallies.py [--weeks 52]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
import statistics
import subprocess
import time
import uuid
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from uuid import uuid4

import asyncpg
import httpx

from kohtaamo.contracts import examples
from kohtaamo.meetingplace.bootstrap import create_app
from kohtaamo.meetingplace.settings import MeetingplaceSettings
from kohtaamo.servicekit.auth import issue_token
from kohtaamo.servicekit.messages import Source
from kohtaamo.servicekit.provision import provision
from kohtaamo.servicekit.settings import AuthSettings, KafkaSettings

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "bench" / "results" / "meetingplace_tallies.json"
SLOTS = ("MORNING", "AFTERNOON", "EVENING")
FIRST_MONDAY = date(2014, 1, 6)


def stack() -> str:
    """The database URL; the Kafka settings (as the admin) are left in the environment."""
    if not (os.environ.get("KAFKA_BOOTSTRAP_SERVERS") and os.environ.get("DATABASE_URL")):
        out = subprocess.run([str(ROOT / "deploy" / "local-stack"), "up"], capture_output=True, text=True, check=True)
        os.environ.update(line.removeprefix("export ").split("=", 1) for line in out.stdout.splitlines())
    return os.environ["DATABASE_URL"]


def rows(first: date, days: int) -> list[dict]:
    return [{"visit_date": (first + timedelta(days=d)).isoformat(), "time_slot": slot, "headcount": 3 + d % 9}
            for d in range(days) for slot in SLOTS]


def summary(seconds: list[float]) -> dict:
    ms = sorted(1000 * s for s in seconds)
    return {"n": len(ms), "median_ms": round(statistics.median(ms), 1),
            "p95_ms": round(ms[int(0.95 * (len(ms) - 1))], 1), "max_ms": round(ms[-1], 1)}


async def timed(call) -> float:
    started = time.perf_counter()
    response = await call()
    elapsed = time.perf_counter() - started
    assert response.status_code in (200, 201), response.text
    return elapsed


async def run(weeks: int) -> dict:
    database_url = stack()
    schema = f"bench_{uuid.uuid4().hex[:8]}"
    conn = await asyncpg.connect(database_url)
    await conn.execute(f'CREATE SCHEMA "{schema}"')
    admin = KafkaSettings(topic_prefix=f"bench{uuid.uuid4().hex[:6]}.")
    await provision(admin)  # topics and ACLs for the prefix, as a deployment has them
    kafka = admin.model_copy(update={"username": None, "password": None})  # meetingplace adds its own
    app = create_app(MeetingplaceSettings(database_url=database_url, database_schema=schema, kafka=kafka),
                     relay=False)
    staff = {"Authorization": "Bearer " + issue_token(AuthSettings(), sub="bench", roles=["meetingplace_worker"],
                                                      org="301")}
    figures: dict = {}
    try:
        async with app.router.lifespan_context(app):
            http = httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://meetingplace")
            place = (await http.post("/meeting-places", headers=staff, json={
                "name": "Bench", "municipality_code": "301", "premises": "RENTED_FLAT",
                "opened_on": "2014-01-01"})).json()["id"]
            tallies = f"/meeting-places/{place}/tallies"

            week = [await timed(lambda w=w: http.post(tallies, headers=staff, json={
                "rows": rows(FIRST_MONDAY + timedelta(weeks=w), 7)})) for w in range(weeks)]
            figures["week_of_tallies_21_rows"] = summary(week)

            later = FIRST_MONDAY + timedelta(weeks=weeks + 1)
            month = [await timed(lambda m=m: http.post(tallies, headers=staff, json={
                "rows": rows(later + timedelta(days=31 * m), 31)})) for m in range(6)]
            figures["month_of_tallies_93_rows"] = summary(month)

            corrections = [await timed(lambda w=w: http.put(
                f"{tallies}/{(FIRST_MONDAY + timedelta(weeks=w)).isoformat()}/MORNING", headers=staff,
                json={"headcount": 50 + w})) for w in range(weeks)]
            figures["correction"] = summary(corrections)

            facts = app.state.meetingplace.client_facts
            clients = [uuid4() for _ in range(weeks)]
            for n, client_id in enumerate(clients):
                for payload in (examples.client_registered(client_id=client_id),
                                examples.consent_recorded(client_id=client_id, consent_id=uuid4(),
                                                          given_on=date(2014, 1, 1), valid_until=None)):
                    facts.apply(examples.envelope(payload, organisation_id="301", event_id=uuid4()),
                                Source("bench", 0, n))
            visits = [await timed(lambda c=c: http.post(f"/meeting-places/{place}/identified-visits", headers=staff,
                                                        json={"client_id": str(c), "visit_date": "2014-01-07",
                                                              "time_slot": "AFTERNOON"})) for c in clients]
            figures["identified_visit"] = summary(visits)

            relay = app.state.relay
            backlog = (await relay.status()).lag
            started = time.perf_counter()
            published = await relay.publish_pending()
            figures["relay_backlog_notifications"] = backlog
            figures["relay_notifications_per_s"] = round(published / (time.perf_counter() - started), 1)
    finally:
        await conn.execute(f'DROP SCHEMA "{schema}" CASCADE')
        await conn.close()
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--weeks", type=int, default=52)
    args = parser.parse_args()
    figures = asyncio.run(run(args.weeks))
    result = {
        "benchmark": "meetingplace_tallies", "weeks": args.weeks,
        "measured_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": {"cpus": os.cpu_count(), "python": platform.python_version()},
        "figures": figures,
    }
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(result, indent=2) + "\n")
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
