"""A stored event that its contract refuses stops intake's outbox visibly, never silently,
and a restart after the fix publishes it and everything behind it, in order."""

from __future__ import annotations

from datetime import date
from uuid import UUID

import pytest

from kohtaamo.contracts import default_registry, topics
from kohtaamo.contracts.intake import v1
from kohtaamo.intake.application import publishing

from .conftest import E2E_PROJECT, exact_count

pytestmark = [pytest.mark.e2e, pytest.mark.kafka, pytest.mark.postgres]


async def register(intake, auth_header, registration_body) -> str:
    response = await intake.http.post("/clients", json=registration_body(), headers=auth_header("intake_worker"))
    assert response.status_code == 201, response.text
    return response.json()["client_id"]


async def test_an_untranslatable_event_halts_the_outbox_and_a_fixed_restart_resumes_from_it(
    start_intake, reporting, auth_header, registration_body, kafka, kafka_settings, eventually, settle,
    monkeypatch,
):
    topic = kafka_settings.topic(topics.INTAKE_CLIENTS)
    async with start_intake() as intake:
        first, second = [await register(intake, auth_header, registration_body) for _ in range(2)]
        await settle(intake)
        # A defect: an event stored past the domain's rules, which the contract refuses.
        store = intake.app.state.intake.store
        client = store.repository.get(UUID(first))
        client._voided(reason="DUPLICATE", voided_on=date(2026, 11, 30), duplicate_of=client.id)
        store.save(client)
        bad = store.recorder.max_notification_id()
        third = await register(intake, auth_header, registration_body)

        health = await eventually(lambda: intake.http.get("/health"),
                                  until=lambda r: r.json()["status"] == "degraded")
        published_while_halted = [r.key.decode() for r in await kafka.read_all(topic)]

    outbox = health.json()["components"]["outbox"]
    assert (outbox["state"], outbox["halted_at_notification"]) == ("halted", bad)
    assert "duplicate of itself" in outbox["reason"]
    assert published_while_halted == [first, second]  # the third waits behind the bad event

    real_translate = publishing.translate

    def fixed(e):  # the fix: such a voiding goes out without the impossible reference
        if isinstance(e, type(client).Voided) and e.duplicate_of == e.originator_id:
            return v1.ClientRegistrationVoided(client_id=e.originator_id, voided_on=e.voided_on,
                                               reason="RECORDED_IN_ERROR"), publishing.start_of(e.voided_on)
        return real_translate(e)

    monkeypatch.setattr(publishing, "translate", fixed)
    async with start_intake() as restarted:
        await settle(restarted)
        after = (await restarted.http.get("/health")).json()
        shown = (await reporting.http.get("/indicators/clients-registered", headers=auth_header("manager"),
                                          params={"project": E2E_PROJECT, "period": "window"})).json()
        count = await exact_count(reporting)  # 1-4 publish as <5

    records = await kafka.read_all(topic)
    events = [(type(default_registry().parse(r.value).payload).__name__, r.key.decode()) for r in records]
    assert sorted(events) == sorted([
        ("ClientRegistered", first), ("ClientRegistered", second),
        ("ClientRegistrationVoided", first), ("ClientRegistered", third),
    ])
    # Kafka orders per key: the first client's voiding follows its registration.
    assert [name for name, key in events if key == first] == ["ClientRegistered", "ClientRegistrationVoided"]
    assert after["status"] == "ok" and after["components"]["outbox"]["lag"] == 0
    assert count == 2 and shown["shown"] == "<5"  # second and third; the first was voided
