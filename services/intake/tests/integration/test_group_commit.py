"""Intake's commands under group commit, over HTTP on a real PostgreSQL and Kafka."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from uuid import UUID

import asyncpg
import httpx
import pytest

from kohtaamo.contracts import default_registry, topics
from kohtaamo.intake.application.publishing import Publisher
from kohtaamo.intake.bootstrap import create_app
from kohtaamo.intake.settings import IntakeSettings
from kohtaamo.servicekit.group_commit_postgres import GroupCommitRecorder
from kohtaamo.servicekit.testing import publishable

pytestmark = [pytest.mark.postgres, pytest.mark.kafka]

CONSENT = {"parties": ["KELA"], "purposes": ["REFERRAL"], "form": "ORAL_DOCUMENTED"}


@pytest.fixture
async def intake(stack, database_schema, kafka_settings) -> AsyncIterator[httpx.AsyncClient]:
    settings = IntakeSettings(
        database_url=stack.database_url, database_schema=database_schema, kafka=kafka_settings
    )
    app = create_app(settings, relay=False)  # the tests run the relay when they want it
    async with app.router.lifespan_context(app):
        assert isinstance(app.state.intake.store.recorder, GroupCommitRecorder)
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://intake") as client:
            client.app = app
            yield client


async def test_a_refused_registration_in_a_group_is_answered_alone_and_the_others_are_saved(
    intake, stack, database_schema, auth_header, registration_body, eventually
):
    worker = auth_header("intake_worker")
    bodies = [registration_body() for _ in range(3)]
    group = intake.app.state.intake.store.recorder.group
    conn = await asyncpg.connect(stack.database_url)
    table = f'"{database_schema}".intake_events'
    try:
        # Hold the events table so the first registration waits inside its transaction
        # and the next four queue behind it: they are then written as one group.
        held = conn.transaction()
        await held.start()
        await conn.execute(f"LOCK TABLE {table} IN EXCLUSIVE MODE")
        first = asyncio.ensure_future(intake.post("/clients", json=bodies[0], headers=worker))
        await eventually(lambda: conn.fetchval(
            "SELECT count(*) FROM pg_locks WHERE NOT granted AND relation = $1::text::regclass",
            table))
        queued = []
        for body in (bodies[1], bodies[2], bodies[1], registration_body()):  # the 3rd is a repeat
            queued.append(asyncio.ensure_future(intake.post("/clients", json=body, headers=worker)))
            await eventually(lambda: group.pending, until=lambda n: n == len(queued))
        written = group.groups_written
        await held.rollback()
        answers = await asyncio.gather(first, *queued)
    finally:
        await conn.close()

    assert group.groups_written == written + 2
    assert [a.status_code for a in answers] == [201, 201, 201, 409, 201]
    repeat = answers[3].json()["error"]
    assert (repeat["code"], repeat["client_id"]) == ("already_registered", answers[1].json()["client_id"])
    listed = await intake.get("/clients", headers=auth_header("manager"))
    assert sorted(c["client_id"] for c in listed.json()["clients"]) == sorted(
        a.json()["client_id"] for a in answers if a.status_code == 201)


async def test_concurrent_changes_of_one_client_both_succeed_in_order_or_one_is_a_clear_conflict(
    intake, auth_header, registration_body
):
    worker = auth_header("intake_worker")
    client_id = (await intake.post("/clients", json=registration_body(), headers=worker)).json()["client_id"]

    answers = await asyncio.gather(*(
        intake.post(f"/clients/{client_id}/consents", json=CONSENT, headers=worker) for _ in range(12)
    ))

    assert {a.status_code for a in answers} <= {201, 409}
    refused = [a.json()["error"] for a in answers if a.status_code == 409]
    assert all(e["code"] == "concurrent_change" for e in refused)
    recorded = {a.json()["id"] for a in answers if a.status_code == 201}
    in_force = await intake.get(f"/clients/{client_id}/consents", headers=worker)
    assert {c["consent_id"] for c in in_force.json()["consents"]} == recorded, "no lost update"


async def test_after_concurrent_grouped_saves_the_relay_publishes_every_event_exactly_once(
    intake, auth_header, registration_body, kafka, kafka_settings
):
    worker = auth_header("intake_worker")
    bodies = [registration_body() for _ in range(30)]
    answers = await asyncio.gather(*(
        intake.post("/clients", json=body, headers=worker) for body in bodies + bodies[:5]  # repeats
    ))
    client_ids = {a.json()["client_id"] for a in answers if a.status_code == 201}
    consents = await asyncio.gather(*(
        intake.post(f"/clients/{c}/consents", json=CONSENT, headers=worker) for c in client_ids
    ))
    store = intake.app.state.intake.store

    relay = intake.app.state.relay
    await relay.publish_pending()
    again = await relay.publish_pending()

    assert len(client_ids) == 30 and [a.status_code for a in consents] == [201] * 30
    expected = await asyncio.to_thread(publishable, store, Publisher(store))
    records = await kafka.read_all(kafka_settings.topic(topics.INTAKE_CLIENTS))
    published = [default_registry().parse(r.value).event_id for r in records]
    assert sorted(published) == sorted(o.envelope.event_id for o in expected)
    assert len(published) == len(set(published)) == 60, "each registration and consent once"
    assert again == 0
    assert {UUID(str(e.subject_id)) for e in (default_registry().parse(r.value) for r in records)} == {
        UUID(c) for c in client_ids}
