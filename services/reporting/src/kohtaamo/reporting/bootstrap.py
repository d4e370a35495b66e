"""Composition root for reporting: pack, store, engine, consumers, HTTP API."""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator

from fastapi import FastAPI
from faststream.kafka import KafkaBroker

from kohtaamo.contracts import default_registry, topics
from kohtaamo.servicekit.http import create_api
from kohtaamo.servicekit.kafka import build_broker, ensure_topics

from .adapters.consumers import CONSUMED_TOPICS, register_consumers
from .adapters.dashboard import install_dashboard
from .adapters.figures_sql import FactsReader
from .adapters.freshness import Freshness
from .adapters.http import build_router
from .adapters.store import ReportingStore
from .application.engine import Engine
from .application.pack import load_pack
from .settings import ReportingSettings


def messaging(settings: ReportingSettings, store: ReportingStore | None) -> KafkaBroker:
    """The broker with reporting's subscriptions (no I/O: also used for AsyncAPI)."""
    broker = build_broker(settings.kafka, client_id="reporting")
    register_consumers(broker, settings.kafka, default_registry(), store, group=settings.consumer_group)
    return broker


def create_app(settings: ReportingSettings) -> FastAPI:
    # Read and validated before anything starts: an invalid file stops reporting here.
    pack = load_pack(settings.pack_dir)

    @contextlib.asynccontextmanager
    async def lifespan(api: FastAPI) -> AsyncIterator[None]:
        store = await ReportingStore.open(settings.database_url, settings.database_schema)
        broker = messaging(settings, store)
        await ensure_topics(
            settings.kafka, CONSUMED_TOPICS + [topics.dead_letter(t) for t in CONSUMED_TOPICS]
        )
        api.state.store = store
        api.state.broker = broker
        api.state.engine = Engine(pack, FactsReader(store.pool))
        api.state.freshness = Freshness(settings.kafka, settings.kafka.topic(settings.consumer_group),
                                        CONSUMED_TOPICS, store.pool)
        await broker.start()
        try:
            yield
        finally:
            await broker.stop()
            await store.close()

    api = create_api(
        title="reporting", auth=settings.auth, lifespan=lifespan,
        max_body_bytes=settings.http_max_body_bytes,
    )
    api.include_router(build_router())
    install_dashboard(api, secure_cookie=settings.secure_session_cookie)
    return api
