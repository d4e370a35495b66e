"""Composition root for reporting: pack, store, engine, consumers, HTTP API."""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass

from fastapi import FastAPI
from faststream.kafka import KafkaBroker

from kohtaamo.contracts import default_registry, topics
from kohtaamo.servicekit.health import kafka_check
from kohtaamo.servicekit.http import create_api
from kohtaamo.servicekit.inprocess import InProcessTransport
from kohtaamo.servicekit.kafka import build_broker, ensure_topics
from kohtaamo.servicekit.observability import Observability

from .adapters import bi
from .adapters.consumers import CONSUMED_TOPICS, register_consumers
from .adapters.dashboard import install_dashboard
from .adapters.figures_sql import FactsReader
from .adapters.http import build_router
from .adapters.http_drilldown import build_drilldown_router
from .adapters.http_publications import build_publications_router
from .adapters.live import LiveReadModel, Serving
from .adapters.publications_sql import PublicationsRepository
from .adapters.read_model import active, own_schema
from .adapters.store import ReportingStore
from .application.engine import Engine
from .application.pack import Pack, load_pack
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


@dataclass(frozen=True)
class Reporting:
    """What the commands work with: the active read model's store, engine, publications."""

    store: ReportingStore
    engine: Engine
    publications: PublicationsRepository


@contextlib.asynccontextmanager
async def opened(settings: ReportingSettings, pack: Pack) -> AsyncIterator[Reporting]:
    """The read model reporting serves (its own schema brought up to date first); no Kafka."""
    own = await ReportingStore.open(settings.database_url, settings.database_schema)
    try:
        async with own.pool.acquire() as conn:
            own_name = await own_schema(conn)
            model = await active(conn, own_name, settings.consumer_group)
        store = own if model.schema == own_name else await ReportingStore.open(
            settings.database_url, model.schema)
        try:
            yield Reporting(store, Engine(pack, FactsReader(store.pool)), PublicationsRepository(store.pool))
        finally:
            if store is not own:
                await store.close()
    finally:
        await own.close()


def bi_views(settings: ReportingSettings) -> Callable[[Serving], Awaitable[None]]:
    """Puts the bi views (and their reader) over the read model about to be served."""
    password = settings.bi_password.get_secret_value() if settings.bi_password else None

    async def install(serving: Serving) -> None:
        async with serving.store.pool.acquire() as conn:
            await bi.install(conn, settings.bi_schema_name, settings.bi_role, password)

    return install


def create_app(settings: ReportingSettings, *, observability: Observability | None = None,
               inprocess: InProcessTransport | None = None) -> FastAPI:
    """``observability`` replaces the one built from the settings (a test's own tracer);
    ``inprocess`` consumes without Kafka (the embedded mode)."""
    # Read and validated before anything starts: an invalid file stops reporting here.
    pack = load_pack(settings.pack_dir)
    observed = observability or Observability.for_service("reporting", settings.telemetry)
    live = LiveReadModel(settings, pack, observed, messaging, inprocess)
    live.on_serve(bi_views(settings))

    @contextlib.asynccontextmanager
    async def lifespan(api: FastAPI) -> AsyncIterator[None]:
        if inprocess is None:
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
        title="reporting", auth=settings.auth, rate_limit=settings.rate_limit, lifespan=lifespan,
        max_body_bytes=settings.http_max_body_bytes, observability=observed,
        health={"read_model": live.check}
        | ({"kafka": kafka_check(settings.kafka.bootstrap_servers)} if inprocess is None else {}),
    )
    api.state.live = live
    api.include_router(build_router())
    api.include_router(build_drilldown_router())
    api.include_router(build_publications_router())
    install_dashboard(api, secure_cookie=settings.secure_session_cookie)
    return api
