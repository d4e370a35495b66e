"""Outbox relay: follows an event store's notification log and publishes to Kafka.

The event store is the outbox: a command saves its domain events and their notification
ids in one transaction, and only this relay talks to Kafka. It publishes a batch, waits
for the broker to acknowledge every record, and only then stores its position. A crash
between the two re-publishes the batch with the same event ids, which consumers drop.

An event the relay cannot translate into a valid contract is a defect, not a transient
failure: the relay publishes everything before it, then halts, reports the notification id
and the reason in ``status`` (which ``/health`` shows) and in an error log line, and never
skips it. A restart after the fix resumes from that very event. Other failures (broker or
database down) are retried with a growing pause.
"""

from __future__ import annotations

import asyncio
import contextlib
import inspect
import logging
from dataclasses import dataclass
from typing import Any, Literal

from aiokafka.errors import KafkaError
from eventsourcing.application import Application
from eventsourcing.persistence import Tracking, TrackingRecorder
from faststream.kafka import KafkaBroker

from .kafka import renew_producer
from .logs import about_event
from .observability import of_broker
from .outgoing import Outgoing, Translate
from .settings import KafkaSettings
from .tracing import context_of, within

log = logging.getLogger(__name__)

State = Literal["starting", "running", "retrying", "halted"]


class Untranslatable(Exception):
    """A stored event that cannot become a valid integration event."""

    def __init__(self, notification_id: int, reason: str) -> None:
        super().__init__(f"notification {notification_id}: {reason}")
        self.notification_id = notification_id
        self.reason = reason


