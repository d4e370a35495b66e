"""The four services in one process on the embedded PostgreSQL: registrations reach casework,
meetingplace and reporting over the in-process transport, exactly once, across a restart."""

from __future__ import annotations

import asyncio
import subprocess
import sys

import httpx
import pytest

from kohtaamo.contracts import topics
from kohtaamo.embedded.demo import settled
from kohtaamo.embedded.parked import parked

from .conftest import bearer, registered_count

pytestmark = [pytest.mark.postgres]


async def test_registrations_reach_every_consumer_and_are_counted_once(start_system, register, eventually):
    async with start_system() as system:
        before = await registered_count(system)
        ids = await register(system, 12)

        await settled(system)
        counted = await registered_count(system)
        async with httpx.AsyncClient(base_url=system.addresses.url("casework")) as casework:
            opened = await casework.get(f"/clients/{ids[0]}", headers=bearer("manager"))
        async with httpx.AsyncClient(base_url=system.addresses.url("reporting")) as reporting:
            health = (await reporting.get("/health")).json()
            fresh = (await reporting.get("/freshness", headers=bearer("manager"))).json()

    assert counted - before == 12
    assert opened.status_code == 200, opened.text  # casework opened the file from intake's event
    assert health["status"] == "ok", health
    assert fresh["caught_up"] and {p["topic"] for p in fresh["partitions"]} == {
        "intake outbox", "casework outbox", "meetingplace outbox"}


async def test_the_health_of_a_service_names_the_in_process_transport(start_system):
    async with start_system() as system:
        async with httpx.AsyncClient(base_url=system.addresses.url("casework")) as casework:
            health = (await casework.get("/health")).json()

    assert health["status"] == "ok", health
    assert health["components"]["outbox"]["state"] == "running"
    followers = health["components"]["consumers"]["groups"]
    assert [f["producer"] for group in followers.values() for f in group["followers"]] == ["intake"]


async def test_a_system_stopped_mid_load_and_started_again_ends_at_the_exact_count(
    start_system, register, eventually
):
    def registrations(system) -> list:
        return [m for m in system.transport.published("intake", topics.INTAKE_CLIENTS)
                if b'"intake.ClientRegistered"' in m.value]

    async with start_system() as system:
        before = len(registrations(system))
        loading = asyncio.create_task(register(system, 400))
        await eventually(lambda: len(registrations(system)), until=lambda n: n >= before + 20, timeout=60)
        loading.cancel()  # the process goes down while clients are being registered
        await asyncio.gather(loading, return_exceptions=True)

    async with start_system() as again:
        await settled(again)
        stored = registrations(again)
        counted = await registered_count(again)

    assert 20 <= len(stored) - before < 400
    assert counted == len(stored)  # every registration intake stored, and each once


async def test_a_poison_message_is_listed_with_the_consumers_that_parked_it(start_system, embedded_db, pg_folder):
    async with start_system() as system:
        await system.transport.inject(topics.INTAKE_CLIENTS, b"\x00 not json at all", key="poison")
        while_running = parked(embedded_db)
    listed = subprocess.run([sys.executable, "-m", "kohtaamo.embedded", "--data", str(pg_folder),
                             "--dead-letters"], capture_output=True, text=True, timeout=60)

    poisoned = [p for p in while_running if p.source_topic == topics.INTAKE_CLIENTS and p.notification_id is None]
    assert {p.consumer.split("-")[0] for p in poisoned} == {"casework", "meetingplace", "reporting"}
    assert {p.kind for p in poisoned} == {"malformed"}
    assert listed.returncode == 0, listed.stderr
    assert listed.stdout.count(topics.INTAKE_CLIENTS) >= len(poisoned)
    assert embedded_db.running()  # the listing left the test's server running
