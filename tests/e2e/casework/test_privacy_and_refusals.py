"""Erasure in intake reaches casework; attendance beyond the contract stores and publishes
nothing; another organisation's staff find nothing — on the real Kafka and PostgreSQL."""

from __future__ import annotations

from datetime import date, timedelta
from uuid import UUID

import asyncpg
import pytest

from kohtaamo.contracts import topics

from ..conftest import PLANTED
from .conftest import CASEWORK_TOPICS, on

pytestmark = [pytest.mark.e2e, pytest.mark.kafka, pytest.mark.postgres]

START = date.today() - timedelta(days=60)
NOTES = "Kertoi mielialan laskusta"
PLANTED.add(NOTES)  # free text: sealed at rest, never in the clear


def day(n: int) -> str:
    return on(START + timedelta(days=n))


@pytest.fixture
def own_client(auth_header, registration_body, staff_header, file_opened):
    """``await own_client(intake, casework)`` -> a client of caseworker cw-1, with a visit
    (private notes) and a started kuty period, 2 days a week: (client id, period id)."""

    async def make(intake, casework) -> tuple[str, str]:
        client_id = (await intake.http.post("/clients", json=registration_body(registered_on=day(0)),
                                            headers=auth_header("intake_worker"))).json()["client_id"]
        await file_opened(casework, client_id)
        cw, base = staff_header("caseworker"), f"/clients/{client_id}"
        steps = [
            ("/responsible-worker", {"role": "SOCIAL_COUNSELLOR", "worker_model": "OWN_WORKER",
                                     "allocation_basis": "AREA", "assigned_on": day(1)}),
            ("/appointments", {"kind": "OFFICE", "channel": "FACE_TO_FACE", "held_on": day(2),
                               "participant_roles": ["SOCIAL_COUNSELLOR"], "notes": NOTES}),
            ("/plans", {"plan_type": "WORK_ACTIVITY_PLAN", "agreed_on": day(3), "participant_roles": ["SOCIAL_COUNSELLOR"],
                        "review_due_on": day(200)}),
        ]
        answers = []
        for path, body in steps:
            response = await casework.http.post(base + path, json=body, headers=cw)
            assert response.status_code in (200, 201), response.text
            answers.append(response.json())
        contract = await casework.http.post(base + "/work-activity-contracts", headers=cw, json={
            "plan_id": answers[2]["id"], "placement_id": "5f2b7c1e-0f57-4d8e-8a7e-3c1d2b4a5e6f",
            "organiser_kind": "MEETING_PLACE", "form": "INDIVIDUAL", "signed_on": day(4), "planned_start_on": day(7),
            "planned_end_on": day(120), "days_per_week": 2, "hours_per_day": 6})
        period = await casework.http.post(base + "/work-activities", headers=cw, json={
            "contract_id": contract.json()["contract_id"], "started_on": day(7)})
        assert period.status_code == 201, period.text
        return client_id, period.json()["id"]

    return make


async def casework_records(kafka, kafka_settings) -> int:
    counts = [len(await kafka.read_all(kafka_settings.topic(t))) for t in CASEWORK_TOPICS]
    return sum(counts)


async def test_attendance_beyond_the_contract_is_refused_with_nothing_stored_or_published(
    start_intake, start_casework, own_client, staff_header, casework_settled, kafka, kafka_settings, eventually,
):
    async with start_intake() as intake, start_casework() as casework:
        client_id, period_id = await own_client(intake, casework)
        await casework_settled(casework)
        store = casework.app.state.casework.store
        published = await eventually(lambda: casework_records(kafka, kafka_settings), until=lambda n: n == 5)  # assigned, visit, plan, contract, start
        stored = store.recorder.max_notification_id()

        refused = await casework.http.post(
            f"/clients/{client_id}/work-activities/{period_id}/attendance", headers=staff_header("caseworker"),
            json={"period_start": day(7), "period_end": day(13), "days_attended": 3, "hours_attended": 18,
                  "recorded_by_role": "KUTY_ORGANISER_REP"})
        await casework_settled(casework)

        assert refused.status_code == 422
        assert [f["field"] for f in refused.json()["error"]["fields"]] == ["days_attended"]
        assert "2 days a week" in refused.json()["error"]["fields"][0]["message"]
        assert store.recorder.max_notification_id() == stored
        assert await casework_records(kafka, kafka_settings) == published


async def test_an_erasure_in_intake_makes_casework_text_unreadable_and_closes_the_file(
    start_intake, start_casework, own_client, auth_header, staff_header, casework_settled, file_opened,
    kafka, kafka_settings, eventually, stack, casework_schema,
):
    cw = staff_header("caseworker")
    async with start_intake() as intake, start_casework() as casework:
        client_id, _ = await own_client(intake, casework)
        before = await casework.http.get(f"/clients/{client_id}/appointments?purpose=CLIENT_WORK", headers=cw)
        await casework_settled(casework)
        published = await eventually(lambda: casework_records(kafka, kafka_settings), until=lambda n: n == 5)  # assigned, visit, plan, contract, start

        erased = await intake.http.post(f"/clients/{client_id}/erasure", headers=auth_header("data_protection_officer"),
                                        json={"reason": "DATA_SUBJECT_REQUEST"})
        summary = await eventually(
            lambda: casework.http.get(f"/clients/{client_id}", headers=staff_header("manager", sub="boss")),
            until=lambda r: r.json()["status"] == "erased")
        after = await casework.http.get(f"/clients/{client_id}/appointments?purpose=CLIENT_WORK", headers=cw)
        recording = await casework.http.post(f"/clients/{client_id}/services", headers=cw, json={
            "service_type": "DAY_ACTIVITY", "provider": "MEETING_PLACE", "provided_on": day(9),
            "quantity": 1, "unit": "SESSION"})
        await casework_settled(casework)
        still_published = await casework_records(kafka, kafka_settings)

    assert erased.status_code == 200
    assert before.json()["appointments"][0]["notes"] == NOTES
    assert after.status_code == 410 and after.json()["error"]["code"] == "client_erased"
    assert recording.status_code == 410
    assert summary.json()["appointments"] == 1  # the pseudonymous record stays
    assert still_published == published  # and so do its events on Kafka
    conn = await asyncpg.connect(stack.database_url)
    try:
        key = await conn.fetchrow(f'SELECT wrapped_key, destroyed_at FROM "{casework_schema}".casework_subject_keys '
                                  "WHERE subject_id = $1", UUID(client_id))
    finally:
        await conn.close()
    assert key["wrapped_key"] is None and key["destroyed_at"] is not None


async def test_another_organisations_staff_find_nothing(
    start_intake, start_casework, own_client, staff_header,
):
    async with start_intake() as intake, start_casework() as casework:
        client_id, period_id = await own_client(intake, casework)
        other = {"org": "837"}
        answers = [
            await casework.http.get(f"/clients/{client_id}", headers=staff_header("manager", **other)),
            await casework.http.get(f"/clients/{client_id}/plans?purpose=CLIENT_PLAN", headers=staff_header("caseworker", **other)),
            await casework.http.post(f"/clients/{client_id}/work-activities/{period_id}/absences",
                                     headers=staff_header("caseworker", **other),
                                     json={"absent_from": day(8), "absent_until": day(8), "category": "OTHER"}),
        ]
        theirs = await casework.http.get("/caseloads/without-worker", headers=staff_header("manager", **other))

    assert [a.status_code for a in answers] == [404, 404, 404]
    assert theirs.json() == {"clients": [], "count": 0}
