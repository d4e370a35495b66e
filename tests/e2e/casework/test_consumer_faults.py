"""Intake's events on the real Kafka and on the in-process transport: a redelivery changes nothing, a restart mid-stream ends
in the same state as a run straight through, a message casework cannot apply is
dead-lettered with its reason and the rest goes on."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from kohtaamo.casework.domain.case_file import CaseFile
from kohtaamo.contracts import examples, topics

from ..conftest import BOTH_TRANSPORTS
from .conftest import on

pytestmark = [pytest.mark.e2e, pytest.mark.kafka, pytest.mark.postgres, BOTH_TRANSPORTS]

START = date.today() - timedelta(days=30)


async def register_with_consent(intake, auth_header, registration_body) -> tuple[str, str]:
    worker = auth_header("intake_worker")
    client_id = (await intake.http.post("/clients", json=registration_body(registered_on=on(START)),
                                        headers=worker)).json()["client_id"]
    consent = await intake.http.post(f"/clients/{client_id}/consents", headers=worker, json={
        "parties": ["KELA", "TE_OFFICE"], "purposes": ["REFERRAL"], "form": "WRITTEN", "given_on": on(START)})
    return client_id, consent.json()["id"]


def state_of(casework) -> dict[str, tuple]:
    """Each file as casework holds it: status, registration, the consent view."""
    store = casework.app.state.casework.store
    files = {}
    for n in store.recorder.select_notifications(start=None, limit=10**6):
        if n.topic.endswith("CaseFile.Opened"):
            file: CaseFile = store.repository.get(n.originator_id)
            files[str(file.id)] = (file.status, file.registered_on, file.version,
                                   sorted((str(c.consent_id), c.parties, c.withdrawn) for c in file.consents.values()))
    return files


async def test_a_redelivered_intake_event_changes_nothing(
    start_intake, start_casework, registration_body, auth_header, casework_settled, bus, eventually,
):
    topic = topics.INTAKE_CLIENTS
    async with start_intake() as intake, start_casework() as casework:
        await register_with_consent(intake, auth_header, registration_body)
        await casework_settled(casework)
        store = casework.app.state.casework.store
        before, files = store.recorder.max_notification_id(), state_of(casework)
        records = await eventually(lambda: bus.records(topic), until=lambda r: len(r) == 2)

        for record in records:  # both again, as a relay re-publishing after a crash would
            await bus.produce(topic, record.value, key=record.key)
        await casework_settled(casework)

        if bus.on_kafka:  # in-process, the copies are handed to the handler, not stored
            assert len(await bus.records(topic)) == 4  # the copies really were delivered
        assert store.recorder.max_notification_id() == before
        assert state_of(casework) == files


async def test_casework_restarted_mid_stream_ends_as_a_run_straight_through(
    start_intake, start_casework, casework_settings, new_schema, registration_body, auth_header, casework_settled,
):
    worker = auth_header("intake_worker")
    async with start_intake() as intake:
        first = [await register_with_consent(intake, auth_header, registration_body) for _ in range(3)]
        async with start_casework() as casework:
            await casework_settled(casework)
            assert len(state_of(casework)) == 3
        # While casework is down, intake goes on.
        later = [await register_with_consent(intake, auth_header, registration_body) for _ in range(3)]
        withdrawn = await intake.http.post(f"/clients/{first[0][0]}/consents/{first[0][1]}/withdrawal",
                                           headers=worker, json={"withdrawn_on": on(START + timedelta(days=2))})
        assert withdrawn.status_code == 204
        async with start_casework() as restarted:
            await casework_settled(restarted)
            after_restart = state_of(restarted)
        fresh = casework_settings.model_copy(update={
            "database_schema": await new_schema(), "consumer_group": "casework-straight",
            "keyring_path": casework_settings.keyring_path.with_name("straight.keyring")})
        async with start_casework(fresh) as straight:
            await casework_settled(straight)
            straight_through = state_of(straight)

    assert set(after_restart) == {c for c, _ in first + later}
    assert after_restart == straight_through
    assert after_restart[first[0][0]][3][0][2] != ()  # the withdrawal reached the consent view


async def test_an_event_casework_cannot_apply_is_dead_lettered_and_the_rest_goes_on(
    start_intake, start_casework, registration_body, auth_header, casework_settled, bus, eventually,
):
    stranger = examples.envelope(examples.consent_recorded(client_id=examples.uid("never-registered")),
                                 organisation_id="091")
    async with start_intake() as intake, start_casework() as casework:
        await bus.produce(topics.INTAKE_CLIENTS, stranger.to_bytes(), key=str(stranger.subject_id))
        client_id, _ = await register_with_consent(intake, auth_header, registration_body)
        await casework_settled(casework)
        parked = await eventually(lambda: bus.dead_letters(topics.INTAKE_CLIENTS), until=lambda r: len(r) == 1)
        files = state_of(casework)

    assert parked[0].value == stranger.to_bytes()
    assert "no file for client" in parked[0].error and parked[0].error_kind == "unprocessable"
    assert client_id in files
