"""Intake and reporting as real apps in this process, on the real PostgreSQL and the real Kafka
(or, in the modules that run on both transports, the in-process one)."""

from __future__ import annotations

import contextlib
import json
import logging
import os
import shutil
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from importlib import resources
from pathlib import Path
from typing import Any

import httpx
import pytest
from fastapi import FastAPI

from kohtaamo.contracts import topics
from kohtaamo.contracts.routing import producer_of
from kohtaamo.intake.bootstrap import create_app as create_intake
from kohtaamo.intake.domain.synthetic_people import identity_codes
from kohtaamo.intake.settings import IntakeSettings
from kohtaamo.reporting.application import periods
from kohtaamo.reporting.application.evaluation import Scope
from kohtaamo.reporting.application.pack import packaged
from kohtaamo.reporting.bootstrap import create_app as create_reporting
from kohtaamo.reporting.settings import ReportingSettings
from kohtaamo.servicekit.inprocess import InProcessTransport
from kohtaamo.servicekit.logs import json_handler
from kohtaamo.servicekit.settings import KafkaSettings
from kohtaamo.servicekit.testing.pii_scan import scan_database, scan_files, scan_kafka

# Everything personal the tests give intake (names, identity codes, contact details) and
# casework (free-text notes): no topic, table or log may hold any of it in the clear.
PLANTED: set[str] = set()
PERSONAL_FIELDS = ("first_name", "last_name", "personal_identity_code", "phone", "email",
                   "postal_address")


@pytest.fixture(scope="session", autouse=True)
def log_scan(tmp_path_factory):
    """The end-to-end run's log as the services write it (JSON lines, INFO and up), scanned
    when the run ends for every name, identity code and contact detail the tests planted."""
    path = tmp_path_factory.mktemp("logs") / "e2e.jsonl"
    stream = path.open("w", encoding="utf-8")
    handler = json_handler("e2e", stream)
    root = logging.getLogger()
    level = root.level
    root.addHandler(handler)
    root.setLevel(logging.INFO)
    yield path
    root.removeHandler(handler)
    root.setLevel(level)
    stream.close()
    records = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    # The scan could fail: the log holds the services' records, with their ids.
    assert any("correlation_id" in r for r in records), "no request or event was logged"
    assert any("event_id" in r for r in records), "no event was logged"
    text = "\n".join(json.dumps(r, ensure_ascii=False) for r in records)
    leaked = sorted(value for value in PLANTED if value in text)
    assert PLANTED and not leaked, f"personal data in the log {path}: {leaked}"
    # And the stack's own logs: PostgreSQL's would hold a statement's values on an error.
    stack_logs = Path(os.environ.get("KOHTAAMO_RUN_DIR", "/tmp/kohtaamo-run")) / "logs"
    found = scan_files([path, *([stack_logs] if stack_logs.is_dir() else [])], PLANTED)
    assert not found, "personal data in the logs: " + "; ".join(map(str, found))


@pytest.fixture(autouse=True)
def nothing_personal_at_rest(request):
    """After each test, before its topics and schemas are removed: no topic of the test and
    no table of the database holds a planted value in the clear (intake and casework keep
    them sealed by per-client keys, so even their event stores show only ciphertext)."""
    uses = set(request.fixturenames)
    # Set up first, so they are torn down after the scan (and only where the test uses them).
    for dependency in ("kafka_admin", "new_schema"):
        if dependency in uses:
            request.getfixturevalue(dependency)
    request.getfixturevalue("_scan_at_rest")


@pytest.fixture
async def _scan_at_rest(request, stack):
    admin = request.getfixturevalue("kafka_admin") if "kafka_admin" in request.fixturenames else None
    yield
    if not PLANTED:
        return
    found = await scan_database(stack.database_url, PLANTED)
    if admin is not None:
        found += await scan_kafka(admin, PLANTED)
    assert not found, "personal data at rest: " + "; ".join(map(str, found))


@pytest.fixture
def registration_body() -> Callable[..., dict[str, Any]]:
    """A valid registration of a new synthetic person each call."""
    codes = identity_codes()

    def make(**overrides: Any) -> dict[str, Any]:
        body = {"first_name": "Aino", "last_name": "Virtanen", "personal_identity_code": next(codes),
                "municipality_code": "091", "referral_source": "TE_OFFICE",
                "project_id": E2E_PROJECT} | overrides  # reporting's figures are per project
        PLANTED.update(v for k, v in body.items() if k in PERSONAL_FIELDS and isinstance(v, str))
        return body

    return make


# The transport between the services: Kafka unless a module asks for both
# (``pytestmark`` + ``BOTH_TRANSPORTS``: the same tests on Kafka and in-process).
BOTH_TRANSPORTS = pytest.mark.parametrize("transport", ["kafka", "inprocess"], indirect=True)


@pytest.fixture
def transport(request) -> str:
    return getattr(request, "param", "kafka")


@pytest.fixture
def inprocess(transport) -> InProcessTransport | None:
    """The in-process transport the services of one test share (None: they use Kafka)."""
    return InProcessTransport(idle_wait=0.05) if transport == "inprocess" else None


@dataclass(frozen=True)
class Record:
    key: str
    value: bytes
    offset: int


@dataclass(frozen=True)
class Parked:
    value: bytes
    error: str
    error_kind: str
    source_offset: int | None


