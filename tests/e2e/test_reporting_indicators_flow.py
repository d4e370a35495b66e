"""Reporting end to end on the real Kafka and PostgreSQL: registration to figure, a message
it cannot project, and a rebuild from the topics that equals the incremental figures."""

from __future__ import annotations

from datetime import UTC, date, datetime
from uuid import uuid4

import pytest

from kohtaamo.contracts import examples, topics
from kohtaamo.reporting.bootstrap import create_app as create_reporting

from .conftest import E2E_PROJECT, serve
from .synthetic import PROJECT, client_ids, produce, programme

pytestmark = [pytest.mark.e2e, pytest.mark.kafka, pytest.mark.postgres]
AS_OF = datetime(2026, 1, 1, tzinfo=UTC)
PROJECT_WIDE = {"org": "908", "projects": ["S20397"]}


def caught_up(running, auth_header):
    async def probe():
        response = await running.http.get("/freshness", headers=auth_header("analyst"))
        assert response.status_code == 200, response.text
        return response.json()

    return probe


async def test_clients_registered_over_http_and_served_elsewhere_reach_the_figures(
    start_intake, reporting, auth_header, registration_body, eventually, kafka_settings
):
    async with start_intake() as intake:  # its relay publishes while it runs
        ids = []
        for _ in range(6):
            response = await intake.http.post("/clients", json=registration_body(),
                                              headers=auth_header("intake_worker"))
            assert response.status_code == 201, response.text
            ids.append(response.json()["client_id"])
        # Casework does not exist yet: its events go onto its topic as its relay would put them.
        today = date.today()
        await produce(kafka_settings, [
            examples.envelope(examples.service_provided(client_id=c, service_episode_id=uuid4(),
                                                        provided_on=today),
                              event_id=uuid4(), organisation_id="091", project_id=E2E_PROJECT)
            for c in ids[:5]])
        params = {"project": E2E_PROJECT, "period": "window"}

        async def share():
            response = await reporting.http.get("/indicators/capability-service-share", params=params,
                                                headers=auth_header("manager"))
            return response.json()

        body = await eventually(share, until=lambda b: (b.get("numerator"), b.get("denominator")) == (5, 6))
    count = (await reporting.http.get("/indicators/clients-registered", params=params,
                                      headers=auth_header("manager"))).json()

    assert (body["denominator"], body["value"], body["status"]) == (6, "83.3", "MET")
    assert count["value"] == 6 and count["shown"] == "6"
    assert {p["topic"] for p in body["log_positions"]} >= {kafka_settings.topic(topics.INTAKE_CLIENTS),
                                                           kafka_settings.topic(topics.CASEWORK_CLIENTS)}
    freshness = await eventually(caught_up(reporting, auth_header), until=lambda f: f["caught_up"])
    assert all(p["lag"] == 0 for p in freshness["partitions"])


async def test_a_message_reporting_cannot_project_is_dead_lettered_with_its_reason_and_nothing_applied(
    reporting, auth_header, eventually, kafka, kafka_settings
):
    topic = kafka_settings.topic(topics.CASEWORK_CLIENTS)
    good = examples.envelope(examples.service_provided(client_id=uuid4()), event_id=uuid4())
    unknown = good.to_bytes().replace(b'"casework.ServiceProvided"', b'"casework.SomethingNew"')
    breaks_a_rule = examples.envelope(examples.client_registered(), event_id=uuid4()).to_bytes() \
        .replace(b'"registered_on":"2016-03-01"', b'"registered_on":"2016-02-30"')
    await kafka.produce(topic, unknown, key=b"k")
    await kafka.produce(topic, breaks_a_rule, key=b"k")

    dead = await eventually(lambda: kafka.read_all(topics.dead_letter(topic)), until=lambda r: len(r) >= 2)
    store = reporting.app.state.store
    applied = await store.pool.fetchval("SELECT count(*) FROM processed_events")

    kinds = sorted(dict(r.headers)["error_kind"].decode() for r in dead)
    assert kinds == ["malformed", "unknown_event_type"] or len(set(kinds)) == 2, kinds
    assert all(dict(r.headers)["error"] for r in dead)
    assert {r.value for r in dead} == {unknown, breaks_a_rule}
    assert applied == 0
    assert await store.pool.fetchval("SELECT count(*) FROM fact_client_events") == 0


async def test_a_rebuild_from_the_topics_gives_exactly_the_incremental_figures(
    reporting, reporting_settings, new_schema, auth_header, eventually, kafka_settings
):
    events = programme()
    await produce(kafka_settings, events)
    await eventually(caught_up(reporting, auth_header), until=lambda f: f["caught_up"] and f["partitions"])
    rebuild_settings = reporting_settings.model_copy(update={
        "database_schema": await new_schema(), "consumer_group": "reporting-rebuild"})

    async with serve(create_reporting(rebuild_settings), "rebuild") as rebuild:
        await eventually(caught_up(rebuild, auth_header), until=lambda f: f["caught_up"] and f["partitions"])
        codes = [i["code"] for i in (await reporting.http.get(
            "/indicators", headers=auth_header("analyst"))).json()]
        compared = 0
        for code in codes:
            for period in ("window", "2016", "2016Q1", "2017-03"):
                params = {"project": PROJECT, "period": period, "as_of": AS_OF.isoformat()}
                headers = auth_header("project_manager", **PROJECT_WIDE)
                live = await reporting.http.get(f"/indicators/{code}", params=params, headers=headers)
                rebuilt = await rebuild.http.get(f"/indicators/{code}", params=params, headers=headers)
                assert live.status_code == rebuilt.status_code == 200, live.text
                assert live.json() == rebuilt.json(), (code, period)
                compared += 1

    assert compared == 48  # 12 indicators x 4 periods
    assert len(client_ids(events)) == 60


