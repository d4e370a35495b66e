"""Meetingplace's own fixtures: the application on the in-memory store with a fixed today,
an API over it, and intake's client facts fed in as the consumer would."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from datetime import date
from itertools import count
from typing import Any
from uuid import UUID, uuid4

import httpx
import pytest

from kohtaamo.contracts import examples
from kohtaamo.meetingplace.application import commands as c
from kohtaamo.meetingplace.application.meetingplace import Meetingplace
from kohtaamo.meetingplace.bootstrap import create_app
from kohtaamo.meetingplace.domain.opening_hours import Opening, OpeningHours
from kohtaamo.meetingplace.settings import MeetingplaceSettings
from kohtaamo.servicekit.eventstore import eventsourcing_env
from kohtaamo.servicekit.messages import Source

TODAY = date(2016, 6, 1)
ORG = "301"  # Kurikka
OPENED = date(2013, 1, 7)
WEEKDAYS = Opening("MONDAY", "10:00", "16:00"), Opening("THURSDAY", "12:00", "18:00")


@pytest.fixture
def mp() -> Meetingplace:
    return Meetingplace.create(eventsourcing_env("memory://"), today=lambda: TODAY)


def open_place(mp: Meetingplace, *, org: str = ORG, opened_on: date = OPENED, **changes: Any) -> UUID:
    fields: dict[str, Any] = dict(
        organisation_id=org, name="Kyläkulma", municipality_code="301", premises="RENTED_FLAT",
        facilities=("COMPUTER", "SEWING_MACHINE", "RECYCLING_POINT"),
        opening_hours=OpeningHours(WEEKDAYS), free_of_charge=True, opened_on=opened_on,
        project_id="S20397",
    )
    return mp.places.open(c.OpenPlace(**(fields | changes)))


@pytest.fixture
def place(mp) -> UUID:
    return open_place(mp)


@pytest.fixture
def intake_says(mp) -> Callable[..., bool]:
    """``intake_says(examples.consent_recorded(...), org=...)``: the event, consumed once."""
    offsets = count()

    def feed(payload: Any, *, org: str = ORG, event_id: UUID | None = None) -> bool:
        envelope = examples.envelope(payload, organisation_id=org, event_id=event_id or uuid4())
        return mp.client_facts.apply(envelope, Source("intake.clients", 0, next(offsets)))

    return feed


@pytest.fixture
def consenting_client(intake_says) -> Callable[..., UUID]:
    """A registered client consenting to identified participation from ``given_on``."""

    def make(*, org: str = ORG, given_on: date = date(2013, 1, 1),
             valid_until: date | None = None) -> UUID:
        client_id = uuid4()
        intake_says(examples.client_registered(client_id=client_id), org=org)
        intake_says(examples.consent_recorded(
            client_id=client_id, consent_id=uuid4(), parties=["MEETING_PLACE"],
            purposes=["PARTICIPATION_RECORDING"], given_on=given_on, valid_until=valid_until,
        ), org=org)
        return client_id

    return make


@pytest.fixture
async def api() -> AsyncIterator[httpx.AsyncClient]:
    app = create_app(MeetingplaceSettings(database_url="memory://"), kafka=False)
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://meetingplace") as client:
            client.app = app  # type: ignore[attr-defined]
            yield client
