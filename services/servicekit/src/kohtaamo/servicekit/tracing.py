"""OpenTelemetry traces: from an HTTP command through the relay and Kafka to a consumer.

Off by default. With ``OTEL_EXPORTER_OTLP_ENDPOINT`` (or ``..._TRACES_ENDPOINT``) set, each
service exports its spans over OTLP/HTTP; the exporter reads the rest of the standard
``OTEL_EXPORTER_OTLP_*`` variables itself (headers, certificates, timeout).

A trace crosses the outbox: the request's span context is stored with each event it saves
(beside the cause, ``causation.py``), and the relay publishes the event inside that
context, so FastStream's telemetry middleware puts a ``traceparent`` header on the record.
A consumer then applies each record in a span whose parent is that header. Spans carry
ids and codes only (event id and type, correlation id, topic, route template).
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator, Mapping
from typing import Any

from opentelemetry import context as otel_context
from opentelemetry import propagate, trace
from opentelemetry.context import Context
from opentelemetry.sdk.resources import Resource
from opentelemetry.sdk.trace import TracerProvider
from opentelemetry.sdk.trace.export import BatchSpanProcessor

from .settings import TelemetrySettings

TRACER_NAME = "kohtaamo"
CORRELATION_ATTRIBUTE = "kohtaamo.correlation_id"
EVENT_ID_ATTRIBUTE = "kohtaamo.event_id"
EVENT_TYPE_ATTRIBUTE = "kohtaamo.event_type"


def provider_for(service: str, settings: TelemetrySettings) -> TracerProvider | None:
    """The service's tracer provider exporting over OTLP, or None when tracing is off."""
    if not settings.enabled:
        return None
    from opentelemetry.exporter.otlp.proto.http.trace_exporter import OTLPSpanExporter

    provider = TracerProvider(resource=Resource.create({"service.name": service}))
    provider.add_span_processor(BatchSpanProcessor(OTLPSpanExporter()))
    return provider


def current_traceparent() -> str | None:
    """The W3C traceparent of the span now current, if one is recording."""
    carrier: dict[str, str] = {}
    propagate.inject(carrier)
    return carrier.get("traceparent")


def context_of(traceparent: str | None) -> Context | None:
    if not traceparent:
        return None
    return propagate.extract({"traceparent": traceparent})


def context_from_headers(headers: Any) -> Context:
    """The span context a Kafka record carries (aiokafka headers: (name, bytes) pairs)."""
    carrier: dict[str, str] = {}
    for name, value in headers or ():
        if name in ("traceparent", "tracestate") and value is not None:
            carrier[name] = value.decode("latin-1") if isinstance(value, bytes) else str(value)
    return propagate.extract(carrier)


@contextlib.contextmanager
def within(ctx: Context | None) -> Iterator[None]:
    """Run the block inside ``ctx`` (the stored context of an event), if there is one."""
    if ctx is None:
        yield
        return
    token = otel_context.attach(ctx)
    try:
        yield
    finally:
        otel_context.detach(token)


def tracer(provider: TracerProvider | None) -> trace.Tracer:
    """A tracer of ``provider``; without one, a tracer that records nothing."""
    if provider is None:
        return trace.NoOpTracer()
    return provider.get_tracer(TRACER_NAME)


def event_attributes(envelope: Any) -> Mapping[str, str]:
    return {
        EVENT_ID_ATTRIBUTE: str(envelope.event_id),
        EVENT_TYPE_ATTRIBUTE: envelope.event_type,
        CORRELATION_ATTRIBUTE: str(envelope.correlation_id),
    }
