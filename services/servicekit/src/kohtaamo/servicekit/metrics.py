"""A service's Prometheus metrics: one registry per app, never the library's global one.

Tests run several apps in one process, and each must count only its own work, so every
app owns a ``Metrics`` (``observability.Observability`` builds it) and ``/metrics`` renders
that registry alone. What a service counts:

- HTTP requests by method, route template (never the path: it may hold ids) and status,
  with a latency histogram (``http_observability``);
- events consumed per topic and consumer group, dead letters per topic and kind, the
  sizes and durations of batches handed to a batch handler, and each consumed partition's
  lag behind the broker's high watermark as of the last fetch (``consumer``);
- events published per topic (FastStream's own Prometheus middleware on the broker, as
  ``faststream_published_messages_total``) and each relay's outbox lag (refreshed on
  every scrape).

No label ever carries personal data: topics, groups, route templates, codes only.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram, generate_latest
from prometheus_client.exposition import CONTENT_TYPE_LATEST

CONTENT_TYPE = CONTENT_TYPE_LATEST

# Latencies of an API on a small machine: 5 ms … 10 s.
_HTTP_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0)
# A batch of up to 500 records (subscribe_batches' default).
_BATCH_SIZE_BUCKETS = (1, 2, 5, 10, 25, 50, 100, 250, 500, 1000)
_BATCH_SECONDS_BUCKETS = (0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0)

Refresh = Callable[[], Awaitable[None]]


class Metrics:
    def __init__(self, service: str) -> None:
        self.service = service
        self.registry = CollectorRegistry(auto_describe=True)
        self._refreshers: list[Refresh] = []
        r = self.registry
        self.http_requests = Counter(
            "kohtaamo_http_requests", "HTTP requests answered, by route template and status",
            ["method", "route", "status"], registry=r)
        self.http_duration = Histogram(
            "kohtaamo_http_request_duration_seconds", "Time to answer an HTTP request",
            ["method", "route"], buckets=_HTTP_BUCKETS, registry=r)
        self.consumed = Counter(
            "kohtaamo_events_consumed", "Records read from a topic and handed to the handler "
            "(or dead-lettered)", ["topic", "group"], registry=r)
        self.dead_letters = Counter(
            "kohtaamo_dead_letters", "Records parked in a dead-letter topic, by source topic "
            "and kind of failure", ["topic", "group", "kind"], registry=r)
        self.consumer_lag = Gauge(
            "kohtaamo_consumer_lag_events", "Records on a partition not yet consumed, as of "
            "the consumer's last fetch", ["topic", "partition", "group"], registry=r)
        self.batch_size = Histogram(
            "kohtaamo_projection_batch_size", "Events handed to a batch handler at once",
            ["consumer"], buckets=_BATCH_SIZE_BUCKETS, registry=r)
        self.batch_duration = Histogram(
            "kohtaamo_projection_batch_duration_seconds", "Time a batch handler took",
            ["consumer"], buckets=_BATCH_SECONDS_BUCKETS, registry=r)
        self.relayed = Counter(
            "kohtaamo_events_relayed", "Events the outbox relay published and the broker "
            "acknowledged", ["relay", "topic"], registry=r)
        self.outbox_lag = Gauge(
            "kohtaamo_outbox_lag_events", "Events stored but not yet published by the relay",
            ["relay"], registry=r)
        self.outbox_halted = Gauge(
            "kohtaamo_outbox_halted", "1 while the relay is halted at an untranslatable event",
            ["relay"], registry=r)

    def on_scrape(self, refresh: Refresh) -> None:
        """Run ``refresh`` (it sets gauges) before each rendering of ``/metrics``."""
        self._refreshers.append(refresh)

    async def render(self) -> bytes:
        for refresh in self._refreshers:
            try:
                await refresh()
            except Exception:  # a gauge that cannot be read now keeps its last value
                continue
        return generate_latest(self.registry)
