"""Plain values about consumed messages, shared by the Kafka and in-process transports
and by application layers (no Kafka client here)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

from kohtaamo.contracts import Envelope, Registry


class PermanentFailure(Exception):
    """Raised by a handler for a message that can never be applied as it is: it is
    dead-lettered with this reason instead of being retried."""


@dataclass(frozen=True)
class Source:
    """Where a message came from: enough to find it again."""

    topic: str
    partition: int
    offset: int


@dataclass(frozen=True)
class Item:
    """One parsed event of a batch, and where it came from."""

    event: Envelope[Any]
    source: Source


Handler = Callable[[Envelope[Any], Source], Awaitable[None]]

# Returns (index into the batch, reason) for each item that can never be applied.
BatchHandler = Callable[[list[Item]], Awaitable[list[tuple[int, str]]]]


@dataclass(frozen=True)
class Subscription:
    """What a service consumes and the handler that applies it, whatever the transport.

    ``consumer.subscribe`` / ``subscribe_batches`` declare one on the Kafka broker and record it
    (``consumer.declared``), so another transport (the embedded, in-process one) can hand the
    same events to the same handler.
    """

    name: str
    topics: tuple[str, ...]  # unprefixed
    group_id: str
    registry: Registry
    handle: Handler | BatchHandler
    batch: bool
