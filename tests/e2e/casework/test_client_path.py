"""One client's path from registration in intake to the end of the relationship in casework,
over HTTP and the real Kafka and PostgreSQL: casework's events arrive in order for the client,
parse with the registry, and carry nothing private."""

from __future__ import annotations

from datetime import date, timedelta

import asyncpg
import pytest

from kohtaamo.contracts import topics
from kohtaamo.contracts.casework import v1

from ..conftest import PLANTED
from .conftest import on

pytestmark = [pytest.mark.e2e, pytest.mark.kafka, pytest.mark.postgres]

NOTES = "Asunnon kosteusvaurio, kertoi huolestaan"
GOAL = "Löytää oma asunto ja päästä kuntouttavaan työtoimintaan"
ABSENCE = "Flunssa, lääkärintodistus"
PLANTED.update({NOTES, GOAL, ABSENCE})  # free text: sealed at rest, never in the clear
START = date.today() - timedelta(days=120)


def day(n: int) -> str:
    return on(START + timedelta(days=n))


async def raw_rows(stack, schema: str) -> bytes:
    conn = await asyncpg.connect(stack.database_url)
    try:
        tables = await conn.fetch("SELECT table_name FROM information_schema.tables WHERE table_schema = $1", schema)
        dumped = []
        for t in tables:
            for row in await conn.fetch(f'SELECT * FROM "{schema}"."{t["table_name"]}"'):
                dumped.append(repr(tuple(row)).encode())
                dumped.extend(bytes(v) for v in row.values() if isinstance(v, bytes | memoryview))
        return b"\n".join(dumped)
    finally:
        await conn.close()


async def test_a_clients_whole_path_reaches_kafka_in_order_with_nothing_private(
    start_intake, start_casework, registration_body, auth_header, staff_header, file_opened,
    casework_settled, published, kafka, kafka_settings, stack, casework_schema,
):
    intake_worker, cw = auth_header("intake_worker"), staff_header("caseworker")
    async with start_intake() as intake, start_casework() as casework:
        registered = await intake.http.post("/clients", json=registration_body(registered_on=on(START)),
                                            headers=intake_worker)
        client_id = registered.json()["client_id"]
        opened = await file_opened(casework, client_id)
        http = casework.http
        base = f"/clients/{client_id}"

        async def ok(path, body, status=201):
            response = await http.post(base + path, json=body, headers=cw)
            assert response.status_code == status, f"{path}: {response.text}"
            return response.json() if response.content else None

        await ok("/responsible-worker", {"role": "SOCIAL_COUNSELLOR", "worker_model": "OWN_WORKER",
                                         "allocation_basis": "AREA", "assigned_on": day(1)}, status=200)
        await ok("/appointments", {"kind": "HOME_VISIT", "channel": "FACE_TO_FACE", "held_on": day(5),
                                   "participant_roles": ["SOCIAL_COUNSELLOR"], "duration_min": 60, "notes": NOTES})
        plan = await ok("/plans", {"plan_type": "WORK_ACTIVITY_PLAN", "agreed_on": day(10),
                                   "participant_roles": ["SOCIAL_COUNSELLOR", "KUTY_ORGANISER_REP"],
                                   "goals": [{"domain": "WORK", "text": GOAL}], "review_due_on": day(190)})
        referral = {"referred_on": day(12), "referring_role": "SOCIAL_COUNSELLOR", "target": "UNEMPLOYED_NURSE",
                    "service_type": "HEALTH_CHECK", "reason": "HEALTH_CHECK", "basis": "CONSENT"}
        refused = await http.post(base + "/referrals", json=referral, headers=cw)
        assert refused.status_code == 409 and refused.json()["error"]["party"] == "UNEMPLOYED_NURSE"
        consent = await intake.http.post(f"/clients/{client_id}/consents", headers=intake_worker, json={
            "parties": ["UNEMPLOYED_NURSE"], "purposes": ["REFERRAL"], "form": "WRITTEN", "given_on": day(11)})
        assert consent.status_code == 201, consent.text
        await casework_settled(casework)
        made = await ok("/referrals", referral)
        await ok("/services", {"service_type": "GROUP_COACHING", "provider": "OWN_ORGANISATION",
                               "provided_on": day(15), "quantity": 2, "unit": "SESSION"})
        contract = await ok("/work-activity-contracts", {
            "plan_id": plan["id"], "placement_id": "0b0e8b6e-61b5-4b5e-9a53-4f0c0b1c2d3e", "organiser_kind": "NGO",
            "form": "GROUP", "signed_on": day(20), "planned_start_on": day(21), "planned_end_on": day(100),
            "days_per_week": 2, "hours_per_day": 4, "task_areas": ["KITCHEN"], "mid_review_due_on": day(60)})
        period = await ok("/work-activities", {"contract_id": contract["contract_id"], "started_on": day(21)})
        kuty = f"/work-activities/{period['id']}"
        await ok(kuty + "/attendance", {"period_start": day(21), "period_end": day(34), "days_attended": 4,
                                        "hours_attended": 15.5, "recorded_by_role": "KUTY_ORGANISER_REP"}, 204)
        await ok(kuty + "/absences", {"absent_from": day(35), "absent_until": day(36), "category": "SICKNESS",
                                      "reported_by_client_at": f"{day(35)}T07:30:00+02:00",
                                      "counsellor_notified_at": f"{day(35)}T09:00:00+02:00", "notes": ABSENCE}, 204)
        await ok(kuty + "/mid-review", {"reviewed_on": day(60), "feedback_given": True, "self_assessment_done": True,
                                        "goals_reviewed": True, "decision": "CONTINUE"}, 204)
        await ok(kuty + "/end", {"ended_on": day(90), "end_type": "COMPLETED", "end_reasons": ["PLANNED_END"],
                                 "end_evaluation_done": True, "self_assessment_done": True}, 204)
        await ok("/transitions", {"transition_on": day(91), "destination": "WAGE_SUBSIDISED_EMPLOYMENT",
                                  "source": "KUTY_END", "work_activity_id": period["id"]})
        await ok("/relationship-end", {"ended_on": day(100), "reason": "GOALS_MET"}, 204)
        await casework_settled(casework)
        summary = (await http.get(base, headers=staff_header("manager", sub="boss"))).json()

    assert opened["status"] == "open" and summary["status"] == "ended"
    assert made["consent_id"] == consent.json()["id"]
    events = await published(client_id, {topics.CASEWORK_CLIENTS: 7, topics.CASEWORK_WORK_ACTIVITIES: 6})
    clients, kuty_events = events[topics.CASEWORK_CLIENTS], events[topics.CASEWORK_WORK_ACTIVITIES]
    assert [type(e.payload) for e in clients] == [
        v1.ResponsibleWorkerAssigned, v1.AppointmentHeld, v1.PlanAgreed, v1.ReferralMade, v1.ServiceProvided,
        v1.TransitionRecorded, v1.ClientRelationshipEnded]
    assert [type(e.payload) for e in kuty_events] == [
        v1.WorkActivityContractSigned, v1.WorkActivityStarted, v1.WorkActivityAttendanceRecorded,
        v1.WorkActivityAbsenceReported, v1.WorkActivityMidReviewed, v1.WorkActivityEnded]
    every = clients + kuty_events
    assert {(str(e.subject_id), e.organisation_id, e.project_id, e.producer) for e in every} == {
        (client_id, "091", "E2E", "casework")}
    assert [e.occurred_at.date() for e in clients] == sorted(e.occurred_at.date() for e in clients)
    assert all(e.recorded_at.date() == date.today() for e in every)  # history recorded today
    assert clients[1].occurred_at.date() == START + timedelta(days=5)  # the day it happened

    records = [r for t in topics.ALL for r in await kafka.read_all(kafka_settings.topic(t))]
    on_kafka = b"".join(r.value + (r.key or b"") + b"".join(v for _, v in r.headers) for r in records)
    in_store = await raw_rows(stack, casework_schema)
    for secret in (NOTES, GOAL, ABSENCE, "cw-1"):
        assert secret.encode() not in on_kafka, secret
    for secret in (NOTES, GOAL, ABSENCE):
        assert secret.encode() not in in_store, secret


