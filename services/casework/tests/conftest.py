"""Casework's own fixtures: the application on the in-memory store, intake's events as they
arrive from Kafka, staff members, and an HTTP API over the in-memory store."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from datetime import date
from itertools import count
from typing import Any
from uuid import UUID, uuid4

import httpx
import pytest

from kohtaamo.casework.application.casework import Casework
from kohtaamo.casework.application.commands import AssignWorker
from kohtaamo.casework.application.staff import Staff
from kohtaamo.casework.bootstrap import create_app
from kohtaamo.casework.settings import CaseworkSettings
from kohtaamo.contracts import examples
from kohtaamo.servicekit.auth import issue_token
from kohtaamo.servicekit.eventstore import eventsourcing_env
from kohtaamo.servicekit.messages import Source
from kohtaamo.servicekit.settings import AuthSettings

from .fakes import MemoryVault

TODAY = date(2026, 12, 1)
ORG = "091"


@pytest.fixture
def vault() -> MemoryVault:
    return MemoryVault()


@pytest.fixture
def casework(vault) -> Casework:
    return Casework.create(eventsourcing_env("memory://"), vault=vault,
                           worker_pepper="pepper-for-unit-tests", today=lambda: TODAY)


@pytest.fixture
def staff(casework) -> Callable[..., Staff]:
    """``staff("caseworker", sub="cw-1", team="team-a")`` -> who is acting."""

    def make(*roles: str, sub: str = "cw-1", org: str = ORG, team: str | None = "team-a") -> Staff:
        return casework.worker_ids.staff(sub=sub, roles=frozenset(roles or ("caseworker",)),
                                         organisation_id=org, team=team)

    return make


@pytest.fixture
def deliver(casework) -> Callable[..., bool]:
    """``deliver(payload, organisation_id=...)``: an intake event as the consumer gets it."""
    offsets = count()

    def send(payload: Any, *, event_id: UUID | None = None, **meta: Any) -> bool:
        meta.setdefault("organisation_id", ORG)
        envelope = examples.envelope(payload, event_id=event_id or uuid4(), **meta)
        return casework.intake_facts.apply(envelope, Source("intake.clients", 0, next(offsets)))

    return send


@pytest.fixture
def registered(deliver) -> Callable[..., UUID]:
    """``registered()`` -> the id of a client whose file casework has opened."""

    def make(*, registered_on: date = date(2016, 3, 1), org: str = ORG) -> UUID:
        client_id = uuid4()
        deliver(examples.client_registered(client_id=client_id, registered_on=registered_on),
                organisation_id=org)
        return client_id

    return make


@pytest.fixture
def own_client(casework, registered, staff) -> Callable[..., UUID]:
    """``own_client()`` -> a client whose responsible worker is ``staff()`` (cw-1)."""

    def make(**options: Any) -> UUID:
        client_id = registered(**options)
        casework.workers.assign(staff(), AssignWorker(
            client_id=client_id, worker_id=None, role="SOCIAL_COUNSELLOR", worker_model="OWN_WORKER",
            allocation_basis="AREA", assigned_on=date(2016, 3, 2)))
        return client_id

    return make


@pytest.fixture
def token() -> Callable[..., dict[str, str]]:
    """``token("caseworker", sub=..., team=...)`` -> an Authorization header."""

    def make(*roles: str, org: str = ORG, sub: str = "cw-1", team: str | None = "team-a") -> dict[str, str]:
        value = issue_token(AuthSettings(), sub=sub, roles=roles, org=org, team=team)
        return {"Authorization": f"Bearer {value}"}

    return make


@pytest.fixture
def opened(api) -> Callable[..., UUID]:
    """``opened()`` -> a client whose ClientRegistered reached the API's casework."""

    def make(*, org: str = ORG, registered_on: date = date(2016, 3, 1)) -> UUID:
        client_id = uuid4()
        deliver_to(api, examples.client_registered(client_id=client_id, registered_on=registered_on),
                   organisation_id=org)
        return client_id

    return make


def deliver_to(api: httpx.AsyncClient, payload: Any, **meta: Any) -> bool:
    """An intake event, applied by the casework behind ``api`` as its consumer would."""
    meta.setdefault("organisation_id", ORG)
    envelope = examples.envelope(payload, event_id=uuid4(), **meta)
    casework: Casework = api.app.state.casework  # type: ignore[attr-defined]
    return casework.intake_facts.apply(envelope, Source("intake.clients", 0, 0))


@pytest.fixture
async def api() -> AsyncIterator[httpx.AsyncClient]:
    app = create_app(CaseworkSettings(database_url="memory://"), kafka=False)
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://casework") as client:
            client.app = app  # type: ignore[attr-defined]
            yield client
