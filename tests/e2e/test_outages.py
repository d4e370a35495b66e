"""Outages of the stack's own PostgreSQL and Kafka, with intake serving throughout.

PostgreSQL down: a command answers 503 with Retry-After and stores nothing; once it is back,
the same command succeeds once. Kafka down: commands are still accepted (the event store is
the outbox), /health says Kafka is down and how much waits in the outbox, and the relay publishes everything by itself
once the broker is back. Each test stops and starts a part of this run's deploy/local-stack."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import httpx
import pytest

from kohtaamo.contracts import default_registry, topics

pytestmark = [pytest.mark.e2e, pytest.mark.kafka, pytest.mark.postgres]
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def local_stack(postgres_files):
    """``local_stack("stop", "kafka")``; whatever a test stopped is started again after it.
    (``postgres_files`` skips unless this run's PostgreSQL is deploy/local-stack's.)"""
    stopped: set[str] = set()

    def run(action: str, part: str) -> None:
        subprocess.run([str(ROOT / "deploy" / "local-stack"), action, part], check=True,
                       capture_output=True, env=os.environ)
        (stopped.add if action == "stop" else stopped.discard)(part)

    yield run
    for part in sorted(stopped):
        run("start", part)


async def test_postgres_down_answers_503_and_stores_nothing_then_the_command_succeeds_once(
        start_intake, registration_body, auth_header, local_stack, eventually):
    headers = auth_header("intake_worker")
    body = registration_body()
    async with start_intake(relay=False) as intake:
        before = await intake.http.get("/clients", headers=headers)
        local_stack("stop", "postgres")

        refused = await intake.http.post("/clients", json=body, headers=headers)
        health = await intake.http.get("/health")

        local_stack("start", "postgres")
        accepted = await eventually(lambda: intake.http.post("/clients", json=body, headers=headers),
                                    until=lambda r: r.status_code != 503)
        again = await intake.http.post("/clients", json=body, headers=headers)
        after = await intake.http.get("/clients", headers=headers)

    assert refused.status_code == 503, refused.text
    assert refused.json()["error"]["code"] == "unavailable" and int(refused.headers["retry-after"]) > 0
    assert health.status_code == 200
    assert accepted.status_code == 201, accepted.text
    assert again.status_code == 409  # the 503 stored nothing, the retry stored it once
    assert len(after.json()["clients"]) == len(before.json()["clients"]) + 1


async def test_kafka_down_commands_are_accepted_and_the_relay_publishes_them_when_it_returns(
        start_intake, registration_body, auth_header, local_stack, eventually, kafka, kafka_settings):
    headers = auth_header("intake_worker")
    async with start_intake() as intake:
        relay = intake.app.state.relay
        await eventually(relay.status, until=lambda s: s.lag == 0)
        local_stack("stop", "kafka")

        accepted = [await intake.http.post("/clients", json=registration_body(), headers=headers)
                    for _ in range(3)]
        during = (await intake.http.get("/health")).json()

        local_stack("start", "kafka")
        await eventually(relay.status, until=lambda s: s.lag == 0 and s.state == "running", timeout=120)
        health = await intake.http.get("/health")
    on_topic = [default_registry().parse(r.value)
                for r in await kafka.read_all(kafka_settings.topic(topics.INTAKE_CLIENTS))]

    assert [r.status_code for r in accepted] == [201] * 3
    # Each registration stores the client and its identity claim: six waiting notifications.
    assert (during["status"], during["components"]["kafka"]["healthy"]) == ("degraded", False)
    assert during["components"]["outbox"]["lag"] == 6
    assert health.json()["status"] == "ok" and health.json()["components"]["kafka"]["healthy"]
    registered = {e.payload.client_id for e in on_topic if e.event_type == "intake.ClientRegistered"}
    assert {str(c) for c in registered} >= {r.json()["client_id"] for r in accepted}
