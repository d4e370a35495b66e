"""Composition root for reporting: pack, store, engine, consumers, HTTP API."""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator

from fastapi import FastAPI
from faststream.kafka import KafkaBroker

from kohtaamo.contracts import default_registry, topics
from kohtaamo.servicekit.http import create_api
from kohtaamo.servicekit.kafka import build_broker, ensure_topics
from kohtaamo.servicekit.observability import Observability

from .adapters.consumers import CONSUMED_TOPICS, register_consumers
from .adapters.dashboard import install_dashboard
from .adapters.http import build_router
from .adapters.live import LiveReadModel
from .adapters.store import ReportingStore
from .application.pack import load_pack
from .application.projector import Projection, writes_for
from .settings import ReportingSettings


def messaging(settings: ReportingSettings, store: ReportingStore | None,
              observability: Observability | None = None, *,
              writes: Projection = writes_for) -> KafkaBroker:
    """The broker with reporting's subscriptions (no I/O: also used for AsyncAPI)."""
    broker = build_broker(settings.kafka, client_id="reporting", observability=observability)
    register_consumers(broker, settings.kafka, default_registry(), store,
                       group=settings.consumer_group, writes=writes)
    return broker


def create_app(settings: ReportingSettings, *, observability: Observability | None = None
               ) -> FastAPI:
    """``observability`` replaces the one built from the settings (a test's own tracer)."""
    # Read and validated before anything starts: an invalid file stops reporting here.
    pack = load_pack(settings.pack_dir)
    observed = observability or Observability.for_service("reporting", settings.telemetry)
    live = LiveReadModel(settings, pack, observed, messaging)

    @contextlib.asynccontextmanager
    async def lifespan(api: FastAPI) -> AsyncIterator[None]:
        await ensure_topics(
            settings.kafka, CONSUMED_TOPICS + [topics.dead_letter(t) for t in CONSUMED_TOPICS]
        )
        await live.open()
        live.publish_to(api.state)
        await live.start()
        try:
            yield
        finally:
            await live.stop()

    api = create_api(
        title="reporting", auth=settings.auth, lifespan=lifespan,
        max_body_bytes=settings.http_max_body_bytes, observability=observed,
        health={"read_model": live.check},
    )
    api.state.live = live
    api.include_router(build_router())
    install_dashboard(api, secure_cookie=settings.secure_session_cookie)
    return api
