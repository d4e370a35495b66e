"""The ops command's fixtures: reporting running in this process on the real stack, the
command pointed at this test's topics and schemas, synthetic events on the topics."""

from __future__ import annotations

import asyncio
import contextlib
import shutil
from collections.abc import AsyncIterator, Callable
from datetime import UTC, date, datetime
from importlib import resources
from typing import Any
from uuid import uuid4

import asyncpg
import httpx
import pytest
from typer.testing import CliRunner

from kohtaamo.casework.settings import CaseworkSettings
from kohtaamo.contracts import examples, route_for
from kohtaamo.intake.settings import IntakeSettings
from kohtaamo.meetingplace.settings import MeetingplaceSettings
from kohtaamo.ops.cli import app as cli_app
from kohtaamo.ops.context import Ops
from kohtaamo.reporting.application import periods
from kohtaamo.reporting.application.evaluation import Scope
from kohtaamo.reporting.application.pack import packaged
from kohtaamo.reporting.bootstrap import create_app
from kohtaamo.reporting.settings import ReportingSettings

PROJECT = "OPS"
ORG = "091"
PROJECTS = """
- id: OPS
  title: {fi: "Operointihanke", en: "Operations project"}
  window_start: 2000-01-01
  window_end: 2099-12-31
  organisations: ["091"]
"""


@pytest.fixture(scope="session")
def ops_pack(tmp_path_factory) -> Any:
    folder = tmp_path_factory.mktemp("ops-pack") / "pack"
    with resources.as_file(packaged()) as shipped:
        shutil.copytree(shipped, folder)
    (folder / "projects.yaml").write_text((folder / "projects.yaml").read_text() + PROJECTS)
    return folder


@pytest.fixture
async def reporting_settings(stack, new_schema, kafka_settings, ops_pack) -> AsyncIterator[ReportingSettings]:
    schema = await new_schema()
    yield ReportingSettings(database_url=stack.database_url, database_schema=schema,
                            kafka=kafka_settings, pack_dir=ops_pack, read_model_poll_seconds=0.1,
                            bi_schema=await new_schema())
    conn = await asyncpg.connect(stack.database_url)  # the rebuilds' schemas beside it
    try:
        for row in await conn.fetch("SELECT nspname FROM pg_namespace WHERE nspname LIKE $1",
                                    schema + "_rebuild_%"):
            await conn.execute(f'DROP SCHEMA "{row["nspname"]}" CASCADE')
    finally:
        await conn.close()


@pytest.fixture
async def ops(stack, kafka_admin, new_schema, reporting_settings) -> Ops:
    """The command as an operator of this test's deployment runs it."""
    url = stack.database_url
    return Ops(kafka=kafka_admin, timeout=10.0, settings={
        "reporting": reporting_settings,
        "intake": IntakeSettings(database_url=url, database_schema=await new_schema()),
        "casework": CaseworkSettings(database_url=url, database_schema=await new_schema()),
        "meetingplace": MeetingplaceSettings(database_url=url, database_schema=await new_schema()),
    }, urls={"intake": "http://127.0.0.1:9", "casework": "http://127.0.0.1:9",
             "meetingplace": "http://127.0.0.1:9", "reporting": "http://127.0.0.1:9"})


@pytest.fixture
def kohtaamo(ops) -> Callable[..., Any]:
    """``await kohtaamo("lag", "--json")`` runs the command (in a thread: it has its own
    event loop) and gives click's result: exit_code, stdout, stderr."""

    async def run(*args: str, using: Ops | None = None) -> Any:
        return await asyncio.to_thread(CliRunner().invoke, cli_app, list(args), obj=using or ops)

    return run




@contextlib.asynccontextmanager
async def serving(settings: ReportingSettings) -> AsyncIterator[Any]:
    app = create_app(settings)
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://reporting") as http:
            app.state.http = http
            yield app


@pytest.fixture
def start_reporting(reporting_settings):
    """``async with start_reporting() as app:`` — reporting, started (or restarted)."""
    return lambda: serving(reporting_settings)


@pytest.fixture
def publish(kafka, kafka_settings):
    """``await publish(n)``: n ClientRegistered events of the test's project on the topic,
    as intake would publish them; returns their envelopes."""

    async def send(n: int = 1, **changes: Any) -> list[Any]:
        sent = []
        for _ in range(n):
            payload = examples.client_registered(
                **{"client_id": uuid4(), "registered_on": date.today(), "municipality_code": "091",
                   **changes})
            event = examples.envelope(payload, event_id=uuid4(), organisation_id=ORG,
                                      project_id=PROJECT, occurred_at=datetime.now(UTC),
                                      recorded_at=datetime.now(UTC))
            await kafka.produce(kafka_settings.topic(route_for(payload).topic), event.to_bytes(),
                                key=str(payload.client_id).encode())
            sent.append(event)
        return sent

    return send


async def registered(app: Any) -> int:
    """The exact count of clients registered in the project's window, as reporting sees it."""
    engine = app.state.engine
    project = engine.pack.projects[PROJECT]
    figure = await engine.evaluate("clients-registered", Scope(project, project.organisations),
                                   periods.parse("window", None, None, project.window),
                                   datetime.now(UTC))
    return figure.count


async def caught_up(app: Any) -> bool:
    parts = await app.state.freshness.partitions()
    return bool(parts) and all(p.lag == 0 for p in parts)
