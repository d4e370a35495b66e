"""The in-process transport: every outbox read straight into every subscription, no broker.

For each consuming subscription and each producing service, a follower task reads the
producer's notification log after a stored position, translates each notification exactly as
the outbox relay does (``relay.read_outbox``), serialises the envelope to the bytes the relay
would publish, parses them with the subscription's registry and awaits the subscription's
own handler: the one ``consumer.subscribe`` gives the Kafka subscriber. Only the transport
differs.

Guarantees, as on Kafka:

- At least once, applied once. The handler records the event id in the consumer's own
  transaction (``inbox.apply_once``, reporting's ``processed_events``); the follower stores
  its position in the consumer's database after the handler committed, as a Kafka consumer
  commits its offset after the handler. A crash in between delivers the batch again and
  the receipts drop it.
- Order. One follower reads one producer's log in notification order, so each subject's
  events (each Kafka key's) arrive in the order they were stored.
- Nothing dropped. A message the registry cannot parse, or the handler refuses for good
  (``PermanentFailure``, a batch handler's rejects), goes to the consumer's
  ``inprocess_dead_letters`` table with the same kind and reason text a dead-letter topic's
  headers would carry, and consumption goes on. Any other error (the database is down) is
  retried with a growing pause, the position unmoved.
- Halt on an untranslatable event. A notification the producer cannot translate is a defect:
  the follower delivers everything before it and stops there, and the producer's outbox
  status (``/health``) says halted, where and why, until a restart after the fix.

Followers join and leave with their services' lifespans (``join``), so one service can be
restarted while the others run, as with a broker. Wakes: a producer's ``nudge`` after a
save, else a short poll.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator, Sequence
from dataclasses import dataclass, field
from typing import Any

import asyncpg
from eventsourcing.application import Application

from kohtaamo.contracts import ContractError
from kohtaamo.contracts.routing import ROUTES, producer_of
from kohtaamo.contracts.topics import dead_letter

from .logs import about_event
from .messages import Item, PermanentFailure, Source, Subscription
from .outgoing import Outgoing, Translate
from .relay import OutboxRelay, RelayStatus, Untranslatable, read_outbox

log = logging.getLogger(__name__)

_TABLES = """
CREATE TABLE IF NOT EXISTS inprocess_positions (
    consumer text NOT NULL,
    producer text NOT NULL,
    position bigint NOT NULL,
    updated_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (consumer, producer)
);
CREATE TABLE IF NOT EXISTS inprocess_dead_letters (
    id bigserial PRIMARY KEY,
    consumer text NOT NULL,
    source_topic text NOT NULL,
    dead_letter_topic text NOT NULL,
    producer text,
    notification_id bigint,
    key text,
    value bytea NOT NULL,
    error text NOT NULL,
    error_kind text NOT NULL,
    parked_at timestamptz NOT NULL DEFAULT now()
);
"""


@dataclass(frozen=True)
class Delivered:
    """One message as the in-process transport carried it (what a topic's record is on Kafka)."""

    topic: str
    key: str
    value: bytes
    offset: int  # the producer's notification id


@dataclass(frozen=True)
class DeadLetter:
    consumer: str
    source_topic: str
    key: str | None
    value: bytes
    error: str
    error_kind: str
    source_offset: int | None


class InProcessOutbox:
    """Takes the outbox relay's place for one producer: ``nudge`` and ``status`` as the relay's."""

    def __init__(self, transport: InProcessTransport, relay: OutboxRelay, producer: str) -> None:
        self.name, self.producer = relay.name, producer
        self.app: Application[Any] = relay.app
        self.translate: Translate = relay.translate
        self._transport = transport
        self.halt: Untranslatable | None = None

    def nudge(self) -> None:
        self._transport.wake(self.producer)

    async def status(self) -> RelayStatus:
        """``position`` is the slowest follower's: ``lag`` is what some consumer has yet to see."""
        try:
            latest = await asyncio.to_thread(self.app.recorder.max_notification_id) or 0
        except Exception:  # the database is down: say so rather than fail the health check
            latest = None
        positions = [f.position for f in self._transport.followers_of(self.producer)
                     if f.position is not None]
        position = min(positions) if positions else latest
        halt = self.halt
        return RelayStatus(
            name=self.name, state="halted" if halt else "running", position=position, latest=latest,
            halted_at=halt.notification_id if halt else None, reason=halt.reason if halt else None,
        )


@dataclass
class _Consumer:
    subscription: Subscription
    pool: asyncpg.Pool

    @property
    def group(self) -> str:
        return self.subscription.group_id


@dataclass
class _Follower:
    consumer: _Consumer
    outbox: InProcessOutbox
    batch_size: int
    position: int | None = None
    state: str = "starting"
    last_error: str | None = None
    wake: asyncio.Event = field(default_factory=asyncio.Event)
    lock: asyncio.Lock = field(default_factory=asyncio.Lock)
    task: asyncio.Task[None] | None = None

    @property
    def topics(self) -> tuple[str, ...]:
        return self.consumer.subscription.topics


class InProcessTransport:
    """The embedded mode's transport (and the in-process one of the end-to-end tests)."""

    def __init__(self, *, batch_size: int = 500, idle_wait: float = 0.2, max_backoff: float = 5.0) -> None:
        self._batch_size, self._idle_wait, self._max_backoff = batch_size, idle_wait, max_backoff
        self._outboxes: dict[str, InProcessOutbox] = {}
        self._consumers: list[_Consumer] = []
        self._followers: list[_Follower] = []

    def outbox(self, relay: OutboxRelay, *, producer: str) -> InProcessOutbox:
        """The relay's stand-in (no I/O): followers read ``relay``'s store once it joins."""
        return InProcessOutbox(self, relay, producer)

    @contextlib.asynccontextmanager
    async def join(
        self, *, outbox: InProcessOutbox | None = None, subscriptions: Sequence[Subscription] = (),
        database_url: str | None = None, schema: str | None = None,
    ) -> AsyncIterator[None]:
        """A service's part, for as long as it runs: what it publishes and what it consumes
        (positions and dead letters kept in its own database, ``database_url`` / ``schema``)."""
        consumers: list[_Consumer] = []
        if subscriptions:
            if database_url is None:
                raise ValueError("a consumer keeps its positions in its own database: give its URL")
            pool = await _open_pool(database_url, schema)
            consumers = [_Consumer(s, pool) for s in subscriptions]
        if outbox is not None:
            outbox.halt = None  # a restart resumes from the event it halted at
            self._outboxes[outbox.producer] = outbox
        self._consumers.extend(consumers)
        for c in self._consumers:
            for o in self._outboxes.values():
                if ((c in consumers or o is outbox) and o.producer in _producers(c.subscription.topics)
                        and not self._following(c, o)):
                    self._start(c, o)
        try:
            yield
        finally:
            leaving = [f for f in self._followers if f.consumer in consumers or f.outbox is outbox]
            await _stop(leaving)
            self._followers = [f for f in self._followers if f not in leaving]
            self._consumers = [c for c in self._consumers if c not in consumers]
            if outbox is not None and self._outboxes.get(outbox.producer) is outbox:
                del self._outboxes[outbox.producer]
            for pool in {c.pool for c in consumers}:
                await pool.close()

    def wake(self, producer: str) -> None:
        for follower in self.followers_of(producer):
            follower.wake.set()

    def followers_of(self, producer: str) -> list[_Follower]:
        return [f for f in self._followers if f.outbox.producer == producer]

    async def lag(self, group: str) -> int | None:
        """Notifications stored by the producers that ``group`` has not read yet (None: unknown)."""
        followers = [f for f in self._followers if f.consumer.group == group]
        if not followers or any(f.position is None for f in followers):
            return None
        total = 0
        for f in followers:
            latest = await asyncio.to_thread(f.outbox.app.recorder.max_notification_id) or 0
            total += max(latest - (f.position or 0), 0)
        return total

    async def progress(self, group: str) -> list[tuple[str, int | None, int]]:
        """(producer, position read up to, latest notification) for each follower of ``group``."""
        found = []
        for f in [f for f in self._followers if f.consumer.group == group]:
            latest = await asyncio.to_thread(f.outbox.app.recorder.max_notification_id) or 0
            found.append((f.outbox.producer, f.position, latest))
        return found

    def consumer_status(self, group: str) -> list[dict[str, Any]]:
        return [{"producer": f.outbox.producer, "state": f.state, "position": f.position,
                 "error": f.last_error} for f in self._followers if f.consumer.group == group]

    async def consumer_check(self, group: str) -> tuple[bool, dict[str, Any]]:
        """For ``/health``: each follower of ``group``, healthy unless retrying."""
        followers = self.consumer_status(group)
        return all(f["state"] != "retrying" for f in followers), {
            "transport": "in-process", "followers": followers}

    async def inject(self, topic: str, value: bytes, *, key: str) -> None:
        """Hand raw bytes to every running subscription of ``topic``, through the path a
        translated event takes (tests: a poison message, a copy of an event)."""
        one_each = {id(f.consumer): f for f in self._followers if topic in f.topics}
        for follower in one_each.values():  # one follower per consumer, not one per producer
            async with follower.lock:
                await self._deliver(follower, [(-1, Delivered(topic, key, value, -1))])

    def published(self, producer: str, topic: str) -> list[Delivered]:
        """Every message ``producer``'s outbox holds for ``topic``, in order (a topic's records)."""
        outbox = self._outboxes[producer]
        batch, _ = read_outbox(outbox.app, outbox.translate, 0, 10**9)
        return [_as_delivered(n, o) for n, o in batch if o is not None and o.topic == topic]

    async def dead_letters(self, group: str | None = None) -> list[DeadLetter]:
        pools = {c.pool for c in self._consumers if group is None or c.group == group}
        found: list[DeadLetter] = []
        for pool in pools:
            rows = await pool.fetch(
                "SELECT consumer, source_topic, key, value, error, error_kind, notification_id "
                "FROM inprocess_dead_letters WHERE $1::text IS NULL OR consumer = $1 ORDER BY id", group)
            found += [DeadLetter(r["consumer"], r["source_topic"], r["key"], bytes(r["value"]), r["error"],
                                 r["error_kind"], r["notification_id"]) for r in rows]
        return found

    async def rewind(self, group: str, producer: str, to: int = 0) -> None:
        """Read ``producer``'s log again from ``to`` (a redelivery, as after a lost commit)."""
        for f in self._followers:
            if f.consumer.group == group and f.outbox.producer == producer:
                async with f.lock:
                    await _store_position(f.consumer, producer, to, force=True)
                    f.position = to
                    f.wake.set()

    # The followers

    def _following(self, consumer: _Consumer, outbox: InProcessOutbox) -> bool:
        return any(f.consumer is consumer and f.outbox is outbox for f in self._followers)

    def _start(self, consumer: _Consumer, outbox: InProcessOutbox) -> _Follower:
        follower = _Follower(consumer, outbox, self._batch_size)
        follower.task = asyncio.create_task(
            self._follow(follower), name=f"inprocess-{consumer.subscription.name}-{outbox.producer}")
        self._followers.append(follower)
        return follower

    async def _follow(self, follower: _Follower) -> None:
        backoff = self._idle_wait
        while True:
            try:
                more = await self._step(follower)
            except asyncio.CancelledError:
                raise
            except Untranslatable as halt:
                follower.state, follower.outbox.halt = "halted", halt
                log.error("in-process delivery of %s to %s halted at notification %s: %s",
                          follower.outbox.producer, follower.consumer.group, halt.notification_id, halt.reason)
                return
            except Exception as exc:
                follower.state, follower.last_error = "retrying", f"{type(exc).__name__}: {exc}"
                log.warning("in-process delivery of %s to %s failed, retrying in %.1f s: %s",
                            follower.outbox.producer, follower.consumer.group, backoff, exc)
                follower.position = None  # read the stored position again
                await asyncio.sleep(backoff)
                backoff = min(backoff * 2, self._max_backoff)
                continue
            follower.state, follower.last_error, backoff = "running", None, self._idle_wait
            if not more:
                follower.wake.clear()
                with contextlib.suppress(TimeoutError):
                    async with asyncio.timeout(self._idle_wait):
                        await follower.wake.wait()

    async def _step(self, follower: _Follower) -> bool:
        """Deliver one batch; True if there may be more."""
        async with follower.lock:
            if follower.position is None:
                follower.position = await _load_position(follower.consumer, follower.outbox.producer)
            outbox = follower.outbox
            batch, failure = await asyncio.to_thread(
                read_outbox, outbox.app, outbox.translate, follower.position, follower.batch_size)
            wanted = [(n, _as_delivered(n, o)) for n, o in batch
                      if o is not None and o.topic in follower.topics]
            if wanted:
                await self._deliver(follower, wanted)
            if batch:
                last = batch[-1][0]
                await _store_position(follower.consumer, outbox.producer, last)
                follower.position = last
            if failure is not None:
                raise failure
            return len(batch) == follower.batch_size

    async def _deliver(self, follower: _Follower, messages: list[tuple[int, Delivered]]) -> None:
        subscription = follower.consumer.subscription
        parsed: list[tuple[Delivered, Any]] = []
        for _, message in messages:
            try:
                parsed.append((message, subscription.registry.parse(message.value)))
            except ContractError as exc:
                await _park(follower, message, kind=exc.kind, reason=exc.reason)
        if parsed:  # one line a batch, the record naming its first event (ids only, no data)
            with about_event(parsed[0][1].event_id):
                log.info("in-process: %s delivers %d events from %s (notifications %s-%s): %s",
                         follower.consumer.group, len(parsed), follower.outbox.producer,
                         messages[0][0], messages[-1][0], " ".join(str(e.event_id) for _, e in parsed))
        if subscription.batch:
            items = [Item(envelope, _source(m)) for m, envelope in parsed]
            rejected = await subscription.handle(items) if items else []  # type: ignore[call-arg]
            for index, reason in rejected:
                await _park(follower, parsed[index][0], kind="unprocessable", reason=reason)
            return
        for message, envelope in parsed:
            try:
                with about_event(envelope.event_id):
                    await subscription.handle(envelope, _source(message))  # type: ignore[call-arg]
            except PermanentFailure as exc:
                await _park(follower, message, kind="unprocessable", reason=str(exc))


def _producers(topics: tuple[str, ...]) -> set[str]:
    """The services whose events the routing table puts on ``topics``."""
    return {producer_of(payload.event_type) for payload, route in ROUTES.items() if route.topic in topics}


def _as_delivered(notification_id: int, outgoing: Outgoing) -> Delivered:
    # The very bytes the relay would publish.
    return Delivered(outgoing.topic, outgoing.key, outgoing.envelope.to_bytes(), notification_id)


def _source(message: Delivered) -> Source:
    # One partition per topic: the producer's log is already in order.
    return Source(message.topic, 0, message.offset)


async def _open_pool(database_url: str, schema: str | None) -> asyncpg.Pool:
    settings = {"search_path": schema} if schema else {}
    pool = await asyncpg.create_pool(database_url, min_size=1, max_size=2, server_settings=settings)
    async with pool.acquire() as conn:
        # Two services creating the same tables at once in one database: one at a time.
        async with conn.transaction():
            await conn.execute("SELECT pg_advisory_xact_lock(hashtext('kohtaamo-inprocess-tables'))")
            await conn.execute(_TABLES)
    return pool


async def _load_position(consumer: _Consumer, producer: str) -> int:
    stored = await consumer.pool.fetchval(
        "SELECT position FROM inprocess_positions WHERE consumer = $1 AND producer = $2",
        consumer.group, producer)
    return int(stored or 0)


async def _store_position(consumer: _Consumer, producer: str, position: int, *, force: bool = False) -> None:
    # Never backwards, unless rewound on purpose: two followers of one pair would be a bug.
    await consumer.pool.execute(
        "INSERT INTO inprocess_positions(consumer, producer, position) VALUES ($1, $2, $3) "
        "ON CONFLICT (consumer, producer) DO UPDATE SET position = excluded.position, updated_at = now() "
        "WHERE $4 OR inprocess_positions.position < excluded.position",
        consumer.group, producer, position, force)


async def _park(follower: _Follower, message: Delivered, *, kind: str, reason: str) -> None:
    consumer = follower.consumer
    log.warning("dead-lettering %s@%s for %s: %s", message.topic, message.offset, consumer.group, reason)
    await consumer.pool.execute(
        "INSERT INTO inprocess_dead_letters(consumer, source_topic, dead_letter_topic, producer, "
        "notification_id, key, value, error, error_kind) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
        consumer.group, message.topic, dead_letter(message.topic), follower.outbox.producer,
        message.offset if message.offset >= 0 else None, message.key, message.value, reason[:2000], kind)


async def _stop(followers: list[_Follower]) -> None:
    for follower in followers:
        if follower.task is not None:
            follower.task.cancel()
    for follower in followers:
        if follower.task is not None:
            with contextlib.suppress(asyncio.CancelledError):
                await follower.task
