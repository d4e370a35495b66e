"""Composition root: the one place that wires casework's concrete parts together."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator
from dataclasses import dataclass

from fastapi import FastAPI
from faststream.kafka import KafkaBroker

from kohtaamo.contracts.topics import dead_letter
from kohtaamo.servicekit.asyncapi import declare_publications
from kohtaamo.servicekit.eventstore import ensure_schema, eventsourcing_env
from kohtaamo.servicekit.health import relay_check
from kohtaamo.servicekit.http import create_api
from kohtaamo.servicekit.kafka import build_broker, ensure_topics
from kohtaamo.servicekit.relay import OutboxRelay

from .adapters.consumers import CONSUMED_TOPICS, register_consumer
from .adapters.http import build_router
from .adapters.vault import build_vault
from .application.casework import Casework
from .application.publishing import Publisher
from .settings import CaseworkSettings


@dataclass
class Components:
    settings: CaseworkSettings
    app: Casework
    broker: KafkaBroker
    relay: OutboxRelay
    topics: list[str]  # every topic casework publishes to, reads, or dead-letters to


def build(settings: CaseworkSettings) -> Components:
    """Everything wired; no I/O but the database (``memory://`` needs none, e.g. for AsyncAPI)."""
    ensure_schema(settings.database_url, settings.database_schema)
    env = eventsourcing_env(settings.database_url, schema=settings.database_schema,
                            cipher_key=settings.cipher_key)
    vault = build_vault(settings.database_url, settings.database_schema, settings.cipher_key)
    app = Casework.create(env, vault=vault, worker_pepper=settings.worker_pepper)
    broker = build_broker(settings.kafka, client_id="casework")
    published = declare_publications(broker, settings.kafka, producer="casework")
    register_consumer(broker, settings.kafka, app.intake_facts, group=settings.consumer_group)
    relay = OutboxRelay(
        name="casework-outbox", app=app.store, translate=Publisher(app.store), broker=broker,
        kafka=settings.kafka, positions=app.store.factory.tracking_recorder(),
    )
    topics = published + CONSUMED_TOPICS + [dead_letter(t) for t in CONSUMED_TOPICS]
    return Components(settings=settings, app=app, broker=broker, relay=relay, topics=topics)


def create_app(settings: CaseworkSettings, *, kafka: bool = True, relay: bool = True) -> FastAPI:
    """``kafka=False`` serves HTTP on the store alone (unit tests); ``relay=False`` connects
    the broker but leaves running the relay to the caller (fault tests)."""
    casework = build(settings)

    @contextlib.asynccontextmanager
    async def lifespan(api: FastAPI) -> AsyncIterator[None]:
        relay_task = None
        if kafka:
            await ensure_topics(settings.kafka, casework.topics)
            await casework.broker.start()
            if relay:
                relay_task = asyncio.create_task(casework.relay.run(), name="casework-relay")
        try:
            yield
        finally:
            if relay_task is not None:
                relay_task.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await relay_task
            if kafka:
                await casework.broker.stop()
            await asyncio.to_thread(casework.app.close)

    api = create_api(title="casework", auth=settings.auth, lifespan=lifespan,
                     max_body_bytes=settings.http_max_body_bytes,
                     health={"outbox": relay_check(casework.relay)} if kafka else {})
    api.state.casework = casework.app
    api.state.relay = casework.relay
    api.state.components = casework
    api.include_router(build_router())
    return api
