"""Closing a quarter end to end on the real Kafka and PostgreSQL: a synthetic programme
through the topics, the close, a late delivery dated in the quarter produced afterwards,
the published figure unchanged beside its correction, and the close reproduced exactly,
over HTTP and by the command an operator would run."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import UTC, date, datetime
from uuid import uuid4

import pytest

from kohtaamo.contracts import examples
from kohtaamo.reporting.application import periods
from kohtaamo.reporting.application.evaluation import Scope

from .synthetic import ORGS, PROJECT, produce, programme

pytestmark = [pytest.mark.e2e, pytest.mark.kafka, pytest.mark.postgres]
PROJECT_MANAGER = {"org": "908", "projects": [PROJECT]}


def caught_up(running, auth_header):
    async def probe():
        response = await running.http.get("/freshness", headers=auth_header("analyst"))
        assert response.status_code == 200, response.text
        body = response.json()
        return body["caught_up"] and bool(body["partitions"])

    return probe


def share(body):
    return next(f for f in body["figures"]
                if f["published"]["code"] == "capability-service-share" and f["basis"] == "PERIOD")


async def test_a_late_delivery_after_the_close_is_a_correction_and_the_close_reproduces(
        reporting, reporting_settings, kafka_settings, auth_header, eventually, tmp_path):
    await produce(kafka_settings, programme())
    await eventually(caught_up(reporting, auth_header))
    headers = auth_header("project_manager", **PROJECT_MANAGER)

    closed = await reporting.http.post(f"/periods/{PROJECT}/close", json={"period": "2016Q1"}, headers=headers)
    twice = await reporting.http.post(f"/periods/{PROJECT}/close", json={"period": "2016Q1"}, headers=headers)
    assert closed.status_code == 201, closed.text
    assert twice.status_code == 409
    publication = closed.json()

    # A client of the quarter without a qualifying delivery gets one, dated in the quarter,
    # recorded now: after the close.
    engine = reporting.app.state.engine
    project = engine.pack.projects[PROJECT]
    figure = await engine.evaluate("capability-service-share", Scope(project, project.organisations),
                                   periods.parse("2016Q1", None, None, project.window), datetime.now(UTC))
    client = sorted(figure.members.denominator - figure.members.numerator)[0]
    late = examples.envelope(
        examples.service_provided(client_id=client, service_episode_id=uuid4(), service_type="HEALTH_CHECK",
                                  provided_on=date(2016, 2, 15)),
        event_id=uuid4(), organisation_id=ORGS[0], project_id=PROJECT, recorded_at=datetime.now(UTC))
    await produce(kafka_settings, [late])

    async def corrected():
        response = await reporting.http.get(f"/publications/{publication['publication_id']}", headers=headers)
        return share(response.json())

    read = await eventually(corrected, until=lambda f: f["correction"] is not None)
    again = await reporting.http.get(f"/publications/{publication['publication_id']}/reproduction",
                                     headers=headers)

    assert read["published"] == share(publication)["published"]
    assert read["correction"]["current"]["numerator"] == share(publication)["published"]["numerator"] + 1
    assert [e["event_id"] for e in read["correction"]["late_events"]] == [str(late.event_id)]
    assert again.json()["reproduced"] is True and again.json()["differences"] == []

    env = os.environ | {"REPORTING_DATABASE_URL": reporting_settings.database_url,
                        "REPORTING_DATABASE_SCHEMA": reporting_settings.database_schema,
                        "REPORTING_BI_SCHEMA": reporting_settings.bi_schema_name,
                        "REPORTING_PACK_DIR": str(reporting_settings.pack_dir)}
    command = [sys.executable, "-m", "kohtaamo.reporting"]
    reproduced = subprocess.run([*command, "reproduce", publication["publication_id"]], env=env,
                                capture_output=True, text=True, timeout=120)
    exported = subprocess.run([*command, "export", publication["publication_id"], "--format", "xlsx",
                               "--output", str(tmp_path / "q1.xlsx")], env=env, capture_output=True,
                              text=True, timeout=120)

    assert reproduced.returncode == 0, reproduced.stderr
    assert reproduced.stdout.startswith(f"reproduced: publication {publication['publication_id']}")
    assert exported.returncode == 0, exported.stderr
    assert (tmp_path / "q1.xlsx").read_bytes()[:2] == b"PK"  # a zip: the workbook
