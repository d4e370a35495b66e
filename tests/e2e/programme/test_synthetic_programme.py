"""A synthetic programme loaded through the four HTTP APIs reaches reporting's figures:
exactly the clients the loader registered, and exactly those it gave a capability-
strengthening service; and the embedded system (one process, pgserver, the in-process
transport) gives exactly the values the Kafka stack gives for the same seed."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

import asyncpg
import pytest

from kohtaamo.contracts import topics
from kohtaamo.embedded import demo
from kohtaamo.embedded.ports import Addresses, free_port_base
from kohtaamo.embedded.system import started
from kohtaamo.reporting.application import periods
from kohtaamo.reporting.application.evaluation import Scope
from kohtaamo.servicekit.auth import issue_token
from kohtaamo.servicekit.settings import AuthSettings
from kohtaamo.synthetic import LoadSummary, Programme, Targets, load
from kohtaamo.synthetic.codes import PROJECT

from ..conftest import PERSONAL_FIELDS, PLANTED

pytestmark = [pytest.mark.e2e, pytest.mark.kafka, pytest.mark.postgres]


async def figure(reporting, code: str):
    """The unsuppressed figure over SoKu's window (a share's numerator included)."""
    engine = reporting.app.state.engine
    project = engine.pack.projects[PROJECT]
    return await engine.evaluate(code, Scope(project, project.organisations),
                                 periods.parse("window", None, None, project.window), datetime.now(UTC))


def plant(programme: Programme) -> None:
    """The names and identity codes the programme gives intake: the run's log must hold none."""
    for chain in programme.client_chains("intake"):
        PLANTED.update(str(c.body[k]) for c in chain if c.route == "/clients" for k in PERSONAL_FIELDS
                       if c.body and k in c.body)


async def pack_values(engine) -> dict[str, Any]:
    """Every indicator of the pack over SoKu's window, unsuppressed: what each counts, its
    numerator and denominator, its value, status and table (and the previous period's, for
    a rising one). Not who is behind it: the ids differ from one system to another."""
    project = engine.pack.projects[PROJECT]
    figures = await engine.evaluate_pack(Scope(project, project.organisations),
                                         periods.parse("window", None, None, project.window), datetime.now(UTC))
    return {f.code: _values(f) for f in figures}


def _values(f) -> dict[str, Any]:
    table = None
    if f.table is not None:  # rows keyed by a place's or client's id: the ids differ, the rest must not
        rows = sorted(repr(({k: v for k, v in row.items() if not k.endswith("_id")}, cells))
                      for row, cells in zip(f.table.rows, f.table.cells, strict=True))
        table = (f.table.columns, rows, f.table.totals)
    return {"status": f.status, "count": f.count, "numerator": f.numerator, "denominator": f.denominator,
            "value": f.value, "table": table, "previous": None if f.previous is None else _values(f.previous)}


async def settled(services, reporting, eventually) -> None:
    """Every outbox published, then reporting has consumed every topic to its end."""
    for running in services:
        await eventually(running.app.state.relay.status, until=lambda s: s.lag == 0, timeout=120)

    async def freshness():
        return (await reporting.http.get("/freshness", headers=reporting_header())).json()

    await eventually(freshness, until=lambda f: f["caught_up"] and f["partitions"], timeout=120)


def reporting_header() -> dict[str, str]:
    token = issue_token(AuthSettings(), sub="e2e-analyst", roles=["analyst"], org="908", projects=[PROJECT])
    return {"Authorization": f"Bearer {token}"}


