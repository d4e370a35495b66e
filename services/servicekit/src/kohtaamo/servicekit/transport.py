"""How a service's events leave it and reach it: Kafka, or the in-process transport.

A service's bootstrap wires its broker, relay and subscriptions once (its ``build``) and
hands them to ``Messaging``, which runs them either way: on Kafka (topics ensured, the broker
started, the relay publishing) or, given an ``InProcessTransport``, with followers reading
the outbox into the same subscriptions' handlers (``inprocess.py``). The HTTP path never
knows which: it nudges ``outbox`` after a save and ``/health`` reports it.
"""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator
from typing import Any

from faststream.kafka import KafkaBroker

from .consumer import declared
from .health import Check, kafka_check, relay_check
from .background import in_background
from .inprocess import InProcessOutbox, InProcessTransport
from .kafka import ensure_topics
from .relay import OutboxRelay
from .settings import KafkaSettings


class Messaging:
    def __init__(
        self, *, producer: str, broker: KafkaBroker, kafka: KafkaSettings, topics: list[str],
        relay: OutboxRelay, run_relay: bool = True, inprocess: InProcessTransport | None = None,
        database_url: str | None = None, schema: str | None = None,
    ) -> None:
        """``run_relay=False`` leaves publishing to the caller (Kafka fault tests);
        ``database_url`` / ``schema`` are where an in-process consumer keeps its positions."""
        self._broker, self._kafka, self._topics = broker, kafka, topics
        self._relay, self._run_relay, self._inprocess = relay, run_relay, inprocess
        self._database_url, self._schema = database_url, schema
        # What the HTTP path nudges and /health reports.
        self.outbox: OutboxRelay | InProcessOutbox = (
            inprocess.outbox(relay, producer=producer) if inprocess else relay)

    def health(self) -> dict[str, Check]:
        checks = {"outbox": relay_check(self.outbox)}
        if self._inprocess is None:  # with Kafka down the relay only waits: say the broker is down
            checks["kafka"] = kafka_check(self._kafka.bootstrap_servers)
        subscriptions = declared(self._broker)
        if self._inprocess is not None and subscriptions:
            transport = self._inprocess
            groups = [s.group_id for s in subscriptions]

            async def consumers() -> tuple[bool, dict[str, Any]]:
                results = [await transport.consumer_check(g) for g in groups]
                return all(ok for ok, _ in results), {
                    "groups": {g: d for g, (_, d) in zip(groups, results, strict=True)}}

            checks["consumers"] = consumers
        return checks

    @contextlib.asynccontextmanager
    async def running(self) -> AsyncIterator[None]:
        if self._inprocess is not None:
            assert isinstance(self.outbox, InProcessOutbox)
            async with self._inprocess.join(outbox=self.outbox, subscriptions=declared(self._broker),
                                            database_url=self._database_url, schema=self._schema):
                yield
            return
        await ensure_topics(self._kafka, self._topics)
        await self._broker.start()
        try:
            if self._run_relay:
                async with in_background(self._relay.run(), name=self._relay.name):
                    yield
            else:
                yield
        finally:
            await self._broker.stop()
