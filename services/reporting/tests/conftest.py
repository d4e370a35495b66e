"""Reporting's fixtures: events built by the contracts' examples, applied through the real
projections and store, figures evaluated by the real engine."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from itertools import count
from typing import Any
from uuid import UUID, uuid4

import httpx
import pytest

from kohtaamo.contracts import Envelope, examples, route_for
from kohtaamo.contracts.intake.v1 import ClientRegistered
from kohtaamo.reporting.adapters import bi
from kohtaamo.reporting.adapters.figures_sql import FactsReader
from kohtaamo.reporting.adapters.http import build_router
from kohtaamo.reporting.adapters.http_drilldown import build_drilldown_router
from kohtaamo.reporting.adapters.http_publications import build_publications_router
from kohtaamo.reporting.adapters.store import ReportingStore
from kohtaamo.reporting.application import periods
from kohtaamo.reporting.application.engine import Engine
from kohtaamo.reporting.application.evaluation import Figure, Scope
from kohtaamo.reporting.application.pack import load_pack
from kohtaamo.reporting.application.projector import writes_for
from kohtaamo.reporting.application.publication import publish
from kohtaamo.servicekit.consumer import Source
from kohtaamo.servicekit.http import create_api
from kohtaamo.servicekit.settings import AuthSettings

PROJECT = "S20397"
VALKEAKOSKI, AKAA = "908", "020"


@pytest.fixture
def registered():
    """A registration of a new client each call, built by the contracts' examples."""

    def make(**changes) -> Envelope[ClientRegistered]:
        payload = examples.client_registered(client_id=uuid4(), municipality_code="908",
                                             referral_source="OUTREACH", age_band="18_24", **changes)
        return examples.envelope(payload, organisation_id="908", project_id=None, event_id=uuid4())

    return make


def noon(day: date) -> datetime:
    return datetime.combine(day, time(12), tzinfo=UTC)


class Scenario:
    """Events of a synthetic programme, each recorded at a given moment (default: noon of
    its own date), applied in one batch through the projections, as reporting would."""

    def __init__(self, store: ReportingStore) -> None:
        self.store = store
        self.events: list[Envelope[Any]] = []
        self._offsets = count()

    def add(self, payload: Any, *, on: date | None = None, recorded_at: datetime | None = None,
            org: str = VALKEAKOSKI, occurred_at: datetime | None = None) -> Envelope[Any]:
        day = on or _date_of(payload)
        occurred = occurred_at or noon(day)
        event = examples.envelope(payload, event_id=uuid4(), organisation_id=org, project_id=PROJECT,
                                  occurred_at=occurred, recorded_at=recorded_at or occurred)
        self.events.append(event)
        return event

    def client(self, registered_on: date, *, org: str = VALKEAKOSKI, recorded_at: datetime | None = None,
               **changes: Any) -> UUID:
        client_id = uuid4()
        self.add(examples.client_registered(client_id=client_id, registered_on=registered_on, **changes),
                 org=org, recorded_at=recorded_at)
        return client_id

    async def apply(self) -> None:
        batch = []
        for event in self.events:
            source = Source(route_for(event.payload).topic, 0, next(self._offsets))
            batch.append((event, source, writes_for(event, source)))
        self.events = []
        assert await self.store.apply_batch(batch) == []


def _date_of(payload: Any) -> date:
    for name in ("registered_on", "provided_on", "held_on", "agreed_on", "reviewed_on",
                 "assigned_on", "transition_on", "ended_on", "started_on", "participated_on",
                 "planned_on", "visit_date", "signed_on", "period_end", "voided_on"):
        if hasattr(payload, name):
            return getattr(payload, name)
    if hasattr(payload, "started_at"):
        return payload.started_at.date()
    return date(2016, 3, 1)


@pytest.fixture
async def store(stack, database_schema):
    store = await ReportingStore.open(stack.database_url, database_schema)
    yield store
    await store.close()


@pytest.fixture
def scenario(store) -> Scenario:
    return Scenario(store)


@pytest.fixture
def pack():
    return load_pack()


@pytest.fixture
def engine(store, pack) -> Engine:
    return Engine(pack, FactsReader(store.pool))


LATER = datetime(2030, 1, 1, tzinfo=UTC)


@pytest.fixture
def figure(engine, pack):
    """``await figure("clients-registered", "2016Q1")`` -> (raw Figure, published dict)."""

    async def evaluate(code: str, period: str | tuple[date, date] = "window", *,
                       as_of: datetime = LATER, orgs: tuple[str, ...] | None = None,
                       using: Engine | None = None) -> tuple[Figure, dict[str, Any]]:
        project = pack.projects[PROJECT]
        scope = Scope(project, orgs or project.organisations)
        if isinstance(period, tuple):
            parsed = periods.parse(None, period[0], period[1], project.window)
        else:
            parsed = periods.parse(period, None, None, project.window)
        raw = await (using or engine).evaluate(code, scope, parsed, as_of)
        return raw, publish(raw)

    return evaluate


@pytest.fixture
async def api(store, engine) -> Any:
    """Reporting's whole HTTP API over the real store and engine (no Kafka)."""
    app = create_api(title="reporting", auth=AuthSettings())
    app.state.store, app.state.engine = store, engine
    for router in (build_router(), build_drilldown_router(), build_publications_router()):
        app.include_router(router)
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://r") as client:
        yield client


@pytest.fixture
async def bi_schema(store, new_schema) -> str:
    """The bi views of this test's facts, in a schema of their own."""
    name = await new_schema()
    async with store.pool.acquire() as conn:
        await bi.install(conn, name)
    return name


__all__ = ["Scenario", "noon", "timedelta"]
