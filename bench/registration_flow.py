"""Benchmark: client registrations through intake, the relay and Kafka into reporting.

Runs on the real stack (deploy/local-stack, or KAFKA_BOOTSTRAP_SERVERS and DATABASE_URL with
the admin's KAFKA_USERNAME/KAFKA_PASSWORD), in fresh schemas and topics provisioned with the
services' ACLs, and writes its figures to bench/results/registration_flow.json.

    uv run python bench/registration_flow.py [--clients 1000]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
import subprocess
import time
import uuid
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import asyncpg
import httpx

from kohtaamo.intake.bootstrap import create_app as create_intake
from kohtaamo.intake.domain.hetu import PersonalIdentityCode
from kohtaamo.intake.settings import IntakeSettings
from kohtaamo.reporting.bootstrap import create_app as create_reporting
from kohtaamo.reporting.settings import ReportingSettings
from kohtaamo.servicekit.auth import issue_token
from kohtaamo.servicekit.provision import provision
from kohtaamo.servicekit.settings import AuthSettings, KafkaSettings

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "bench" / "results" / "registration_flow.json"


def stack() -> str:
    """The database URL; the Kafka settings (as the admin) are left in the environment."""
    if not (os.environ.get("KAFKA_BOOTSTRAP_SERVERS") and os.environ.get("DATABASE_URL")):
        out = subprocess.run([str(ROOT / "deploy" / "local-stack"), "up"], capture_output=True, text=True, check=True)
        os.environ.update(line.removeprefix("export ").split("=", 1) for line in out.stdout.splitlines())
    return os.environ["DATABASE_URL"]


def bodies(n: int) -> list[dict]:
    start = date(1970, 1, 1)
    return [
        {"first_name": "Bench", "last_name": f"Client {i}",
         "personal_identity_code": PersonalIdentityCode.compose(start + timedelta(days=i // 100), 900 + i % 100).value,
         "municipality_code": "908", "referral_source": "SELF",
         "project_id": "S20397", "registered_on": "2016-03-01"}
        for i in range(n)
    ]


async def count(reporting: httpx.AsyncClient, headers: dict) -> int:
    """SoKu's clients over its window (a published 1-4 shows as <5: counted as 0 here)."""
    response = await reporting.get("/indicators/clients-registered", headers=headers,
                                   params={"project": "S20397", "period": "window"})
    return response.json()["value"] or 0


async def run(n: int) -> dict:
    database_url = stack()
    schemas = [f"bench_{uuid.uuid4().hex[:8]}" for _ in range(2)]
    conn = await asyncpg.connect(database_url)
    for s in schemas:
        await conn.execute(f'CREATE SCHEMA "{s}"')
    admin = KafkaSettings(topic_prefix=f"bench{uuid.uuid4().hex[:6]}.")
    await provision(admin)
    kafka = admin.model_copy(update={"username": None, "password": None})  # each service adds its own
    intake_app = create_intake(IntakeSettings(database_url=database_url, database_schema=schemas[0], kafka=kafka), relay=False)
    reporting_app = create_reporting(ReportingSettings(database_url=database_url, database_schema=schemas[1], kafka=kafka))
    worker = {"Authorization": "Bearer " + issue_token(AuthSettings(), sub="bench", roles=["intake_worker"], org="908")}
    manager = {"Authorization": "Bearer " + issue_token(AuthSettings(), sub="bench", roles=["manager"], org="908")}
    figures: dict = {}
    try:
        async with intake_app.router.lifespan_context(intake_app), reporting_app.router.lifespan_context(reporting_app):
            to_intake = httpx.AsyncClient(transport=httpx.ASGITransport(app=intake_app), base_url="http://intake")
            to_reporting = httpx.AsyncClient(transport=httpx.ASGITransport(app=reporting_app), base_url="http://reporting")
            payloads = bodies(n)

            started = time.perf_counter()
            for body in payloads:  # one staff member at a time, as at a desk
                assert (await to_intake.post("/clients", json=body, headers=worker)).status_code == 201
            figures["http_registrations_per_s_sequential"] = round(n / (time.perf_counter() - started), 1)

            # The backlog of n registrations (2n notifications: client + identity claim) goes
            # out through the relay while reporting consumes it: the pipeline's throughput.
            relay = intake_app.state.relay
            started = time.perf_counter()
            published = await relay.publish_pending()
            relay_done = time.perf_counter()
            while await count(to_reporting, manager) < n:
                await asyncio.sleep(0.01)
            counted = time.perf_counter()
            figures["relay_catch_up_notifications_per_s"] = round(published / (relay_done - started), 1)
            figures["backlog_to_indicator_s"] = round(counted - started, 3)
            figures["pipeline_registrations_per_s"] = round(n / (counted - started), 1)

            # Rebuild: a fresh reporting (new schema, new consumer group) replays the topics.
            rebuild_schema = f"bench_{uuid.uuid4().hex[:8]}"
            await conn.execute(f'CREATE SCHEMA "{rebuild_schema}"')
            schemas.append(rebuild_schema)
            rebuild = create_reporting(ReportingSettings(
                database_url=database_url, database_schema=rebuild_schema, kafka=kafka, consumer_group="reporting-rebuild"))
            started = time.perf_counter()
            async with rebuild.router.lifespan_context(rebuild):
                to_rebuild = httpx.AsyncClient(transport=httpx.ASGITransport(app=rebuild), base_url="http://rebuild")
                while await count(to_rebuild, manager) < n:
                    await asyncio.sleep(0.01)
                figures["rebuild_from_topics_events_per_s"] = round(n / (time.perf_counter() - started), 1)

            # Latency of one registration to the indicator with the relay running live.
            task = asyncio.create_task(relay.run())
            latencies = []
            for body in bodies(n + 20)[n:]:
                before = await count(to_reporting, manager)
                started = time.perf_counter()
                await to_intake.post("/clients", json=body, headers=worker)
                while await count(to_reporting, manager) <= before:
                    await asyncio.sleep(0.005)
                latencies.append(time.perf_counter() - started)
            task.cancel()
            latencies.sort()
            figures["http_to_indicator_latency_ms_median"] = round(1000 * latencies[len(latencies) // 2], 1)
            figures["http_to_indicator_latency_ms_max"] = round(1000 * latencies[-1], 1)
    finally:
        for s in schemas:
            await conn.execute(f'DROP SCHEMA "{s}" CASCADE')
        await conn.close()
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--clients", type=int, default=1000)
    args = parser.parse_args()
    figures = asyncio.run(run(args.clients))
    result = {
        "benchmark": "registration_flow", "clients": args.clients,
        "measured_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": {"cpus": os.cpu_count(), "python": platform.python_version()},
        "figures": figures,
    }
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(result, indent=2) + "\n")
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
