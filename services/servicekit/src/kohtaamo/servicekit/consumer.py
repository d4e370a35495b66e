"""Subscribing to integration events: parse, hand over, or dead-letter with the reason.

Handlers deduplicate on ``event_id`` in the same transaction as their effect; this module
makes sure nothing is dropped silently: a message that cannot be parsed or applied goes to
``<topic>.dlt`` with the reason in its headers, and consumption continues. Every consumer
of a topic writes to the same dead-letter topic, so the ``consumer`` header names the
group that parked the message (and so who should replay it). Any other error
(a database that is down) is not acknowledged, so the message is delivered again.
"""

from __future__ import annotations

import contextlib
import logging
import time
from collections.abc import Awaitable, Callable, Sequence
from typing import Any

from aiokafka.errors import KafkaError
from faststream import AckPolicy
from faststream.kafka import KafkaBroker, KafkaMessage, Topic

from kohtaamo.contracts import ContractError, Registry
from kohtaamo.contracts.topics import dead_letter

from .consumer_observability import Applying, observe_lag
from .kafka import renew_producer
from .messages import BatchHandler, Handler, Item, PermanentFailure, Source, Subscription
from .metrics import Metrics
from .observability import of_broker
from .offload import Offload
from .settings import KafkaSettings

__all__ = ["BatchHandler", "DeadLetters", "Handler", "Item", "PermanentFailure", "Source",
           "Subscription", "declared", "subscribe", "subscribe_batches"]

_DECLARED = "kohtaamo_subscriptions"  # the broker attribute listing what was subscribed


def declared(broker: KafkaBroker) -> list[Subscription]:
    """The subscriptions declared on ``broker`` with ``subscribe`` / ``subscribe_batches``."""
    return list(getattr(broker, _DECLARED, []))


def _record(broker: KafkaBroker, subscription: Subscription) -> None:
    if not hasattr(broker, _DECLARED):
        setattr(broker, _DECLARED, [])
    getattr(broker, _DECLARED).append(subscription)

log = logging.getLogger(__name__)


class DeadLetters:
    def __init__(self, broker: KafkaBroker, *, consumer: str, metrics: Metrics | None = None) -> None:
        self._broker = broker
        self._consumer = consumer
        self._metrics = metrics or of_broker(broker).metrics

    async def send(self, record: Any, *, kind: str, reason: str) -> None:
        """Publish a consumed ``ConsumerRecord`` as it came, with the reason in headers."""
        log.warning("dead-lettering %s[%s]@%s: %s", record.topic, record.partition, record.offset, reason)
        self._metrics.dead_letters.labels(record.topic, self._consumer, kind).inc()
        try:
            await self._publish(record, kind=kind, reason=reason)
        except KafkaError:
            # The message is not acknowledged and comes again; by then a new producer, in
            # case this one can never send again (OutOfOrderSequenceNumber after a broker
            # restart: reporting, which has no relay to renew it, would park nothing more).
            with contextlib.suppress(Exception):
                await renew_producer(self._broker)
            raise

    async def _publish(self, record: Any, *, kind: str, reason: str) -> None:
        await self._broker.publish(
            record.value,
            topic=dead_letter(record.topic),
            key=record.key,
            headers={
                "error": reason[:2000],
                "error_kind": kind,
                "consumer": self._consumer,
                "source_topic": record.topic,
                "source_partition": str(record.partition),
                "source_offset": str(record.offset),
            },
        )


async def _raw_body(msg: Any) -> bytes:
    # Hand the handler the bytes as they came: the registry does all parsing.
    return msg.body


