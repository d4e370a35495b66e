"""A client's intake story on the real stack: events in order, nothing personal leaves,
erasure is final for the person and harmless for the counts."""

from __future__ import annotations

from uuid import UUID

import asyncpg
import pytest

from kohtaamo.contracts import default_registry, topics
from kohtaamo.contracts.intake import v1

from .conftest import E2E_PROJECT, exact_count

pytestmark = [pytest.mark.e2e, pytest.mark.kafka, pytest.mark.postgres]

DOMAINS = dict.fromkeys(
    ["housing", "relationships", "study_and_work_history", "finances", "health",
     "substance_use", "close_and_authority_network"], "SIGNIFICANT_NEED",
)
SECRET_TEXT = "Asunnottomana kolme kuukautta"


async def story(intake, auth_header, registration_body) -> tuple[str, dict]:
    body = registration_body(first_name="Kerttu-Liisa", last_name="Pöyhönen-Testi",
                             phone="+358 50 765 4321", email="kerttu@example.fi", postal_address="Testikatu 5 B 12")
    worker = auth_header("intake_worker")
    client_id = (await intake.http.post("/clients", json=body, headers=worker)).json()["client_id"]
    consent = await intake.http.post(f"/clients/{client_id}/consents", headers=worker, json={
        "parties": ["KELA", "TE_OFFICE"], "purposes": ["INFORMATION_EXCHANGE", "REFERRAL"], "form": "WRITTEN"})
    assessed = await intake.http.post(f"/clients/{client_id}/assessments", headers=worker, json={
        "assessor_roles": ["SOCIAL_WORKER", "NURSE"], "multi_professional": True, "domains": DOMAINS,
        "decision": "CASEWORK_NEEDED", "details": {"housing": SECRET_TEXT}})
    assert (consent.status_code, assessed.status_code) == (201, 201)
    return client_id, body


