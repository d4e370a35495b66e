"""Nothing that identifies a person appears on any meetingplace topic: consume the raw
bytes (values, keys, headers) and search them for everything personal or free-form."""

from __future__ import annotations

import json
from datetime import date

import asyncpg
import pytest

from kohtaamo.contracts import topics

from .conftest import PLACE, WORKER

pytestmark = [pytest.mark.e2e, pytest.mark.kafka, pytest.mark.postgres]
MEETINGPLACE_TOPICS = [topics.MEETINGPLACE_PLACES, topics.MEETINGPLACE_VISITS, topics.MEETINGPLACE_ACTIVITIES,
                       topics.MEETINGPLACE_PARTICIPATIONS, topics.MEETINGPLACE_PEER_SUPPORT]
CONSENT = {"parties": ["MEETING_PLACE"], "purposes": ["PARTICIPATION_RECORDING"], "form": "WRITTEN"}


async def raw_store(stack, schema: str) -> bytes:
    conn = await asyncpg.connect(stack.database_url)
    try:
        rows = await conn.fetch(f'SELECT topic, state FROM "{schema}".meetingplace_events')
        return b"\n".join(r["topic"].encode() + bytes(r["state"]) for r in rows)
    finally:
        await conn.close()


async def test_everything_meetingplace_publishes_is_codes_counts_and_pseudonymous_ids(
    start_intake, start_meetingplace, meetingplace_settings, auth_header, registration_body, consumed,
    kafka, kafka_settings, eventually, stack
):
    person = registration_body(first_name="Kerttu-Liisa", last_name="Pöyhönen-Testi", phone="+358 50 765 4321",
                               email="kerttu@example.fi", postal_address="Testikatu 5 B 12")
    place = PLACE | {"name": "Olohuone Kuusikko", "opening_hours": [
        {"weekday": "WEDNESDAY", "opens": "09:15", "closes": "15:45"}]}
    staff, intake_worker = auth_header(WORKER), auth_header("intake_worker")
    today = date.today().isoformat()
    settings = await meetingplace_settings()
    async with start_intake() as intake, start_meetingplace(settings) as mp:
        client_id = (await intake.http.post("/clients", json=person, headers=intake_worker)).json()["client_id"]
        await intake.http.post(f"/clients/{client_id}/consents", json=CONSENT, headers=intake_worker)
        await consumed(intake)
        place_id = (await mp.http.post("/meeting-places", json=place, headers=staff)).json()["id"]
        await mp.http.patch(f"/meeting-places/{place_id}", headers=staff,
                            json={"changed_on": today, "name": "Olohuone Kuusikko ry"})
        answers = [
            await mp.http.post(f"/meeting-places/{place_id}/tallies", headers=staff, json={"rows": [
                {"visit_date": today, "time_slot": "MORNING", "headcount": 11}]}),
            await mp.http.post(f"/meeting-places/{place_id}/identified-visits", headers=staff, json={
                "client_id": client_id, "visit_date": today, "time_slot": "AFTERNOON", "purpose": "MET_PEER"}),
            await mp.http.post("/peer-support", headers=staff, json={
                "form": "ONE_TO_ONE", "provided_on": today, "meeting_place_id": place_id, "client_id": client_id}),
        ]
        group = (await mp.http.post("/activities", headers=staff, json={
            "activity_type": "DEVELOPER_CLIENT_SESSION", "theme": "SERVICE_DEVELOPMENT", "organisers": ["PROJECT"],
            "planned_on": today, "sensitive_membership": False, "meeting_place_id": place_id})).json()["id"]
        answers.append(await mp.http.post(f"/activities/{group}/held", headers=staff, json={
            "started_at": f"{today}T00:00:00+00:00", "duration_min": 120, "attendee_count": 3,
            "participants": [{"client_id": client_id, "attended": True, "compensation_eur": "9.37"}]}))
        await eventually(mp.app.state.relay.status, until=lambda s: s.lag == 0)
        records = [r for t in MEETINGPLACE_TOPICS for r in await kafka.read_all(kafka_settings.topic(t))]

    assert [a.status_code for a in answers] == [201, 201, 201, 200]
    assert len(records) == 1 + 1 + 1 + 1 + 1 + 1  # opened, tally, visit, peer support, held, participation
    on_kafka = b"".join(r.value + (r.key or b"") + b"".join(v for _, v in r.headers) for r in records)
    assert client_id.encode() in on_kafka  # pseudonymous, and only because the client consented
    personal = [person["first_name"], "Pöyhönen", person["personal_identity_code"], "765 4321", "kerttu@",
                "Testikatu"]
    for secret in [*personal, "Olohuone", "Kuusikko", "WEDNESDAY", "compensation"]:
        assert secret.encode() not in on_kafka, secret
    # Times and amounts are searched among the payload values (a timestamp may hold any digits).
    values = [v for r in records for v in leaves(json.loads(r.value)["payload"])]
    assert not [v for v in values if str(v) in ("09:15", "15:45", "9.37", "937")], values
    in_store = await raw_store(stack, settings.database_schema)
    for secret in personal:  # intake's personal data never reaches meetingplace at all
        assert secret.encode() not in in_store, secret


def leaves(node):
    if isinstance(node, dict):
        for value in node.values():
            yield from leaves(value)
    elif isinstance(node, list):
        for value in node:
            yield from leaves(value)
    else:
        yield node
