"""Outbox relay: follows an event store's notification log and publishes to Kafka.

The event store is the outbox: a command saves its domain events and their notification
ids in one transaction, and only this relay talks to Kafka. It publishes a batch, waits
for the broker to acknowledge every record, and only then stores its position. A crash
between the two re-publishes the batch with the same event ids, which consumers drop.
"""

from __future__ import annotations

import asyncio
import inspect
import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from uuid import NAMESPACE_URL, UUID, uuid5

from eventsourcing.application import Application
from eventsourcing.domain import DomainEventProtocol
from eventsourcing.persistence import Tracking, TrackingRecorder
from faststream.kafka import KafkaBroker

from kohtaamo.contracts import Envelope
from kohtaamo.contracts.routing import route_for

from .settings import KafkaSettings

log = logging.getLogger(__name__)

_EVENT_ID_NAMESPACE = uuid5(NAMESPACE_URL, "https://kohtaamo.fi/events")


def source_event_id(domain_event: DomainEventProtocol[Any]) -> UUID:
    """The same domain event always gets the same integration event id."""
    return uuid5(
        _EVENT_ID_NAMESPACE, f"{domain_event.originator_id}/{domain_event.originator_version}"
    )


@dataclass(frozen=True)
class Outgoing:
    """One integration event on its way out: topic name (unprefixed) and partition key."""

    topic: str
    key: str
    envelope: Envelope[Any]

    @classmethod
    def routed(cls, envelope: Envelope[Any]) -> Outgoing:
        """Topic and key as the contracts' routing table says for this event."""
        route = route_for(envelope.payload)
        return cls(topic=route.topic, key=route.key(envelope.payload), envelope=envelope)


Translate = Callable[[DomainEventProtocol[Any]], Outgoing | None]


class OutboxRelay:
    def __init__(
        self,
        *,
        name: str,
        app: Application[Any],
        translate: Translate,
        broker: KafkaBroker,
        kafka: KafkaSettings,
        positions: TrackingRecorder,
        batch_size: int = 500,
        idle_wait: float = 0.5,
    ) -> None:
        self.name = name
        self._app = app
        self._translate = translate
        self._broker = broker
        self._kafka = kafka
        self._positions = positions
        self._batch_size = batch_size
        self._idle_wait = idle_wait
        self._wake = asyncio.Event()
        self._position: int | None = None

    def nudge(self) -> None:
        """Wake the relay now instead of at its next idle check (called after a save)."""
        self._wake.set()

    async def position(self) -> int:
        if self._position is None:
            stored = await asyncio.to_thread(self._positions.max_tracking_id, self.name)
            self._position = stored or 0
        return self._position

    async def publish_pending(self, *, limit: int | None = None) -> int:
        """Publish what is waiting (at most ``limit`` notifications); return how many."""
        done = 0
        while limit is None or done < limit:
            size = self._batch_size if limit is None else min(self._batch_size, limit - done)
            start = await self.position()
            batch = await asyncio.to_thread(self._read, start, size)
            if not batch:
                break
            confirmations = []
            for outgoing in (o for _, o in batch if o is not None):
                confirmations.append(await self._send(outgoing))
            # Every record acknowledged (in-memory test brokers confirm at once).
            await asyncio.gather(*(c for c in confirmations if inspect.isawaitable(c)))
            last = batch[-1][0]
            await asyncio.to_thread(self._positions.insert_tracking, Tracking(self.name, last))
            self._position = last
            done += len(batch)
        return done

    async def run(self) -> None:
        """Publish forever; cancel the task to stop."""
        while True:
            try:
                published = await self.publish_pending()
            except asyncio.CancelledError:
                raise
            except Exception:
                log.exception("relay %s failed; retrying", self.name)
                self._position = None  # re-read the stored position after a failure
                published = 0
                await asyncio.sleep(self._idle_wait)
            if published == 0:
                self._wake.clear()
                try:
                    await asyncio.wait_for(self._wake.wait(), timeout=self._idle_wait)
                except TimeoutError:
                    pass

    def _read(self, after: int, size: int) -> list[tuple[int, Outgoing | None]]:
        notifications = self._app.recorder.select_notifications(
            start=after, limit=size, inclusive_of_start=False
        )
        return [
            (n.id, self._translate(self._app.mapper.to_domain_event(n))) for n in notifications
        ]

    async def _send(self, outgoing: Outgoing) -> Any:
        envelope = outgoing.envelope
        return await self._broker.publish(
            envelope.to_bytes(),
            topic=self._kafka.topic(outgoing.topic),
            key=outgoing.key.encode(),
            headers={
                "content-type": "application/json",
                "event_type": envelope.event_type,
                "schema_version": str(envelope.schema_version),
                "event_id": str(envelope.event_id),
            },
            no_confirm=True,
        )
