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
from kohtaamo.servicekit.background import in_background
from kohtaamo.servicekit.http import create_api
from kohtaamo.servicekit.inprocess import InProcessTransport
from kohtaamo.servicekit.kafka import build_broker
from kohtaamo.servicekit.observability import Observability
from kohtaamo.servicekit.offload import Offload
from kohtaamo.servicekit.relay import OutboxRelay
from kohtaamo.servicekit.transport import Messaging
from kohtaamo.servicekit.vault.factory import build_vault
from kohtaamo.servicekit.vault.schedule import RotationSchedule
from kohtaamo.servicekit.vault.vault import SubjectKeyVault

from .adapters.consumers import CONSUMED_TOPICS, register_consumer
from .adapters.http import build_router
from .application.casework import Casework
from .application.publishing import Publisher
from .settings import CaseworkSettings

SUBJECT_KEY_TABLE = "casework_subject_keys"


@dataclass
class Components:
    settings: CaseworkSettings
    app: Casework
    broker: KafkaBroker
    relay: OutboxRelay
    topics: list[str]  # every topic casework publishes to, reads, or dead-letters to
    vault: SubjectKeyVault
    key_rotation: RotationSchedule
    offload: Offload  # runs the use cases (sized for group commit)
    # Intake's events on a thread of their own: queued behind a burst of commands, a new
    # client would reach casework only after all of them.
    consumer_offload: Offload
    observability: Observability


def build(settings: CaseworkSettings, observability: Observability | None = None) -> Components:
    """Everything wired; no I/O but the database (``memory://`` needs none, e.g. for AsyncAPI)."""
    ensure_schema(settings.database_url, settings.database_schema)
    env = eventsourcing_env(settings.database_url, schema=settings.database_schema,
                            cipher_key=settings.store_key(), group_commit=settings.group_commit,
                            aggregate_cache=settings.aggregate_cache)
    vault = build_vault(settings, table=SUBJECT_KEY_TABLE)
    app = Casework.create(env, vault=vault, worker_pepper=settings.worker_pepper)
    observed = observability or Observability.for_service("casework", settings.telemetry)
    broker = build_broker(settings.kafka, client_id="casework", observability=observed)
    published = declare_publications(broker, settings.kafka, producer="casework")
    offload = Offload(settings.group_commit.threads)
    consumer_offload = Offload(1, name="intake-events")  # one event after another, in order
    register_consumer(broker, settings.kafka, app.intake_facts, consumer_offload, group=settings.consumer_group)
    relay = OutboxRelay(
        name="casework-outbox", app=app.store, translate=Publisher(app.store), broker=broker,
        kafka=settings.kafka, positions=app.store.factory.tracking_recorder(),
    )
    rotation = RotationSchedule(vault, interval=settings.key_rotation_interval,
                                after_erasure=settings.key_rotation_after_erasure)
    topics = published + CONSUMED_TOPICS + [dead_letter(t) for t in CONSUMED_TOPICS]
    return Components(settings=settings, app=app, broker=broker, relay=relay, topics=topics, vault=vault,
                      key_rotation=rotation, offload=offload, consumer_offload=consumer_offload,
                      observability=observed)


def create_app(settings: CaseworkSettings, *, kafka: bool = True, relay: bool = True,
               observability: Observability | None = None,
               inprocess: InProcessTransport | None = None) -> FastAPI:
    """``kafka=False`` serves HTTP on the store alone (unit tests); ``relay=False`` connects
    the broker but leaves running the relay to the caller (fault tests); ``inprocess``
    carries the events without Kafka (the embedded mode)."""
    casework = build(settings, observability)
    messaging = Messaging(producer="casework", broker=casework.broker, kafka=settings.kafka,
                          topics=casework.topics, relay=casework.relay, run_relay=relay,
                          inprocess=inprocess, database_url=settings.database_url,
                          schema=settings.database_schema) if kafka or inprocess else None

    @contextlib.asynccontextmanager
    async def lifespan(api: FastAPI) -> AsyncIterator[None]:
        async with messaging.running() if messaging else contextlib.nullcontext():
            # An erasure destroys a client's key; the rotation makes the destroyed key's old
            # wrapping unreadable in backups too.
            async with in_background(casework.key_rotation.run(), name="casework-key-rotation"):
                yield
        await asyncio.to_thread(casework.offload.close)
        await asyncio.to_thread(casework.consumer_offload.close)
        await asyncio.to_thread(casework.app.close)

    api = create_api(
        title="casework", auth=settings.auth, rate_limit=settings.rate_limit, lifespan=lifespan,
        health=messaging.health() if messaging else {},
        max_body_bytes=settings.http_max_body_bytes, observability=casework.observability,
    )
    api.state.casework = casework.app
    api.state.offload = casework.offload
    api.state.relay = messaging.outbox if messaging else casework.relay
    api.state.components = casework
    api.include_router(build_router())
    return api
