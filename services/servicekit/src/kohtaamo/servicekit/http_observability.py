"""Each HTTP request measured, traced and logged by its route template, never its path.

Paths and query strings can carry ids (and a careless client could put anything in
them), so the metrics' ``route`` label, the span name and the access log line use the
route template (``/clients/{client_id}``) that matched, or ``(unmatched)``.

``GET /metrics`` needs no token: like ``/health`` it is for the operators' scraper, and
it holds no personal data — counts and durations labelled by route template, topic,
consumer group and status. Restrict it in a deployment at the network edge (publish only
the API paths through the ingress or reverse proxy, let Prometheus reach the service
port from inside).
"""

from __future__ import annotations

import logging
import time
from typing import Any

from fastapi import FastAPI
from fastapi.responses import Response
from opentelemetry import propagate
from opentelemetry.trace import SpanKind, Status, StatusCode
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from . import causation
from .metrics import CONTENT_TYPE
from .observability import Observability
from .tracing import CORRELATION_ATTRIBUTE

access_log = logging.getLogger("kohtaamo.access")

UNMATCHED = "(unmatched)"


def route_template(scope: Scope) -> str:
    route: Any = scope.get("route")
    return getattr(route, "path", None) or UNMATCHED


class ObservedRequests:
    """Counts, times, traces and logs every request (inside the causation middleware, so
    the correlation id is known; outside the error middleware, so a 500 is seen)."""

    def __init__(self, app: ASGIApp, observability: Observability) -> None:
        self.app = app
        self._metrics = observability.metrics
        self._tracer = observability.tracer

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        method = scope.get("method", "")
        status = 500
        started = time.perf_counter()

        async def watch(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
            await send(message)

        headers = {k.decode("latin-1"): v.decode("latin-1") for k, v in scope.get("headers", [])
                   if k in (b"traceparent", b"tracestate")}
        with self._tracer.start_as_current_span(
            f"{method} {UNMATCHED}", kind=SpanKind.SERVER, context=propagate.extract(headers),
            attributes={"http.request.method": method},
        ) as span:
            cause = causation.current()
            if cause is not None:
                span.set_attribute(CORRELATION_ATTRIBUTE, str(cause.correlation_id))
            try:
                await self.app(scope, receive, watch)
            finally:
                route = route_template(scope)
                elapsed = time.perf_counter() - started
                span.update_name(f"{method} {route}")
                span.set_attribute("http.route", route)
                span.set_attribute("http.response.status_code", status)
                if status >= 500:
                    span.set_status(Status(StatusCode.ERROR))
                self._metrics.http_requests.labels(method, route, str(status)).inc()
                self._metrics.http_duration.labels(method, route).observe(elapsed)
                access_log.info("%s %s %s %.1f ms", method, route, status, elapsed * 1000,
                                extra={"http_method": method, "http_route": route,
                                       "http_status": status,
                                       "duration_ms": round(elapsed * 1000, 1)})


def install_metrics_route(app: FastAPI, observability: Observability) -> None:
    metrics = observability.metrics

    @app.get(
        "/metrics", tags=["operations"], response_class=Response,
        responses={200: {"description": "The Prometheus text format",
                         "content": {"text/plain": {"schema": {"type": "string"}}}}},
    )
    async def prometheus_metrics() -> Response:
        """This instance's metrics for Prometheus; needs no token and holds no personal
        data (counts and durations by route template, topic, group and status)."""
        return Response(await metrics.render(), media_type=CONTENT_TYPE)