async def all_raw_rows(stack, schema: str) -> tuple[set[str], bytes]:
    conn = await asyncpg.connect(stack.database_url)
    try:
        tables = await conn.fetch(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = $1", schema)
        dumped = []
        for t in tables:
            for row in await conn.fetch(f'SELECT * FROM "{schema}"."{t["table_name"]}"'):
                dumped.append(repr(tuple(row)).encode())
                dumped.extend(bytes(v) for v in row.values() if isinstance(v, bytes | memoryview))
        return {t["table_name"] for t in tables}, b"\n".join(dumped)
    finally:
        await conn.close()


async def test_registered_consented_assessed_reach_kafka_in_order_with_nothing_personal(
    start_intake, auth_header, registration_body, eventually, kafka, kafka_settings, stack, database_schema
):
    async with start_intake() as intake:
        client_id, body = await story(intake, auth_header, registration_body)
        topic = kafka_settings.topic(topics.INTAKE_CLIENTS)
        records = await eventually(lambda: kafka.read_all(topic), until=lambda r: len(r) >= 3)
        await intake.http.post("/outreach-contacts", headers=auth_header("intake_worker"), json={
            "channel": "HOME_VISIT", "municipality_code": "091", "outcome": "WANTS_SERVICE"})
        outreach = await eventually(lambda: kafka.read_all(kafka_settings.topic(topics.INTAKE_OUTREACH)),
                                    until=lambda r: len(r) == 1)

    mine = [r for r in records if r.key == client_id.encode()]
    parsed = [default_registry().parse(r.value) for r in mine]
    assert [type(e.payload) for e in parsed] == [v1.ClientRegistered, v1.ConsentRecorded, v1.NeedsAssessed]
    assert [r.offset for r in mine] == sorted(r.offset for r in mine)
    assert len({r.partition for r in mine}) == 1

    # The phone as given and as intake stores it (E.164).
    secrets = [body["first_name"], "Pöyhönen", body["personal_identity_code"], "765 4321", "507654321",
               "kerttu@example", "Testikatu", SECRET_TEXT]
    on_kafka = b"".join(r.value + (r.key or b"") + b"".join(v for _, v in r.headers) for r in records + outreach)
    tables, in_store = await all_raw_rows(stack, database_schema)
    assert {"intake_events", "intake_subject_keys", "intake_tracking"} <= tables
    for secret in secrets:
        assert secret.encode() not in on_kafka, secret
        assert secret.encode() not in in_store, secret


async def test_after_erasure_the_name_is_gone_and_the_registration_still_counts(
    start_intake, reporting, auth_header, registration_body, eventually, kafka, kafka_settings, stack, database_schema
):
    async with start_intake() as intake:
        client_id, body = await story(intake, auth_header, registration_body)
        await intake.http.post("/clients", json=registration_body(), headers=auth_header("intake_worker"))
        read = await intake.http.get(f"/clients/{client_id}?purpose=CLIENT_WORK", headers=auth_header("caseworker"))
        assert read.json()["person"]["last_name"] == body["last_name"]

        erased = await intake.http.post(f"/clients/{client_id}/erasure", json={"reason": "DATA_SUBJECT_REQUEST"},
                                        headers=auth_header("data_protection_officer"))
        after = [
            await intake.http.get(f"/clients/{client_id}?purpose=CLIENT_WORK", headers=auth_header(role))
            for role in ("caseworker", "intake_worker", "data_protection_officer")
        ]
        search = await intake.http.post("/clients/search", headers=auth_header("caseworker"), json={
            "personal_identity_code": body["personal_identity_code"], "purpose": "IDENTITY_CHECK"})
        listed = await intake.http.get("/clients", headers=auth_header("manager"))
        log = await intake.http.get(f"/clients/{client_id}/access-log", headers=auth_header("data_protection_officer"))
        on_topic = await eventually(
            lambda: kafka.read_all(kafka_settings.topic(topics.INTAKE_CLIENTS)),
            until=lambda rs: any(b"intake.ClientErased" in r.value for r in rs))
        erasures = [e for e in (default_registry().parse(r.value) for r in on_topic)
                    if isinstance(e.payload, v1.ClientErased)]

        # Everything on the topic consumed (the erasure included), then count.
        await eventually(lambda: kafka.lag(kafka_settings.topic("reporting"), kafka_settings.topic(topics.INTAKE_CLIENTS)),
                         until=lambda lag: lag == 0)
        count = await clients_registered(reporting, auth_header)

    assert erased.status_code == 200 and erased.json()["status"] == "erased"
    assert [r.status_code for r in after] == [410, 410, 410]
    assert search.status_code == 404
    assert "Pöyhönen" not in listed.text + "".join(r.text for r in after)
    assert [e["purpose"] for e in log.json()["entries"]] == ["CLIENT_WORK"]  # the one read made
    assert [e.payload.client_id for e in erasures] == [UUID(client_id)]
    assert count == 2
    key_row = await raw_key(stack, database_schema, client_id)
    assert key_row["wrapped_key"] is None and key_row["destroyed_at"] is not None


async def clients_registered(reporting, auth_header) -> int:
    response = await reporting.http.get("/indicators/clients-registered", headers=auth_header("manager"),
                                        params={"project": E2E_PROJECT, "period": "window"})
    assert response.status_code == 200, response.text
    return await exact_count(reporting)  # 1-4 publish as <5


async def raw_key(stack, schema: str, client_id: str):
    conn = await asyncpg.connect(stack.database_url)
    try:
        return await conn.fetchrow(
            f'SELECT wrapped_key, destroyed_at FROM "{schema}".intake_subject_keys WHERE subject_id = $1::uuid',
            client_id)
    finally:
        await conn.close()


async def test_a_voided_registration_stops_counting(
    start_intake, reporting, auth_header, registration_body, eventually, settle
):
    async with start_intake() as intake:
        ids = [(await intake.http.post("/clients", json=registration_body(), headers=auth_header("intake_worker"))).json()["client_id"]
               for _ in range(3)]
        await eventually(lambda: clients_registered(reporting, auth_header), until=lambda v: v == 3)

        voided = await intake.http.post(f"/clients/{ids[1]}/void", json={"reason": "DUPLICATE", "duplicate_of": ids[0]},
                                        headers=auth_header("intake_worker"))

        await settle(intake)
        count = await clients_registered(reporting, auth_header)

    assert voided.json()["status"] == "voided"
    assert count == 2


async def test_each_envelope_carries_the_requests_correlation_and_causation_and_the_headers_agree(
    start_intake, auth_header, registration_body, eventually, kafka, kafka_settings
):
    correlation = "3f1c9a52-0b7e-4d7e-9a51-2f2d8c1b6e10"
    async with start_intake() as intake:
        response = await intake.http.post("/clients", json=registration_body(), headers={
            **auth_header("intake_worker"), "X-Correlation-ID": correlation})
        records = await eventually(lambda: kafka.read_all(kafka_settings.topic(topics.INTAKE_CLIENTS)),
                                   until=lambda rs: len(rs) == 1)

    [record] = records
    envelope = default_registry().parse(record.value)
    headers = dict(record.headers)
    assert str(envelope.correlation_id) == correlation == response.headers["x-correlation-id"]
    assert str(envelope.causation_id) == response.headers["x-request-id"]
    assert headers["correlation_id"].decode() == correlation
    assert headers["causation_id"].decode() == str(envelope.causation_id)
