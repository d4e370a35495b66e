"""What a consumer records while it applies records: lag, spans, the event in the logs."""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Sequence
from types import TracebackType
from typing import Any

from aiokafka import TopicPartition
from opentelemetry import trace
from opentelemetry.trace import SpanKind, Status, StatusCode

from kohtaamo.contracts import Envelope

from .logs import about_event
from .metrics import Metrics
from .tracing import context_from_headers, event_attributes

log = logging.getLogger("kohtaamo.consumer")


def observe_lag(metrics: Metrics, consumer: Any, records: Sequence[Any], group: str) -> None:
    """Each partition's lag behind the high watermark of the consumer's last fetch."""
    highwater = getattr(consumer, "highwater", None)
    if highwater is None:  # an in-memory test broker's stand-in consumer
        return
    last: dict[tuple[str, int], int] = {}
    for r in records:
        last[(r.topic, r.partition)] = max(last.get((r.topic, r.partition), -1), r.offset)
    for (topic, partition), offset in last.items():
        end = highwater(TopicPartition(topic, partition))
        if end is not None:
            metrics.consumer_lag.labels(topic, str(partition), group).set(max(end - offset - 1, 0))


class Applying:
    """A span per record being applied, each a child of the context its record carries
    (so a trace goes on from the producer's request), and the event named in the logs
    when there is one."""

    def __init__(self, tracer: trace.Tracer, consumer: str,
                 records: Sequence[tuple[Any, Envelope[Any]]]) -> None:
        self._tracer, self._consumer, self._records = tracer, consumer, records
        self._spans: list[trace.Span] = []
        self._refused: set[int] = set()
        self._log = contextlib.ExitStack()

    def __enter__(self) -> Applying:
        for record, envelope in self._records:
            self._spans.append(self._tracer.start_span(
                f"{self._consumer} {envelope.event_type}", kind=SpanKind.CONSUMER,
                context=context_from_headers(record.headers),
                attributes={**event_attributes(envelope), "messaging.system": "kafka",
                            "messaging.destination.name": record.topic,
                            "messaging.kafka.partition": record.partition,
                            "messaging.kafka.offset": record.offset}))
        if len(self._records) == 1:
            self._log.enter_context(about_event(self._records[0][1].event_id))
        return self

    def refused(self, index: int, reason: str) -> None:
        self._refused.add(index)
        self._spans[index].set_status(Status(StatusCode.ERROR, "dead-lettered"))

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 tb: TracebackType | None) -> None:
        for span in self._spans:
            if error is not None:
                span.set_status(Status(StatusCode.ERROR, type(error).__name__))
            span.end()
        self._log.close()
        if error is None:
            self._log_applied()

    def _log_applied(self) -> None:
        """One INFO line a batch, with the ids of its events (one a line at DEBUG): a line an
        event was a fifth of a rebuild's time. Ids and codes only."""
        applied = [(record, envelope) for index, (record, envelope) in enumerate(self._records)
                   if index not in self._refused]
        if not applied:
            return
        if log.isEnabledFor(logging.DEBUG):
            for record, envelope in applied:
                log.debug("applied %s", envelope.event_type, extra={
                    "event_id": str(envelope.event_id), "correlation_id": str(envelope.correlation_id),
                    "consumer": self._consumer, "topic": record.topic,
                    "partition": record.partition, "offset": record.offset})
        ids = {"event_id": str(applied[0][1].event_id)} if len(applied) == 1 else {
            "event_ids": [str(envelope.event_id) for _, envelope in applied]}
        types = sorted({envelope.event_type for _, envelope in applied})
        log.info("applied %d event(s): %s", len(applied), ", ".join(types), extra={
            **ids, "consumer": self._consumer, "topic": applied[0][0].topic,
            "offsets": {f"{r.partition}": r.offset for r, _ in applied}})
