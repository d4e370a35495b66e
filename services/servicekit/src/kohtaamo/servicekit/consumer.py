"""Subscribing to integration events: parse, hand over, or dead-letter with the reason.

Handlers deduplicate on ``event_id`` in the same transaction as their effect; this module
makes sure nothing is dropped silently: a message that cannot be parsed or applied goes to
``<topic>.dlt`` with the reason in its headers, and consumption continues. Any other error
(a database that is down) is not acknowledged, so the message is delivered again.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

from faststream import AckPolicy
from faststream.kafka import KafkaBroker, KafkaMessage

from kohtaamo.contracts import ContractError, Envelope, Registry
from kohtaamo.contracts.topics import dead_letter

from .settings import KafkaSettings

log = logging.getLogger(__name__)


class PermanentFailure(Exception):
    """Raised by a handler for a message that can never be applied as it is."""


@dataclass(frozen=True)
class Source:
    """Where a message came from: enough to find it again."""

    topic: str
    partition: int
    offset: int


Handler = Callable[[Envelope[Any], Source], Awaitable[None]]


class DeadLetters:
    def __init__(self, broker: KafkaBroker) -> None:
        self._broker = broker

    async def send(self, msg: KafkaMessage, *, kind: str, reason: str) -> None:
        record = msg.raw_message
        log.warning("dead-lettering %s[%s]@%s: %s", record.topic, record.partition, record.offset, reason)
        await self._broker.publish(
            msg.body,
            topic=dead_letter(record.topic),
            key=record.key,
            headers={
                "error": reason[:2000],
                "error_kind": kind,
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
    dead_letters = DeadLetters(broker)

    async def on_message(body: bytes, msg: KafkaMessage) -> None:
        record = msg.raw_message
        try:
            envelope = registry.parse(body)
        except ContractError as exc:
            await dead_letters.send(msg, kind=exc.kind, reason=exc.reason)
            return
        try:
            await handle(envelope, Source(record.topic, record.partition, record.offset))
        except PermanentFailure as exc:
            await dead_letters.send(msg, kind="unprocessable", reason=str(exc))

    on_message.__name__ = name
    return broker.subscriber(
        *[kafka.topic(t) for t in topics],
        group_id=group_id,
        decoder=_raw_body,
        ack_policy=AckPolicy.NACK_ON_ERROR,
        auto_offset_reset="earliest",
        title=name,
        description=description,
    )(on_message)
