"""Pieces of bench/group_commit.py: the stack, the ceiling, bodies, the server, the store path."""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import socket
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

import asyncpg
import httpx

from kohtaamo.intake.application.commands import PersonalDetails, RegisterClient
from kohtaamo.intake.bootstrap import build
from kohtaamo.intake.domain.hetu import PersonalIdentityCode
from kohtaamo.intake.settings import IntakeSettings
from kohtaamo.servicekit.group_commit import GroupCommitSettings
from kohtaamo.servicekit.provision import provision
from kohtaamo.servicekit.settings import KafkaSettings

ROOT = Path(__file__).resolve().parents[1]
ORG = "837"
REGISTERED_ON = date(2026, 1, 15)


def stack() -> str:
    """The database URL; the Kafka settings (as the admin) are left in the environment."""
    if not (os.environ.get("KAFKA_BOOTSTRAP_SERVERS") and os.environ.get("DATABASE_URL")):
        out = subprocess.run([str(ROOT / "deploy" / "local-stack"), "up"], capture_output=True, text=True, check=True)
        os.environ.update(line.removeprefix("export ").split("=", 1) for line in out.stdout.splitlines())
    return os.environ["DATABASE_URL"]


async def sql(database_url: str, statement: str) -> None:
    conn = await asyncpg.connect(database_url)
    try:
        await conn.execute(statement)
    finally:
        await conn.close()


async def transaction_ceiling(database_url: str, seconds: float) -> dict[str, float]:
    """Single-row insert transactions/s into a table shaped like the event store."""
    schema = f"bench_{uuid.uuid4().hex[:8]}"
    conn = await asyncpg.connect(database_url)
    try:
        await conn.execute(f'CREATE SCHEMA "{schema}"')
        await conn.execute(
            f'CREATE TABLE "{schema}".events (originator_id uuid NOT NULL, originator_version bigint'
            " NOT NULL, topic text, state bytea, notification_id bigserial,"
            " PRIMARY KEY (originator_id, originator_version))")
        await conn.execute(f'CREATE UNIQUE INDEX ON "{schema}".events (notification_id)')
        state = "\\x" + os.urandom(600).hex()  # about a registration's encrypted state
        done, started = 0, time.perf_counter()
        while (elapsed := time.perf_counter() - started) < seconds:
            await conn.execute(
                f'BEGIN; LOCK TABLE "{schema}".events IN EXCLUSIVE MODE; NOTIFY bench_events;'
                f' INSERT INTO "{schema}".events (originator_id, originator_version, topic, state)'
                f" VALUES ('{uuid.uuid4()}', 1, 'kohtaamo.intake.domain.client:Client.Registered',"
                f" '{state}'::bytea); COMMIT")
            done += 1
        return {"transactions_per_s": round(done / elapsed, 1)}
    finally:
        await conn.execute(f'DROP SCHEMA "{schema}" CASCADE')
        await conn.close()


def identity_code(i: int) -> str:
    """Distinct synthetic codes (individual numbers 900–999: never issued to anyone)."""
    return PersonalIdentityCode.compose(date(1950, 1, 1) + timedelta(days=i // 100), 900 + i % 100).value


def bodies(path: Path, first: int, n: int) -> None:
    with path.open("w") as out:
        for i in range(first, first + n):
            out.write(json.dumps({
                "first_name": "Bench", "last_name": f"Client {i}", "personal_identity_code": identity_code(i),
                "municipality_code": ORG, "referral_source": "SELF", "registered_on": REGISTERED_ON.isoformat(),
            }) + "\n")


def server_cpu_ticks(pid: int) -> int:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return int(fields[11]) + int(fields[12])  # utime + stime


@contextlib.contextmanager
def intake_server(database_url: str, group_commit: bool) -> Iterator[tuple[int, int]]:
    """``python -m kohtaamo.intake`` in a fresh schema and topic prefix (provisioned with the
    services' ACLs, as the admin); yields (port, pid) once it answers."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    schema, prefix = f"bench_{uuid.uuid4().hex[:8]}", f"bench{uuid.uuid4().hex[:6]}."
    asyncio.run(provision(KafkaSettings(topic_prefix=prefix)))
    env = {k: v for k, v in os.environ.items() if k not in ("KAFKA_USERNAME", "KAFKA_PASSWORD")}
    env.update({"INTAKE_DATABASE_URL": database_url, "INTAKE_DATABASE_SCHEMA": schema,
                "INTAKE_HTTP_PORT": str(port), "KAFKA_TOPIC_PREFIX": prefix,
                "INTAKE_GROUP_COMMIT__ENABLED": str(group_commit).lower()})
    # The log goes to a file: a pipe nobody reads fills up with the JSON request log and
    # blocks the server (then it neither answers nor stops).
    log = tempfile.TemporaryFile("w+")
    server = subprocess.Popen([sys.executable, "-m", "kohtaamo.intake"], env=env,
                              stdout=subprocess.DEVNULL, stderr=log, text=True)
    try:
        deadline = time.monotonic() + 60
        while True:
            with contextlib.suppress(httpx.HTTPError):
                if httpx.get(f"http://127.0.0.1:{port}/health", timeout=2).status_code == 200:
                    break
            if server.poll() is not None or time.monotonic() > deadline:
                log.seek(0)
                raise RuntimeError(f"intake did not start: {log.read()[-4000:]}")
            time.sleep(0.2)
        yield port, server.pid
    finally:
        server.terminate()
        server.wait(timeout=30)
        log.close()
        asyncio.run(sql(database_url, f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))


async def application_point(database_url: str, group_commit: bool, clients: int, seconds: float) -> dict:
    """Registrations through intake's use case (no HTTP) from ``clients`` concurrent tasks."""
    schema = f"bench_{uuid.uuid4().hex[:8]}"
    settings = IntakeSettings(database_url=database_url, database_schema=schema,
                              group_commit=GroupCommitSettings(enabled=group_commit))
    parts = await asyncio.to_thread(build, settings)
    numbers = iter(range(10**7))

    def command() -> RegisterClient:
        return RegisterClient(
            organisation_id=ORG, person=PersonalDetails("Bench", "Client", identity_code(next(numbers))),
            municipality_code=ORG, referral_source="SELF", registered_on=REGISTERED_ON)

    latencies: list[float] = []
    loop = asyncio.get_running_loop()

    async def client(until: float, record: bool) -> None:
        while loop.time() < until:
            started = time.perf_counter()
            await parts.offload(parts.app.registrations.register, command())
            if record:
                latencies.append(time.perf_counter() - started)

    try:
        await asyncio.gather(*(client(loop.time() + 1, False) for _ in range(clients)))  # warm-up
        cpu, started = time.process_time(), time.perf_counter()
        await asyncio.gather(*(client(loop.time() + seconds, True) for _ in range(clients)))
        elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu
    finally:
        await asyncio.to_thread(parts.offload.close)
        await asyncio.to_thread(parts.app.close)
        await sql(database_url, f'DROP SCHEMA IF EXISTS "{schema}" CASCADE')
    latencies.sort()
    return {"registrations_per_s": round(len(latencies) / elapsed, 1),
            "p50_ms": round(1000 * latencies[len(latencies) // 2], 2),
            "p99_ms": round(1000 * latencies[int(len(latencies) * 0.99)], 2),
            "cpu_ms_per_command": round(1000 * cpu / len(latencies), 3),
            "load_average": round(os.getloadavg()[0], 1)}
