"""Identified participation follows intake's consents, over Kafka and in-process: refused without consent,
accepted with it, refused after withdrawal; a sensitive activity never links anyone."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from ..conftest import BOTH_TRANSPORTS
from .conftest import PLACE, WORKER

pytestmark = [pytest.mark.e2e, pytest.mark.kafka, pytest.mark.postgres, BOTH_TRANSPORTS]
CONSENT = {"parties": ["MEETING_PLACE"], "purposes": ["PARTICIPATION_RECORDING"], "form": "WRITTEN"}


async def test_an_identified_visit_is_refused_without_consent_accepted_with_it_refused_after_withdrawal(
    start_intake, start_meetingplace, auth_header, registration_body, consumed
):
    today = date.today()
    staff, intake_worker = auth_header(WORKER), auth_header("intake_worker")
    async with start_intake() as intake, start_meetingplace() as mp:
        place = (await mp.http.post("/meeting-places", json=PLACE, headers=staff)).json()["id"]
        client_id = (await intake.http.post("/clients", json=registration_body(),
                                            headers=intake_worker)).json()["client_id"]

        def visit(slot: str, day: date = today):
            return mp.http.post(f"/meeting-places/{place}/identified-visits", headers=staff,
                                json={"client_id": client_id, "visit_date": day.isoformat(), "time_slot": slot})

        await consumed(intake)
        without = await visit("MORNING")
        consent = await intake.http.post(f"/clients/{client_id}/consents", json=CONSENT, headers=intake_worker)
        await consumed(intake)
        accepted = await visit("MORNING")
        withdrawal = await intake.http.post(
            f"/clients/{client_id}/consents/{consent.json()['id']}/withdrawal", json={}, headers=intake_worker)
        await consumed(intake)
        after = await visit("EVENING")
        yesterday = await visit("EVENING", today - timedelta(days=1))

    assert (without.status_code, without.json()["error"]["code"]) == (409, "consent_missing")
    assert (consent.status_code, accepted.status_code, withdrawal.status_code) == (201, 201, 204)
    assert (after.status_code, after.json()["error"]["code"]) == (409, "consent_missing")
    # The consent was given today: a visit yesterday was never covered by it.
    assert yesterday.status_code == 409


async def test_a_sensitive_activity_refuses_a_consenting_client_and_keeps_its_headcount(
    start_intake, start_meetingplace, auth_header, registration_body, consumed
):
    staff, intake_worker = auth_header(WORKER), auth_header("intake_worker")
    today = date.today().isoformat()
    async with start_intake() as intake, start_meetingplace() as mp:
        place = (await mp.http.post("/meeting-places", json=PLACE, headers=staff)).json()["id"]
        client_id = (await intake.http.post("/clients", json=registration_body(),
                                            headers=intake_worker)).json()["client_id"]
        await intake.http.post(f"/clients/{client_id}/consents", json=CONSENT, headers=intake_worker)
        await consumed(intake)
        group = (await mp.http.post("/activities", headers=staff, json={
            "activity_type": "CLOSED_GROUP", "theme": "COMMUNITY_AND_NEIGHBOURHOOD", "organisers": ["PROJECT"],
            "planned_on": today, "sensitive_membership": True, "meeting_place_id": place})).json()["id"]
        held = await mp.http.post(f"/activities/{group}/held", headers=staff, json={
            "started_at": f"{today}T00:00:00+00:00", "duration_min": 90, "attendee_count": 5})
        linked = await mp.http.post(f"/activities/{group}/participations", headers=staff,
                                    json={"participants": [{"client_id": client_id, "attended": True}]})
        listed = await mp.http.get(f"/activities/{group}/participations", headers=staff)

    assert held.status_code == 200 and held.json()["attendee_count"] == 5
    assert linked.status_code == 422
    assert "headcounts only" in linked.json()["error"]["fields"][0]["message"]
    assert listed.json()["participants"] == []
