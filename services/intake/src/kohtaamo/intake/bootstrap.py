"""Composition root: the one place that wires intake's concrete parts together."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator
from dataclasses import dataclass

from eventsourcing.postgres import PostgresDatastore
from fastapi import FastAPI
from faststream.kafka import KafkaBroker
from kohtaamo.servicekit.asyncapi import declare_publications
from kohtaamo.servicekit.eventstore import ensure_schema, eventsourcing_env
from kohtaamo.servicekit.health import relay_check
from kohtaamo.servicekit.http import create_api
from kohtaamo.servicekit.kafka import build_broker, ensure_topics
from kohtaamo.servicekit.offload import Offload
from kohtaamo.servicekit.relay import OutboxRelay

from .adapters.http import build_router
from .adapters.vault import AesGcmVault, KeyTable, MemoryKeyTable, PostgresKeyTable
from .application.intake import Intake
from .application.publishing import Publisher
from .settings import IntakeSettings


@dataclass
class Components:
    settings: IntakeSettings
    app: Intake
    broker: KafkaBroker
    relay: OutboxRelay
    topics: list[str]
    offload: Offload  # runs the use cases (sized for group commit)


def build(settings: IntakeSettings) -> Components:
    ensure_schema(settings.database_url, settings.database_schema)
    env = eventsourcing_env(
        settings.database_url, schema=settings.database_schema, cipher_key=settings.cipher_key,
        group_commit=settings.group_commit,
    )
    app = Intake.create(env, identity_pepper=settings.identity_pepper, vault=_vault(settings))
    broker, topics = messaging(settings)
    relay = OutboxRelay(
        name="intake-outbox",
        app=app.store,
        translate=Publisher(app.store),
        broker=broker,
        kafka=settings.kafka,
        positions=app.store.factory.tracking_recorder(),
    )
    return Components(settings=settings, app=app, broker=broker, relay=relay, topics=topics,
                      offload=Offload(settings.group_commit.threads))


def messaging(settings: IntakeSettings) -> tuple[KafkaBroker, list[str]]:
    """The broker with what intake publishes declared (no I/O: also used for AsyncAPI)."""
    broker = build_broker(settings.kafka, client_id="intake")
    return broker, declare_publications(broker, settings.kafka, producer="intake")


def _vault(settings: IntakeSettings) -> AesGcmVault:
    keys: KeyTable
    env = eventsourcing_env(settings.database_url, schema=settings.database_schema)
    if env["PERSISTENCE_MODULE"] == "eventsourcing.postgres":
        datastore = PostgresDatastore(
            dbname=env["POSTGRES_DBNAME"], host=env["POSTGRES_HOST"], port=env["POSTGRES_PORT"],
            user=env["POSTGRES_USER"], password=env["POSTGRES_PASSWORD"], pool_size=2,
        )
        keys = PostgresKeyTable(datastore, settings.database_schema)
    else:
        keys = MemoryKeyTable()
    return AesGcmVault(keys, settings.cipher_key)


def create_app(settings: IntakeSettings, *, kafka: bool = True, relay: bool = True) -> FastAPI:
    """``kafka=False`` serves HTTP on the store alone (unit tests); ``relay=False`` connects
    the broker but leaves running the relay to the caller (fault tests)."""
    intake = build(settings)

    @contextlib.asynccontextmanager
    async def lifespan(api: FastAPI) -> AsyncIterator[None]:
        relay_task = None
        if kafka:
            await ensure_topics(settings.kafka, intake.topics)
            await intake.broker.start()
            if relay:
                relay_task = asyncio.create_task(intake.relay.run(), name="intake-relay")
        try:
            yield
        finally:
            if relay_task is not None:
                relay_task.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await relay_task
            if kafka:
                await intake.broker.stop()
            await asyncio.to_thread(intake.offload.close)
            await asyncio.to_thread(intake.app.close)

    api = create_api(
        title="intake", auth=settings.auth, lifespan=lifespan,
        health={"outbox": relay_check(intake.relay)} if kafka else {},
        max_body_bytes=settings.http_max_body_bytes,
    )
    api.state.intake = intake.app
    api.state.offload = intake.offload
    api.state.relay = intake.relay
    api.state.components = intake
    api.include_router(build_router())
    return api
