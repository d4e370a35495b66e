"""Meetingplace as a real app beside intake and reporting, on the real Kafka and PostgreSQL."""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from typing import Any

import pytest

from kohtaamo.contracts import topics
from kohtaamo.meetingplace.bootstrap import create_app as create_meetingplace
from kohtaamo.meetingplace.settings import MeetingplaceSettings

from ..conftest import E2E_PROJECT, Running, on, serve

WORKER = "meetingplace_worker"
PLACE = {"name": "Kyläkulma", "municipality_code": "091", "premises": "RENTED_FLAT",
         "facilities": ["COMPUTER", "SEWING_MACHINE"], "opened_on": "2013-01-07",
         "project_id": E2E_PROJECT,
         "opening_hours": [{"weekday": "MONDAY", "opens": "10:00", "closes": "16:00"}]}


@pytest.fixture
def meetingplace_settings(stack, new_schema, kafka_settings) -> Callable[..., Any]:
    """``await meetingplace_settings(consumer_group=...)``: settings on a fresh schema."""

    async def make(**changes: Any) -> MeetingplaceSettings:
        return MeetingplaceSettings(database_url=stack.database_url, database_schema=await new_schema(),
                                    kafka=kafka_settings, **changes)

    return make


@pytest.fixture
async def start_meetingplace(meetingplace_settings, inprocess):
    """``async with start_meetingplace() as mp:`` — start (or, given the same settings,
    restart) meetingplace, on the test's transport."""
    first = await meetingplace_settings()

    def start(settings: MeetingplaceSettings | None = None,
              **options: Any) -> contextlib.AbstractAsyncContextManager[Running]:
        return serve(create_meetingplace(settings or first, **on(inprocess), **options), "meetingplace")

    return start


@pytest.fixture
def consumed(bus, eventually):
    """``await consumed(intake)``: intake's outbox is empty and meetingplace has read all of
    intake.clients, so meetingplace's consent view is up to date (on either transport)."""

    async def wait(intake: Running | None = None, *, group: str = "meetingplace") -> None:
        if intake is not None:
            await eventually(intake.app.state.relay.status, until=lambda s: s.lag == 0)
        await eventually(lambda: bus.lag(group, topics.INTAKE_CLIENTS), until=lambda lag: lag == 0)

    return wait


@pytest.fixture
def published(kafka, kafka_settings, eventually):
    """``await published(mp, topic)``: meetingplace's outbox is empty; the topic's records."""

    async def read(meetingplace: Running, topic: str) -> list[Any]:
        await eventually(meetingplace.app.state.relay.status, until=lambda s: s.lag == 0)
        return await kafka.read_all(kafka_settings.topic(topic))

    return read