def subscribe(
    broker: KafkaBroker,
    kafka: KafkaSettings,
    *,
    topics: list[str],
    group_id: str,
    registry: Registry,
    handle: Handler,
    name: str,
    description: str = "",
) -> Any:
    dead_letters = DeadLetters(broker, consumer=group_id)
    _record(broker, Subscription(name, tuple(topics), group_id, registry, handle, batch=False))
    observed = of_broker(broker)

    async def on_message(body: bytes, msg: KafkaMessage) -> None:
        record = msg.raw_message
        observed.metrics.consumed.labels(record.topic, group_id).inc()
        observe_lag(observed.metrics, msg.consumer, [record], group_id)
        try:
            envelope = registry.parse(body)
        except ContractError as exc:
            await dead_letters.send(record, kind=exc.kind, reason=exc.reason)
            return
        with Applying(observed.tracer, name, [(record, envelope)]) as applying:
            try:
                await handle(envelope, Source(record.topic, record.partition, record.offset))
            except PermanentFailure as exc:
                applying.refused(0, str(exc))
                await dead_letters.send(record, kind="unprocessable", reason=str(exc))

    return _register(broker, kafka, on_message, topics=topics, group_id=group_id, name=name,
                     description=description)


def offloaded(apply_batch: Callable[[Sequence[Item]], list[tuple[int, str]]], offload: Offload) -> BatchHandler:
    """A service's synchronous batch use case as the handler both transports call: run on
    ``offload``'s threads, the refused back as (index, reason), to be dead-lettered."""

    async def handle(items: list[Item]) -> list[tuple[int, str]]:
        return await offload(apply_batch, items)

    return handle


def subscribe_batches(
    broker: KafkaBroker,
    kafka: KafkaSettings,
    *,
    topics: list[str],
    group_id: str,
    registry: Registry,
    handle: BatchHandler,
    name: str,
    description: str = "",
    max_records: int = 500,
) -> Any:
    """Like ``subscribe``, for handlers that apply many events in one transaction.

    The handler runs first and dead letters are sent after it: a handler failure makes
    the whole batch come again (its effects are idempotent), and no reject is sent twice
    on that account.
    """
    dead_letters = DeadLetters(broker, consumer=group_id)
    _record(broker, Subscription(name, tuple(topics), group_id, registry, handle, batch=True))
    observed = of_broker(broker)
    metrics = observed.metrics

    async def on_batch(bodies: list[bytes], msg: KafkaMessage) -> None:
        records, items, unparseable = [], [], []
        for record in msg.raw_message:
            metrics.consumed.labels(record.topic, group_id).inc()
            try:
                event = registry.parse(record.value)
            except ContractError as exc:
                unparseable.append((record, exc))
                continue
            records.append(record)
            items.append(Item(event, Source(record.topic, record.partition, record.offset)))
        observe_lag(metrics, msg.consumer, msg.raw_message, group_id)
        rejected: list[tuple[int, str]] = []
        if items:
            started = time.perf_counter()
            with Applying(observed.tracer, name, [(r, i.event) for r, i in zip(records, items, strict=True)]
                          ) as applying:
                rejected = await handle(items)
                for index, reason in rejected:
                    applying.refused(index, reason)
            metrics.batch_size.labels(name).observe(len(items))
            metrics.batch_duration.labels(name).observe(time.perf_counter() - started)
        for record, exc in unparseable:
            await dead_letters.send(record, kind=exc.kind, reason=exc.reason)
        for index, reason in rejected:
            await dead_letters.send(records[index], kind="unprocessable", reason=reason)

    return _register(broker, kafka, on_batch, topics=topics, group_id=group_id, name=name,
                     description=description, batch=True, max_records=max_records)


def _register(
    broker: KafkaBroker,
    kafka: KafkaSettings,
    handler: Callable[..., Awaitable[None]],
    *,
    topics: list[str],
    group_id: str,
    name: str,
    description: str,
    **options: Any,
) -> Any:
    handler.__name__ = name  # FastStream names the AsyncAPI channels after the handler
    return broker.subscriber(
        # Provisioned topics (servicekit.provision, ensure_topics): a consumer may not
        # create another service's topic, and FastStream would create one partition only.
        *[Topic(kafka.topic(t), declare=False) for t in topics],
        group_id=group_id,
        decoder=_raw_body,
        # Not acknowledged on an unexpected error: the message comes again (handlers are
        # idempotent), instead of being skipped.
        ack_policy=AckPolicy.NACK_ON_ERROR,
        auto_offset_reset="earliest",
        title=name,
        description=description,
        **options,
    )(handler)