async def test_a_referral_is_refused_again_after_the_consent_is_withdrawn_in_intake(
    start_intake, start_casework, registration_body, auth_header, staff_header, file_opened, casework_settled,
):
    intake_worker, cw = auth_header("intake_worker"), staff_header("caseworker")
    async with start_intake() as intake, start_casework() as casework:
        client_id = (await intake.http.post("/clients", json=registration_body(registered_on=on(START)),
                                            headers=intake_worker)).json()["client_id"]
        await file_opened(casework, client_id)
        await casework.http.post(f"/clients/{client_id}/responsible-worker", headers=cw, json={
            "role": "SOCIAL_WORKER", "worker_model": "OWN_WORKER", "allocation_basis": "AGE", "assigned_on": day(0)})
        consent = await intake.http.post(f"/clients/{client_id}/consents", headers=intake_worker, json={
            "parties": ["KELA", "TE_OFFICE"], "purposes": ["REFERRAL"], "form": "WRITTEN", "given_on": day(1)})
        await casework_settled(casework)
        referral = {"referred_on": day(2), "referring_role": "SOCIAL_WORKER", "target": "KELA",
                    "reason": "REHABILITATION", "basis": "CONSENT"}
        allowed = await casework.http.post(f"/clients/{client_id}/referrals", json=referral, headers=cw)
        withdrawn = await intake.http.post(f"/clients/{client_id}/consents/{consent.json()['id']}/withdrawal",
                                           headers=intake_worker, json={"withdrawn_on": day(3), "parties": ["KELA"]})
        await casework_settled(casework)
        again = await casework.http.post(f"/clients/{client_id}/referrals", json={**referral, "referred_on": day(4)},
                                         headers=cw)
        te_office = await casework.http.post(f"/clients/{client_id}/referrals", headers=cw,
                                             json={**referral, "referred_on": day(4), "target": "TE_OFFICE"})

    assert (allowed.status_code, withdrawn.status_code) == (201, 204)
    assert again.status_code == 409
    assert (again.json()["error"]["party"], again.json()["error"]["purpose"]) == ("KELA", "REFERRAL")
    assert te_office.status_code == 201  # the withdrawal named KELA only
