"""Casework (with intake) as real apps in this process, on the real Kafka and PostgreSQL."""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from datetime import date
from typing import Any
from uuid import UUID

import pytest

from kohtaamo.casework.bootstrap import create_app as create_casework
from kohtaamo.casework.settings import CaseworkSettings
from kohtaamo.contracts import default_registry, topics
from kohtaamo.servicekit.auth import issue_token
from kohtaamo.servicekit.settings import AuthSettings

from ..conftest import Running, serve
from ..conftest import on as on_transport

CASEWORK_TOPICS = (topics.CASEWORK_CLIENTS, topics.CASEWORK_WORK_ACTIVITIES)


@pytest.fixture
async def casework_schema(new_schema) -> str:
    """Casework's own schema: each service owns its tables."""
    return await new_schema()


@pytest.fixture
def casework_settings(stack, casework_schema, kafka_settings, tmp_path) -> CaseworkSettings:
    return CaseworkSettings(database_url=stack.database_url, database_schema=casework_schema,
                            kafka=kafka_settings, keyring_path=tmp_path / "casework.keyring")


@pytest.fixture
def start_casework(casework_settings, inprocess):
    """``async with start_casework() as casework:`` — start (or restart) casework, on the
    test's transport."""

    def start(settings: CaseworkSettings | None = None, **options: Any) -> contextlib.AbstractAsyncContextManager[Running]:
        return serve(create_casework(settings or casework_settings, **on_transport(inprocess), **options), "casework")

    return start


@pytest.fixture
def staff_header() -> Callable[..., dict[str, str]]:
    """``staff_header("caseworker", sub="cw-1", team="team-a")`` -> an Authorization header."""

    def make(*roles: str, sub: str = "cw-1", team: str | None = "team-a", org: str = "091") -> dict[str, str]:
        token = issue_token(AuthSettings(), sub=sub, roles=roles or ("caseworker",), org=org, team=team)
        return {"Authorization": f"Bearer {token}"}

    return make


@pytest.fixture
def file_opened(eventually, staff_header):
    """``await file_opened(casework, client_id)``: wait until casework has consumed the
    client's registration (the file answers to its manager)."""

    async def wait(casework: Running, client_id: str) -> dict[str, Any]:
        response = await eventually(
            lambda: casework.http.get(f"/clients/{client_id}", headers=staff_header("manager", sub="boss")),
            until=lambda r: r.status_code == 200)
        return response.json()

    return wait


@pytest.fixture
def casework_settled(eventually, bus):
    """``await casework_settled(casework)``: casework's outbox is published and its group
    has consumed intake's whole topic (on either transport)."""

    async def wait(casework: Running) -> None:
        relay = casework.app.state.relay
        await eventually(relay.status, until=lambda status: status.lag == 0)
        group = casework.app.state.components.settings.consumer_group
        await eventually(lambda: bus.lag(group, topics.INTAKE_CLIENTS), until=lambda lag: lag == 0)

    return wait


@pytest.fixture
def published(kafka, kafka_settings, eventually):
    """``await published(client_id, {topic: n})`` -> casework's envelopes about the client,
    per topic, in the order Kafka holds them (one key, one partition), once ``n`` are there
    (a consumer that has just started may not see a topic's partitions yet)."""

    async def on_topic(topic: str, client_id: str) -> list[Any]:
        records = [r for r in await kafka.read_all(kafka_settings.topic(topic)) if r.key == client_id.encode()]
        assert len({r.partition for r in records}) <= 1, "one client's events on several partitions"
        return sorted(records, key=lambda r: r.offset)

    async def read(client_id: str | UUID, expected: dict[str, int]) -> dict[str, list[Any]]:
        found = {}
        for topic, count in expected.items():
            records = await eventually(lambda t=topic: on_topic(t, str(client_id)), until=lambda r, n=count: len(r) >= n)
            found[topic] = [default_registry().parse(r.value) for r in records]
        return found

    return read


def on(day: date) -> str:
    return day.isoformat()
