"""The embedded system on a real embedded PostgreSQL (pgserver) in a folder of the test's."""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator, Callable
from pathlib import Path
from typing import Any

import httpx
import pytest

from kohtaamo.embedded.database import Embedded, EmbeddedPostgres
from kohtaamo.embedded.ports import Addresses, free_port_base
from kohtaamo.embedded.system import System, serving
from kohtaamo.intake.domain.synthetic_people import identity_codes
from kohtaamo.servicekit.auth import issue_token
from kohtaamo.servicekit.settings import AuthSettings


@pytest.fixture(scope="session")
def pg_folder(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("embedded") / "data"


@pytest.fixture(scope="session")
def embedded_db(pg_folder) -> Any:
    database = EmbeddedPostgres(pg_folder)
    database.start()
    yield database
    database.stop()


@pytest.fixture
def start_system(embedded_db) -> Callable[[], contextlib.AbstractAsyncContextManager[System]]:
    """``async with start_system() as system:`` — the four services on the session's database
    (the same data each time: a restart sees what the last one left)."""

    @contextlib.asynccontextmanager
    async def start() -> AsyncIterator[System]:
        db: Embedded = embedded_db.start()  # adopts the running server
        async with serving(db, Addresses("127.0.0.1", free_port_base())) as system:
            yield system

    return start


def bearer(role: str, org: str = "908") -> dict[str, str]:
    return {"Authorization": f"Bearer {issue_token(AuthSettings(), sub='test', roles=[role], org=org)}"}


@pytest.fixture(scope="session")
def codes() -> Any:
    return identity_codes()  # one series for the session's database: never a duplicate


@pytest.fixture
def register(codes) -> Callable[..., Any]:
    """``await register(system, n)`` -> the ids of ``n`` new SoKu clients registered over HTTP."""

    async def run(system: System, n: int) -> list[str]:
        ids = []
        async with httpx.AsyncClient(base_url=system.addresses.url("intake"), timeout=30) as http:
            for i in range(n):
                response = await http.post("/clients", headers=bearer("intake_worker"), json={
                    "first_name": "Testi", "last_name": f"Asiakas {i}",
                    "personal_identity_code": next(codes), "municipality_code": "908",
                    "referral_source": "TE_OFFICE", "project_id": "S20397",
                    "registered_on": "2016-03-01"})
                assert response.status_code == 201, response.text
                ids.append(response.json()["client_id"])
        return ids

    return run


async def registered_count(system: System) -> int:
    """The exact count behind reporting's clients-registered for SoKu's window."""
    from datetime import UTC, datetime

    from kohtaamo.reporting.application import periods
    from kohtaamo.reporting.application.evaluation import Scope

    engine = system.apps["reporting"].state.engine
    project = engine.pack.projects["S20397"]
    figure = await engine.evaluate("clients-registered", Scope(project, project.organisations),
                                   periods.parse("window", None, None, project.window), datetime.now(UTC))
    return figure.count