@dataclass(frozen=True)
class RelayStatus:
    name: str
    state: State
    position: int | None
    latest: int | None
    halted_at: int | None = None
    reason: str | None = None

    @property
    def lag(self) -> int | None:
        """Notifications stored but not yet published (the outbox lag)."""
        if self.position is None or self.latest is None:
            return None
        return max(self.latest - self.position, 0)

    @property
    def healthy(self) -> bool:
        return self.state in ("starting", "running")

    def as_dict(self) -> dict[str, Any]:
        return {
            "name": self.name, "state": self.state, "position": self.position,
            "latest": self.latest, "lag": self.lag, "halted_at_notification": self.halted_at,
            "reason": self.reason,
        }


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
        max_backoff: float = 10.0,
    ) -> None:
        self.name = name
        self._app = app
        self._translate = translate
        self._broker = broker
        self._kafka = kafka
        self._positions = positions
        self._batch_size = batch_size
        self._idle_wait = idle_wait
        self._max_backoff = max_backoff
        self._wake = asyncio.Event()
        self._position: int | None = None
        self._state: State = "starting"
        self._halt: Untranslatable | None = None
        self._last_error: str | None = None
        self._metrics = of_broker(broker).metrics
        self._metrics.on_scrape(self._refresh_metrics)

    async def _refresh_metrics(self) -> None:
        status = await self.status()
        if status.lag is not None:
            self._metrics.outbox_lag.labels(self.name).set(status.lag)
        self._metrics.outbox_halted.labels(self.name).set(1 if status.state == "halted" else 0)

    @property
    def app(self) -> Application[Any]:
        """The event store whose notification log is the outbox."""
        return self._app

    @property
    def translate(self) -> Translate:
        return self._translate

    def nudge(self) -> None:
        """Wake the relay now instead of at its next idle check (called after a save)."""
        self._wake.set()

    async def position(self) -> int:
        if self._position is None:
            stored = await asyncio.to_thread(self._positions.max_tracking_id, self.name)
            self._position = stored or 0
        return self._position

    async def status(self) -> RelayStatus:
        latest: int | None
        try:
            latest = await asyncio.to_thread(self._app.recorder.max_notification_id) or 0
            position = await self.position()
        except Exception:  # the database is down: say so rather than fail the health check
            latest, position = None, self._position
        halt = self._halt
        return RelayStatus(
            name=self.name, state=self._state, position=position, latest=latest,
            halted_at=halt.notification_id if halt else None,
            reason=halt.reason if halt else self._last_error,
        )

    async def publish_pending(self, *, limit: int | None = None) -> int:
        """Publish what is waiting (at most ``limit`` notifications); return how many.

        Raises ``Untranslatable`` after publishing every notification before the bad one.
        """
        if self._halt is not None:
            raise self._halt
        done = 0
        while limit is None or done < limit:
            size = self._batch_size if limit is None else min(self._batch_size, limit - done)
            start = await self.position()
            batch, failure = await asyncio.to_thread(self._read, start, size)
            if batch:
                await self._publish(batch)
                done += len(batch)
            if failure is not None:
                self._halted(failure)
                raise failure
            if not batch:
                break
        return done

    async def run(self) -> None:
        """Publish until halted by an untranslatable event; cancel the task to stop."""
        backoff = self._idle_wait
        while True:
            try:
                published = await self.publish_pending()
            except asyncio.CancelledError:
                raise
            except Untranslatable:
                return  # halted: status and the log say why; a restart resumes here
            except Exception as exc:
                self._state, self._last_error = "retrying", f"{type(exc).__name__}: {exc}"
                log.warning("relay %s failed, retrying in %.1f s: %s", self.name, backoff, exc)
                self._position = None  # re-read the stored position after a failure
                if isinstance(exc, KafkaError):
                    await self._renew_producer()
                await asyncio.sleep(backoff)
                backoff = min(backoff * 2, self._max_backoff)
                continue
            self._state, self._last_error, backoff = "running", None, self._idle_wait
            if published == 0:
                self._wake.clear()
                # asyncio.timeout, not wait_for: on 3.11 wait_for can swallow a cancellation
                # that arrives as the wait ends, and shutdown would hang on this task.
                with contextlib.suppress(TimeoutError):
                    async with asyncio.timeout(self._idle_wait):
                        await self._wake.wait()

    async def _renew_producer(self) -> None:
        # After a broker restart the idempotent producer may fail every send from then on
        # (OutOfOrderSequenceNumber): the relay would retry for ever. A new producer (a new
        # producer id) sends the batch again from the stored position.
        try:
            if await renew_producer(self._broker):
                log.info("relay %s: a new Kafka producer after: %s", self.name, self._last_error)
        except Exception as exc:  # the broker is still down: the next retry tries again
            log.warning("relay %s: could not renew the Kafka producer: %s", self.name, exc)

    def _halted(self, failure: Untranslatable) -> None:
        self._state, self._halt = "halted", failure
        log.error(
            "relay %s halted at notification %s: %s; later events wait until this is fixed "
            "and the service restarted", self.name, failure.notification_id, failure.reason,
        )

    async def _publish(self, batch: list[tuple[int, Outgoing | None]]) -> None:
        confirmations = []
        for outgoing in (o for _, o in batch if o is not None):
            confirmations.append(await self._send(outgoing))
        # Every record acknowledged (in-memory test brokers confirm at once).
        await asyncio.gather(*(c for c in confirmations if inspect.isawaitable(c)))
        last = batch[-1][0]
        await asyncio.to_thread(self._positions.insert_tracking, Tracking(self.name, last))
        self._position = last
        for outgoing in (o for _, o in batch if o is not None):
            self._metrics.relayed.labels(self.name, self._kafka.topic(outgoing.topic)).inc()

    def _read(
        self, after: int, size: int
    ) -> tuple[list[tuple[int, Outgoing | None]], Untranslatable | None]:
        return read_outbox(self._app, self._translate, after, size)

    async def _send(self, outgoing: Outgoing) -> Any:
        envelope = outgoing.envelope
        # Inside the saving request's trace: the broker's telemetry middleware puts its
        # traceparent on the record (and records nothing when tracing is off).
        with within(context_of(outgoing.traceparent)), about_event(envelope.event_id):
            return await self._publish_one(outgoing)

    async def _publish_one(self, outgoing: Outgoing) -> Any:
        envelope = outgoing.envelope
        return await self._broker.publish(
            envelope.to_bytes(),
            topic=self._kafka.topic(outgoing.topic),
            key=outgoing.key.encode(),
            correlation_id=str(envelope.correlation_id),
            headers={
                "content-type": "application/json",
                "event_type": envelope.event_type,
                "schema_version": str(envelope.schema_version),
                "event_id": str(envelope.event_id),
                "causation_id": str(envelope.causation_id),
            },
            no_confirm=True,
        )


def read_outbox(
    app: Application[Any], translate: Translate, after: int, size: int
) -> tuple[list[tuple[int, Outgoing | None]], Untranslatable | None]:
    """Translated notifications after ``after``, up to the first untranslatable one (also
    how the in-process transport reads an outbox: the same translation as on Kafka)."""
    notifications = app.recorder.select_notifications(start=after, limit=size, inclusive_of_start=False)
    translated: list[tuple[int, Outgoing | None]] = []
    for n in notifications:
        try:
            translated.append((n.id, translate(app.mapper.to_domain_event(n))))
        except Exception as exc:  # a contract refusing what the domain accepted, a bug
            return translated, Untranslatable(n.id, f"{type(exc).__name__}: {exc}")
    return translated, None
