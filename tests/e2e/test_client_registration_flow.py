"""Registrations over HTTP reach reporting's indicator exactly once, whatever happens between."""

from __future__ import annotations

import asyncio

import pytest

from kohtaamo.contracts import topics
from kohtaamo.servicekit.relay import OutboxRelay

from .conftest import E2E_PROJECT, exact_count

pytestmark = [pytest.mark.e2e, pytest.mark.kafka, pytest.mark.postgres]


async def register(intake, auth_header, registration_body, n: int) -> list[str]:
    ids = []
    for _ in range(n):
        response = await intake.http.post(
            "/clients", json=registration_body(), headers=auth_header("intake_worker")
        )
        assert response.status_code == 201, response.text
        ids.append(response.json()["client_id"])
    return ids


def indicator(reporting, auth_header):
    async def probe() -> int:
        # The figure is published (5 and more shown as they are); the exact count behind it
        # is read from the engine, since 1-4 would show as <5.
        before = await exact_count(reporting)
        response = await reporting.http.get(
            "/indicators/clients-registered", params={"project": E2E_PROJECT, "period": "window"},
            headers=auth_header("manager"),
        )
        assert response.status_code == 200, response.text
        body = response.json()
        assert body["code"] == "clients-registered"
        after = await exact_count(reporting)
        shown = body["value"]
        # Suppressed means 1-4 at the moment of the request, so before it too (a batch can
        # take the count past 5 between the request and the second exact read).
        assert (shown is None and before < 5) or before <= shown <= after, (before, shown, after)
        return after

    return probe


async def test_twenty_five_registrations_are_reported_as_twenty_five(
    start_intake, reporting, auth_header, registration_body, eventually, settle, kafka, kafka_settings
):
    async with start_intake() as intake:
        ids = await register(intake, auth_header, registration_body, 25)

        await settle(intake)
        value = await indicator(reporting, auth_header)()

    assert value == 25
    records = await kafka.read_all(kafka_settings.topic(topics.INTAKE_CLIENTS))
    assert sorted(r.key.decode() for r in records) == sorted(ids)
    assert all(dict(r.headers)["event_type"] == b"intake.ClientRegistered" for r in records)


async def test_a_message_delivered_again_still_counts_once(
    start_intake, reporting, auth_header, registration_body, eventually, settle, kafka, kafka_settings
):
    topic = kafka_settings.topic(topics.INTAKE_CLIENTS)
    async with start_intake() as intake:
        await register(intake, auth_header, registration_body, 3)
        await eventually(indicator(reporting, auth_header), until=lambda v: v == 3)
        original = (await kafka.read_all(topic))[0]

        await kafka.produce(topic, original.value, key=original.key)
        await eventually(lambda: kafka.lag(kafka_settings.topic("reporting"), topic),
                         until=lambda lag: lag == 0)

        assert await indicator(reporting, auth_header)() == 3
        assert len(await kafka.read_all(topic)) == 4  # the duplicate really was delivered


async def test_a_relay_stopped_midway_and_restarted_publishes_the_rest_exactly_once(
    start_intake, reporting, auth_header, registration_body, eventually, settle, kafka, kafka_settings
):
    async with start_intake(relay=False) as intake:
        await register(intake, auth_header, registration_body, 25)
        relay: OutboxRelay = intake.app.state.relay

        # 25 clients are 50 notifications (client + identity claim); stop after 20.
        assert await relay.publish_pending(limit=20) == 20
        await eventually(indicator(reporting, auth_header), until=lambda v: v == 10)

        restarted = asyncio.create_task(relay.run())
        try:
            await settle(intake)
            value = await indicator(reporting, auth_header)()
        finally:
            restarted.cancel()

    assert value == 25


async def test_a_relay_crash_before_saving_its_position_republishes_without_double_counting(
    start_intake, reporting, auth_header, registration_body, eventually, settle, kafka, kafka_settings
):
    async with start_intake(relay=False) as intake:
        await register(intake, auth_header, registration_body, 5)
        components = intake.app.state.components

        class CrashingPositions:
            def max_tracking_id(self, name):
                return None

            def insert_tracking(self, tracking):
                raise ConnectionError("crashed after publishing, before saving the position")

        crashing = OutboxRelay(
            name=components.relay.name, app=components.app.store, translate=components.relay._translate,
            broker=components.broker, kafka=kafka_settings, positions=CrashingPositions(),
        )
        with pytest.raises(ConnectionError):
            await crashing.publish_pending()

        assert await components.relay.publish_pending() == 10  # everything again
        topic = kafka_settings.topic(topics.INTAKE_CLIENTS)
        await eventually(lambda: kafka.lag(kafka_settings.topic("reporting"), topic),
                         until=lambda lag: lag == 0)

    assert len(await kafka.read_all(topic)) == 10  # each event was published twice
    assert await indicator(reporting, auth_header)() == 5


async def test_a_poison_message_is_dead_lettered_and_the_next_good_one_still_counts(
    start_intake, reporting, auth_header, registration_body, eventually, settle, kafka, kafka_settings
):
    topic = kafka_settings.topic(topics.INTAKE_CLIENTS)
    async with start_intake() as intake:
        client_ids = await register(intake, auth_header, registration_body, 1)
        await eventually(indicator(reporting, auth_header), until=lambda v: v == 1)

        # Same key as the next good message: same partition, so it is consumed first.
        await kafka.produce(topic, b'{"event_type": "intake.ClientRegistered", "oops": 1}',
                            key=client_ids[0].encode())
        await kafka.produce(topic, b"\x00 not json at all", key=client_ids[0].encode())
        await register(intake, auth_header, registration_body, 1)

        await settle(intake)
        value = await indicator(reporting, auth_header)()
        dead = await eventually(lambda: kafka.read_all(topics.dead_letter(topic)),
                                until=lambda records: len(records) >= 2)
        poison_offsets = sorted(r.offset for r in await kafka.read_all(topic) if b"oops" in r.value or b"\x00" in r.value)

    assert value == 2
    reasons = sorted(dict(r.headers)["error_kind"].decode() for r in dead)
    assert reasons == ["malformed", "malformed"]
    assert any(b"schema_version" in dict(r.headers)["error"] for r in dead)
    assert {r.value for r in dead} == {
        b'{"event_type": "intake.ClientRegistered", "oops": 1}', b"\x00 not json at all"
    }
    assert sorted(int(dict(r.headers)["source_offset"]) for r in dead) == poison_offsets
    assert len(dead) == 2  # nothing else was parked


async def test_reporting_restarted_mid_stream_ends_at_exactly_the_right_count(
    start_intake, start_reporting, auth_header, registration_body, eventually, settle, kafka, kafka_settings
):
    async with start_intake() as intake:
        async with start_reporting() as first:
            await register(intake, auth_header, registration_body, 10)
            await eventually(indicator(first, auth_header), until=lambda v: v >= 1)
        # Reporting is down while more clients arrive; some of the first ten may not be in yet.
        await register(intake, auth_header, registration_body, 10)

        async with start_reporting() as second:
            await settle(intake)
            value = await indicator(second, auth_header)()

    assert value == 20
