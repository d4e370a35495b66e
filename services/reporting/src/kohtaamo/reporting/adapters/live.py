"""The read model a running reporting serves and consumes into, following the switch.

At start reporting opens its own schema (migrations, the control row), then the active
read model's schema and a broker consuming with its group. Every
``REPORTING_READ_MODEL_POLL_SECONDS`` it reads the control row again; when a rebuild has
switched it, reporting opens the new schema, starts consuming with the new group, swaps
what the API reads (``app.state``), and only then stops the old consumer and closes the
old pool. A request sees either read model whole, never a mix within one figure.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

from faststream.kafka import KafkaBroker

from kohtaamo.servicekit.consumer import declared
from kohtaamo.servicekit.inprocess import InProcessTransport
from kohtaamo.servicekit.observability import Observability

from ..application.engine import Engine
from ..application.pack import Pack
from ..settings import ReportingSettings
from .consumers import CONSUMED_TOPICS
from .figures_sql import FactsReader
from .freshness import Freshness, InProcessFreshness
from .read_model import ReadModel, active, own_schema, quoted
from .store import ReportingStore

log = logging.getLogger(__name__)

Messaging = Callable[[ReportingSettings, ReportingStore, Observability], KafkaBroker]


@dataclass
class Serving:
    model: ReadModel
    store: ReportingStore
    broker: KafkaBroker
    engine: Engine
    freshness: Freshness | InProcessFreshness
    joined: contextlib.AsyncExitStack | None = None  # on the in-process transport


class LiveReadModel:
    def __init__(self, settings: ReportingSettings, pack: Pack, observability: Observability,
                 messaging: Messaging, inprocess: InProcessTransport | None = None) -> None:
        """``inprocess``: consume on the in-process transport instead of Kafka."""
        self._settings, self._pack, self._inprocess = settings, pack, inprocess
        self._observability, self._messaging = observability, messaging
        self._own: ReportingStore | None = None
        self._own_schema = ""
        self.serving: Serving | None = None
        self._follower: asyncio.Task[None] | None = None
        self._targets: list[Any] = []
        self._on_serve: list[Callable[[Serving], Awaitable[None]]] = []

    def on_serve(self, hook: Callable[[Serving], Awaitable[None]]) -> None:
        """Run ``hook`` on each read model before it is served (at start and at a switch);
        if it fails, that read model is not served."""
        self._on_serve.append(hook)

    async def open(self) -> Serving:
        self._own = await ReportingStore.open(self._settings.database_url,
                                              self._settings.database_schema)
        async with self._own.pool.acquire() as conn:
            self._own_schema = await own_schema(conn)
            model = await active(conn, self._own_schema, self._settings.consumer_group)
        self.serving = await self._serve(model)
        return self.serving

    def publish_to(self, state: Any) -> None:
        """Keep ``state`` (the app's) pointing at what is served, now and after a switch."""
        self._targets.append(state)
        self._install(state)

    async def start(self) -> None:
        assert self.serving is not None
        await self._consume(self.serving)
        self._follower = asyncio.create_task(self._follow(), name="reporting-read-model")

    async def stop(self) -> None:
        if self._follower is not None:
            self._follower.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._follower
        if self.serving is not None:
            await self._retire(self.serving)
        if self._own is not None:
            await self._own.close()

    async def check(self) -> tuple[bool, dict[str, Any]]:
        """For /health: which read model is served."""
        model = self.serving.model if self.serving else None
        return model is not None, {"generation": model.generation if model else None,
                                   "schema": model.schema if model else None,
                                   "consumer_group": model.consumer_group if model else None}

    async def _serve(self, model: ReadModel) -> Serving:
        if model.schema == self._own_schema and self._own is not None:
            store = self._own
        else:
            store = await ReportingStore.open(self._settings.database_url, model.schema)
        settings = self._settings.model_copy(
            update={"consumer_group": model.consumer_group, "database_schema": model.schema})
        broker = self._messaging(settings, store, self._observability)
        group = settings.kafka.topic(model.consumer_group)
        freshness = (InProcessFreshness(self._inprocess, group, store.pool) if self._inprocess
                     else Freshness(settings.kafka, group, CONSUMED_TOPICS, store.pool))
        serving = Serving(model, store, broker, Engine(self._pack, FactsReader(store.pool)), freshness)
        try:
            for hook in self._on_serve:
                await hook(serving)
        except BaseException:
            if store is not self._own:
                await store.close()
            raise
        return serving

    def _install(self, state: Any) -> None:
        assert self.serving is not None
        state.store, state.broker = self.serving.store, self.serving.broker
        state.engine, state.freshness = self.serving.engine, self.serving.freshness
        state.read_model = self.serving.model

    async def _follow(self) -> None:
        while True:
            await asyncio.sleep(self._settings.read_model_poll_seconds)
            try:
                await self.follow_once()
            except asyncio.CancelledError:
                raise
            except Exception as exc:  # the database is down: serve on, look again later
                log.warning("could not read the active read model: %s", type(exc).__name__)

    async def follow_once(self) -> bool:
        """Switch to the active read model if it changed; True if it did."""
        assert self._own is not None and self.serving is not None
        async with self._own.pool.acquire() as conn:
            model = await active(conn, self._own_schema, self._settings.consumer_group)
        if model == self.serving.model:
            return False
        new = await self._serve(model)
        await self._consume(new)
        old, self.serving = self.serving, new
        for state in self._targets:
            self._install(state)
        log.info("now serving read model generation %s (schema %s, consumer group %s)",
                 model.generation, quoted(model.schema), model.consumer_group)
        await self._retire(old)
        return True

    async def _consume(self, serving: Serving) -> None:
        if self._inprocess is None:
            await serving.broker.start()
            return
        joined = contextlib.AsyncExitStack()
        await joined.enter_async_context(self._inprocess.join(
            subscriptions=declared(serving.broker), database_url=self._settings.database_url,
            schema=serving.model.schema))
        serving.joined = joined

    async def _retire(self, serving: Serving) -> None:
        if serving.joined is not None:
            await serving.joined.aclose()
        else:
            await serving.broker.stop()
        if serving.store is not self._own:
            await serving.store.close()
