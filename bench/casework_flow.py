"""Benchmark: casework on the real stack — intake's events consumed into files, recording
commands over HTTP (one worker at a time, and many at once), the outbox catching up.

Runs on the real stack (deploy/local-stack, or KAFKA_BOOTSTRAP_SERVERS and DATABASE_URL with
the admin's KAFKA_USERNAME/KAFKA_PASSWORD), in a fresh schema and topics provisioned with the
services' ACLs, and writes its figures to bench/results/casework_flow.json.

    uv run python bench/casework_flow.py [--clients 500] [--concurrency 16]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
import subprocess
import tempfile
import time
import uuid
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import asyncpg
import httpx
from aiokafka import AIOKafkaProducer

from kohtaamo.casework.bootstrap import create_app
from kohtaamo.casework.settings import CaseworkSettings
from kohtaamo.contracts import examples, topics
from kohtaamo.servicekit.auth import issue_token
from kohtaamo.servicekit.kafka import client_options
from kohtaamo.servicekit.provision import provision
from kohtaamo.servicekit.settings import AuthSettings, KafkaSettings

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "bench" / "results" / "casework_flow.json"
ORG = "908"
REGISTERED = date.today() - timedelta(days=400)


def stack() -> str:
    if not (os.environ.get("KAFKA_BOOTSTRAP_SERVERS") and os.environ.get("DATABASE_URL")):
        out = subprocess.run([str(ROOT / "deploy" / "local-stack"), "up"], capture_output=True, text=True, check=True)
        os.environ.update(line.removeprefix("export ").split("=", 1) for line in out.stdout.splitlines())
    return os.environ["DATABASE_URL"]


def bearer(*roles: str, sub: str = "bench-worker") -> dict[str, str]:
    return {"Authorization": "Bearer " + issue_token(AuthSettings(), sub=sub, roles=roles, org=ORG)}


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return round(1000 * ordered[min(len(ordered) - 1, int(p * len(ordered)))], 1)


async def run(n: int, concurrency: int) -> dict:
    database_url = stack()
    schema = f"bench_{uuid.uuid4().hex[:8]}"
    conn = await asyncpg.connect(database_url)
    await conn.execute(f'CREATE SCHEMA "{schema}"')
    admin = KafkaSettings(topic_prefix=f"bench{uuid.uuid4().hex[:6]}.")
    await provision(admin)
    kafka = admin.model_copy(update={"username": None, "password": None})
    keyring = Path(tempfile.mkdtemp()) / "casework.keyring"
    app = create_app(CaseworkSettings(database_url=database_url, database_schema=schema, kafka=kafka,
                                      keyring_path=keyring), relay=False)
    store = app.state.casework.store
    figures: dict = {}
    try:
        # Intake's registrations waiting on the topic before casework starts: the catch-up.
        producer = AIOKafkaProducer(**client_options(admin))
        await producer.start()
        clients = [uuid.uuid4() for _ in range(n)]
        for client_id in clients:
            envelope = examples.envelope(examples.client_registered(client_id=client_id, registered_on=REGISTERED),
                                         event_id=uuid.uuid4(), organisation_id=ORG)
            await producer.send(admin.topic(topics.INTAKE_CLIENTS), envelope.to_bytes(), key=str(client_id).encode())
        await producer.flush()
        await producer.stop()

        async with app.router.lifespan_context(app):
            manager = bearer("manager", sub="bench-manager")
            http = httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://casework", timeout=60)

            async def opened() -> int:
                return (await http.get("/caseloads/without-worker", headers=manager)).json()["count"]

            while (first := await opened()) == 0:  # the consumer has joined its group
                await asyncio.sleep(0.01)
            started = time.perf_counter()
            while await opened() < n:
                await asyncio.sleep(0.25)  # each look reads the whole index: not too often
            figures["consumed_registrations_per_s"] = round((n - first) / (time.perf_counter() - started), 1)

            # One worker takes each client, then records a visit: one command at a time.
            worker = bearer("caseworker")
            latencies = []
            started = time.perf_counter()
            for client_id in clients:
                t = time.perf_counter()
                assert (await http.post(f"/clients/{client_id}/responsible-worker", headers=worker, json={
                    "role": "SOCIAL_WORKER", "worker_model": "OWN_WORKER", "allocation_basis": "AREA",
                    "assigned_on": REGISTERED.isoformat()})).status_code == 200
                latencies.append(time.perf_counter() - t)
            figures["assignments_per_s_sequential"] = round(n / (time.perf_counter() - started), 1)
            figures["assignment_latency_ms_p50"] = percentile(latencies, 0.5)
            figures["assignment_latency_ms_p95"] = percentile(latencies, 0.95)

            # Many workers at once (here one token, many requests in flight): appointments.
            visit = {"kind": "OFFICE", "channel": "FACE_TO_FACE", "held_on": (REGISTERED + timedelta(days=3)).isoformat(),
                     "participant_roles": ["SOCIAL_WORKER"], "duration_min": 45, "notes": "Keskustelu tilanteesta"}
            gate = asyncio.Semaphore(concurrency)
            latencies = []

            async def record(client_id: uuid.UUID) -> None:
                async with gate:
                    t = time.perf_counter()
                    response = await http.post(f"/clients/{client_id}/appointments", headers=worker, json=visit)
                    assert response.status_code == 201, response.text
                    latencies.append(time.perf_counter() - t)

            before = store.recorder.max_notification_id()
            started = time.perf_counter()
            await asyncio.gather(*(record(c) for c in clients))
            figures[f"appointments_per_s_{concurrency}_concurrent"] = round(n / (time.perf_counter() - started), 1)
            figures["appointment_latency_ms_p50"] = percentile(latencies, 0.5)
            figures["appointment_latency_ms_p99"] = percentile(latencies, 0.99)

            # The outbox: everything casework stored, published to Kafka and acknowledged.
            relay = app.state.relay
            waiting = store.recorder.max_notification_id()
            started = time.perf_counter()
            published = await relay.publish_pending()
            figures["relay_catch_up_notifications_per_s"] = round(published / (time.perf_counter() - started), 1)
            figures["stored_notifications"] = waiting
            figures["appointments_stored"] = waiting - before
    finally:
        await conn.execute(f'DROP SCHEMA "{schema}" CASCADE')
        await conn.close()
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--clients", type=int, default=500)
    parser.add_argument("--concurrency", type=int, default=16)
    args = parser.parse_args()
    figures = asyncio.run(run(args.clients, args.concurrency))
    result = {
        "benchmark": "casework_flow", "clients": args.clients, "concurrency": args.concurrency,
        "measured_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": {"cpus": os.cpu_count(), "python": platform.python_version(),
                    "load_average_1m": round(os.getloadavg()[0], 1)},
        "figures": figures,
    }
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(result, indent=2) + "\n")
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