@pytest.mark.timeout(600)
async def test_a_programme_loaded_over_http_gives_reporting_the_figures_the_loader_sent(
    start_intake, start_casework, start_meetingplace, start_reporting, eventually, kafka,
    kafka_settings, reporting_settings
):
    # given the four services running in this process on the real Kafka and PostgreSQL, and
    # the names and identity codes the programme will give intake (the run's log must hold none)
    plant(Programme(50, 2016))
    async with start_intake() as intake, start_casework() as casework, \
            start_meetingplace() as meetingplace, start_reporting() as reporting:
        phases: list[str] = []

        def progress(done: int, total: int, phase: str) -> None:
            if phase not in phases:
                phases.append(phase)

        # when 50 clients' programme is loaded through their HTTP APIs
        summary: LoadSummary = await load(
            Targets(intake=intake.http, casework=casework.http, meetingplace=meetingplace.http,
                    reporting=reporting.http),
            clients=50, seed=2016, concurrency=16,
            progress=progress)
        await settled((intake, casework, meetingplace), reporting, eventually)

        # then reporting counts exactly the clients registered and not voided ...
        registered = await figure(reporting, "clients-registered")
        assert summary.clients == summary.expected["clients-registered"] == 50
        assert registered.count == 50
        assert summary.voided >= 0 and summary.requests["POST /clients"] == 50 + summary.voided
        # ... and exactly those the loader gave a capability-strengthening delivery
        share = await figure(reporting, "capability-service-share")
        assert (share.numerator, share.denominator) == (
            summary.expected["capability-service-share.numerator"],
            summary.expected["capability-service-share.denominator"])
        assert 0.5 < share.numerator / share.denominator < 0.9
        # every route of the paths was used, through every phase
        assert phases == ["staff", "places", "registrations", "casework", "activities", "tallies", "late entries"]
        for route in ("POST /clients/{client}/work-activities/{work_activity}/attendance",
                      "POST /meeting-places/{place}/tallies", "POST /activities/{activity}/held",
                      "POST /clients/{client}/referrals", "POST /clients/{client}/void"):
            assert summary.requests.get(route, 0) > 0, route
        # every event the three producers published is a distinct event, and reporting
        # applied each of them once (ids that collided across producers were dropped once)
        published = [json.loads(r.value)["event_id"] for topic in topics.ALL
                     for r in await kafka.read_all(kafka_settings.topic(topic))]
        assert len(published) == len(set(published)) > 1000
        conn = await asyncpg.connect(reporting_settings.database_url,
                                     server_settings={"search_path": reporting_settings.database_schema})
        try:
            applied = {str(row["event_id"]) for row in await conn.fetch("SELECT event_id FROM processed_events")}
        finally:
            await conn.close()
        assert applied == set(published)


@pytest.mark.timeout(900)
async def test_the_embedded_system_gives_exactly_the_values_of_the_kafka_stack_for_the_same_seed(
    start_intake, start_casework, start_meetingplace, start_reporting, eventually, tmp_path
):
    # given the same programme (50 clients, seed 2016) loaded into the four services on the
    # Kafka stack, and by the demo's load path into the embedded system on a fresh pgserver
    plant(Programme(50, 2016))
    async with start_intake() as intake, start_casework() as casework, \
            start_meetingplace() as meetingplace, start_reporting() as reporting:
        await load(Targets(intake=intake.http, casework=casework.http, meetingplace=meetingplace.http,
                           reporting=reporting.http), clients=50, seed=2016, concurrency=16)
        await settled((intake, casework, meetingplace), reporting, eventually)
        on_kafka = await pack_values(reporting.app.state.engine)
    async with started(tmp_path / "embedded", Addresses("127.0.0.1", free_port_base())) as system:
        loaded = await demo.load_programme(system, tmp_path / "programme", clients=50, seed=2016)
        await demo.settled(system)
        embedded = await pack_values(system.apps["reporting"].state.engine)

    # then every indicator of the pack has exactly the same values on both
    assert loaded is not None and loaded.clients == 50
    assert on_kafka["clients-registered"]["count"] == 50
    assert on_kafka["capability-service-share"]["numerator"] > 0
    assert set(embedded) == set(on_kafka) and len(on_kafka) >= 12
    for code, values in on_kafka.items():
        assert embedded[code] == values, code
