"""Metrics and traces on the real stack: /metrics moves when events flow, and one trace
goes from intake's HTTP command through its relay and Kafka to reporting's projection."""

from __future__ import annotations

from uuid import uuid4

import pytest
from opentelemetry.sdk.resources import Resource
from opentelemetry.sdk.trace import TracerProvider
from opentelemetry.sdk.trace.export import SimpleSpanProcessor
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter
from prometheus_client.parser import text_string_to_metric_families

from kohtaamo.reporting.bootstrap import create_app as create_reporting
from kohtaamo.servicekit.observability import Observability

from .conftest import serve

pytestmark = [pytest.mark.e2e, pytest.mark.kafka, pytest.mark.postgres]


async def scrape(running) -> dict[tuple[str, frozenset], float]:
    answer = await running.http.get("/metrics")  # no token: the scraper's route
    assert answer.status_code == 200 and answer.headers["content-type"].startswith("text/plain")
    return {(s.name, frozenset(s.labels.items())): s.value
            for family in text_string_to_metric_families(answer.text) for s in family.samples}


def total(samples, name: str, **labels: str) -> float:
    return sum(v for (n, ls), v in samples.items()
               if n == name and set(labels.items()) <= set(ls))


async def test_metrics_parse_and_their_counters_move_when_events_flow(
    start_intake, reporting, auth_header, registration_body, settle, kafka_settings
):
    topic = kafka_settings.topic("intake.clients")
    async with start_intake() as intake:
        before_i, before_r = await scrape(intake), await scrape(reporting)
        for _ in range(3):
            answer = await intake.http.post("/clients", json=registration_body(),
                                            headers=auth_header("intake_worker"))
            assert answer.status_code == 201
        await settle(intake)
        after_i, after_r = await scrape(intake), await scrape(reporting)

    http = "kohtaamo_http_requests_total"
    assert total(after_i, http, route="/clients", status="201") - total(before_i, http, route="/clients", status="201") == 3
    assert total(after_i, "kohtaamo_http_request_duration_seconds_count", route="/clients") >= 3
    assert total(after_i, "kohtaamo_events_relayed_total", topic=topic) - total(before_i, "kohtaamo_events_relayed_total", topic=topic) == 3
    assert total(after_i, "faststream_published_messages_total", destination=topic) >= 3
    assert total(after_i, "kohtaamo_outbox_lag_events", relay="intake-outbox") == 0
    assert total(after_r, "kohtaamo_events_consumed_total", topic=topic) - total(before_r, "kohtaamo_events_consumed_total", topic=topic) == 3
    assert total(after_r, "kohtaamo_projection_batch_size_count") > total(before_r, "kohtaamo_projection_batch_size_count")
    assert total(after_r, "kohtaamo_projection_batch_duration_seconds_sum") > 0
    assert total(after_r, "kohtaamo_consumer_lag_events", topic=topic) == 0
    assert total(after_r, "kohtaamo_dead_letters_total") == 0
    # Route templates only: no path (which may hold an id) becomes a label
    routes = {dict(ls)["route"] for n, ls in after_i if n == http}
    assert "/clients" in routes and all(r.startswith("/") or r == "(unmatched)" for r in routes)
    assert not any(part.count("-") == 4 for r in routes for part in r.split("/"))


async def test_one_trace_crosses_intake_and_reporting_with_the_correlation_id(
    start_intake, reporting_settings, auth_header, registration_body, settle
):
    exporter = InMemorySpanExporter()

    def traced(service: str) -> Observability:
        provider = TracerProvider(resource=Resource.create({"service.name": service}))
        provider.add_span_processor(SimpleSpanProcessor(exporter))
        return Observability(service, tracer_provider=provider)

    correlation = uuid4()
    async with serve(create_reporting(reporting_settings, observability=traced("reporting")), "reporting"), \
            start_intake(observability=traced("intake")) as intake:
        answer = await intake.http.post("/clients", json=registration_body(),
                                        headers={**auth_header("intake_worker"),
                                                 "X-Correlation-ID": str(correlation)})
        assert answer.status_code == 201
        await settle(intake)

    spans = exporter.get_finished_spans()
    [request] = [s for s in spans if s.name == "POST /clients"]
    applied = [s for s in spans if s.name == "on_events intake.ClientRegistered"]
    assert applied, sorted({s.name for s in spans})
    trace_id = request.context.trace_id
    crossing = [s for s in spans if s.context.trace_id == trace_id]
    assert {s.resource.attributes["service.name"] for s in crossing} == {"intake", "reporting"}
    assert any(s in crossing for s in applied)
    [projected] = [s for s in applied if s.context.trace_id == trace_id]
    assert projected.attributes["kohtaamo.correlation_id"] == str(correlation)
    assert request.attributes["kohtaamo.correlation_id"] == str(correlation)
    assert any(s.name.endswith("publish") and s.resource.attributes["service.name"] == "intake"
               for s in crossing)