class Bus:
    """What a test sees of the transport, the same on Kafka and in-process: the messages a
    topic holds, producing raw bytes into it (a copy, a poison message), a group's lag, and
    what was dead-lettered. Topics and groups are given unprefixed."""

    def __init__(self, kafka: Any, kafka_settings: KafkaSettings, inprocess: InProcessTransport | None) -> None:
        self._kafka, self._settings, self._inprocess = kafka, kafka_settings, inprocess

    @property
    def on_kafka(self) -> bool:
        return self._inprocess is None

    async def records(self, topic: str) -> list[Record]:
        if self._inprocess is None:
            return [Record(r.key.decode(), r.value, r.offset)
                    for r in await self._kafka.read_all(self._settings.topic(topic))]
        producer = producer_of(_event_type_of_topic(topic))
        return [Record(m.key, m.value, m.offset) for m in self._inprocess.published(producer, topic)]

    async def produce(self, topic: str, value: bytes, *, key: str) -> None:
        if self._inprocess is None:
            await self._kafka.produce(self._settings.topic(topic), value, key=key.encode())
        else:
            await self._inprocess.inject(topic, value, key=key)

    async def lag(self, group: str, topic: str) -> int | None:
        if self._inprocess is None:
            return await self._kafka.lag(self._settings.topic(group), self._settings.topic(topic))
        return await self._inprocess.lag(self._settings.topic(group))

    async def dead_letters(self, topic: str) -> list[Parked]:
        if self._inprocess is None:
            found = []
            for r in await self._kafka.read_all(self._settings.topic(topics.dead_letter(topic))):
                headers = {k: v.decode() for k, v in r.headers}
                found.append(Parked(r.value, headers["error"], headers["error_kind"],
                                    int(headers["source_offset"])))
            return found
        return [Parked(d.value, d.error, d.error_kind, d.source_offset)
                for d in await self._inprocess.dead_letters() if d.source_topic == topic]


def _event_type_of_topic(topic: str) -> str:
    from kohtaamo.contracts.routing import ROUTES

    return next(p.event_type for p, r in ROUTES.items() if r.topic == topic)


@pytest.fixture
def bus(kafka, kafka_settings, inprocess) -> Bus:
    return Bus(kafka, kafka_settings, inprocess)


@pytest.fixture
def settle(bus, eventually):
    """``await settle(intake)``: wait until intake's outbox is empty and reporting has
    consumed the whole topic, so a figure read afterwards is final."""

    async def wait(intake: Running, *, group: str = "reporting", topic: str = topics.INTAKE_CLIENTS) -> None:
        relay = intake.app.state.relay
        await eventually(relay.status, until=lambda status: status.lag == 0)
        await eventually(lambda: bus.lag(group, topic), until=lambda lag: lag == 0)

    return wait


@dataclass
class Running:
    app: FastAPI
    http: httpx.AsyncClient


@contextlib.asynccontextmanager
async def serve(app: FastAPI, name: str) -> AsyncIterator[Running]:
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url=f"http://{name}") as http:
            yield Running(app, http)


@pytest.fixture
async def second_schema(new_schema) -> str:
    """Reporting's own schema: each service owns its tables."""
    return await new_schema()


@pytest.fixture
def intake_settings(stack, database_schema, kafka_settings: KafkaSettings, tmp_path) -> IntakeSettings:
    return IntakeSettings(
        database_url=stack.database_url, database_schema=database_schema, kafka=kafka_settings,
        keyring_path=tmp_path / "intake.keyring",
    )


# The tests' own project, run by the organisation the test tokens carry, with a window
# wide enough for registrations dated today.
E2E_PROJECT = "E2E"
E2E_PROJECTS = """
- id: E2E
  title: {fi: "Testihanke", en: "Test project"}
  window_start: 2000-01-01
  window_end: 2099-12-31
  organisations: ["091"]
"""


@pytest.fixture(scope="session")
def e2e_pack(tmp_path_factory) -> Any:
    folder = tmp_path_factory.mktemp("pack") / "pack"
    with resources.as_file(packaged()) as shipped:
        shutil.copytree(shipped, folder)
    (folder / "projects.yaml").write_text((folder / "projects.yaml").read_text() + E2E_PROJECTS)
    return folder


@pytest.fixture
async def bi_schema(new_schema) -> str:
    """Reporting's bi views, in a schema of the test's own (dropped after it)."""
    return await new_schema()


@pytest.fixture
def reporting_settings(stack, second_schema, bi_schema, kafka_settings: KafkaSettings, e2e_pack
                       ) -> ReportingSettings:
    return ReportingSettings(
        database_url=stack.database_url, database_schema=second_schema, kafka=kafka_settings,
        pack_dir=e2e_pack, bi_schema=bi_schema,
    )


async def exact_count(running: Running, code: str = "clients-registered") -> int:
    """The unpublished count behind a figure, for tests that check exact arithmetic on
    small numbers (the API shows 1-4 as <5)."""
    engine = running.app.state.engine
    project = engine.pack.projects[E2E_PROJECT]
    figure = await engine.evaluate(code, Scope(project, project.organisations),
                                   periods.parse("window", None, None, project.window),
                                   datetime.now(UTC))
    return figure.count


def on(inprocess: InProcessTransport | None) -> dict[str, Any]:
    """The options that put a service on the test's transport."""
    return {"inprocess": inprocess} if inprocess is not None else {}


@pytest.fixture
def start_reporting(reporting_settings, inprocess):
    """``async with start_reporting() as reporting:`` — start (or restart) reporting."""

    def start() -> contextlib.AbstractAsyncContextManager[Running]:
        return serve(create_reporting(reporting_settings, **on(inprocess)), "reporting")

    return start


@pytest.fixture
async def reporting(start_reporting) -> AsyncIterator[Running]:
    async with start_reporting() as running:
        yield running


@pytest.fixture
def start_intake(intake_settings, inprocess):
    """``async with start_intake(relay=False) as intake:`` — the relay left to the test."""

    def start(**options: Any) -> contextlib.AbstractAsyncContextManager[Running]:
        return serve(create_intake(intake_settings, **on(inprocess), **options), "intake")

    return start
