"""Intake on a real PostgreSQL and Kafka: what is stored, what is not, what leaves."""

from __future__ import annotations

from collections.abc import AsyncIterator

import asyncpg
import httpx
import pytest

from kohtaamo.contracts import topics
from kohtaamo.intake.bootstrap import create_app
from kohtaamo.intake.settings import IntakeSettings

pytestmark = [pytest.mark.postgres, pytest.mark.kafka]


@pytest.fixture
async def intake(stack, database_schema, kafka_settings, tmp_path) -> AsyncIterator[httpx.AsyncClient]:
    settings = IntakeSettings(
        database_url=stack.database_url, database_schema=database_schema, kafka=kafka_settings,
        keyring_path=tmp_path / "intake.keyring",
    )
    app = create_app(settings)
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://intake") as client:
            client.app = app
            yield client


@pytest.fixture
async def raw_rows(stack, database_schema):
    async def fetch() -> list[asyncpg.Record]:
        conn = await asyncpg.connect(stack.database_url)
        try:
            return await conn.fetch(
                f'SELECT topic, state FROM "{database_schema}".intake_events'
            )
        finally:
            await conn.close()

    return fetch


async def test_personal_data_is_not_in_plaintext_in_the_event_store(
    intake, raw_rows, auth_header, registration_body
):
    body = registration_body(first_name="Elsa-Marjatta", last_name="Kivimäki-Testinen")

    response = await intake.post("/clients", json=body, headers=auth_header("intake_worker"))

    assert response.status_code == 201
    rows = await raw_rows()
    assert len(rows) == 2  # the client and the identity claim
    for row in rows:
        for secret in (body["first_name"], "Kivim", body["personal_identity_code"]):
            assert secret.encode() not in bytes(row["state"])


async def test_the_same_code_twice_answers_409_and_stores_nothing_more(
    intake, raw_rows, auth_header, registration_body
):
    body = registration_body()
    first = await intake.post("/clients", json=body, headers=auth_header("intake_worker"))

    again = await intake.post("/clients", json=body, headers=auth_header("intake_worker"))

    assert again.status_code == 409
    assert again.json()["error"]["client_id"] == first.json()["client_id"]
    assert len(await raw_rows()) == 2


@pytest.mark.parametrize(
    "overrides",
    [
        {"personal_identity_code": "131052-308A"},
        {"personal_identity_code": "300252-308T"},
        {"first_name": None},
    ],
    ids=["wrong-check-character", "impossible-date", "missing-name"],
)
async def test_bad_input_is_refused_and_nothing_is_stored_or_published(
    intake, raw_rows, auth_header, registration_body, kafka, kafka_settings, overrides
):
    body = {k: v for k, v in registration_body(**overrides).items() if v is not None}

    response = await intake.post("/clients", json=body, headers=auth_header("intake_worker"))
    # Anything a relay could publish would be published by now.
    await intake.app.state.relay.publish_pending()

    assert response.status_code == 422
    assert response.json()["error"]["fields"]
    assert await raw_rows() == []
    assert await kafka.read_all(kafka_settings.topic(topics.INTAKE_CLIENTS)) == []
