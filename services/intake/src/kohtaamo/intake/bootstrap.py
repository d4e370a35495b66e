"""Composition root: the one place that wires intake's concrete parts together."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator
from dataclasses import dataclass

from fastapi import FastAPI
from faststream.kafka import KafkaBroker
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

from .adapters.http import build_router
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
    vault: SubjectKeyVault
    key_rotation: RotationSchedule
    offload: Offload  # runs the use cases (sized for group commit)
    observability: Observability


SUBJECT_KEY_TABLE = "intake_subject_keys"


def build(settings: IntakeSettings, observability: Observability | None = None) -> Components:
    ensure_schema(settings.database_url, settings.database_schema)
    env = eventsourcing_env(
        settings.database_url, schema=settings.database_schema, cipher_key=settings.store_key(),
        group_commit=settings.group_commit,
    )
    vault = build_vault(settings, table=SUBJECT_KEY_TABLE)
    app = Intake.create(env, identity_pepper=settings.identity_pepper, vault=vault)
    observed = observability or Observability.for_service("intake", settings.telemetry)
    broker, topics = messaging(settings, observed)
    relay = OutboxRelay(
        name="intake-outbox",
        app=app.store,
        translate=Publisher(app.store),
        broker=broker,
        kafka=settings.kafka,
        positions=app.store.factory.tracking_recorder(),
    )
    key_rotation = RotationSchedule(
        vault, interval=settings.key_rotation_interval, after_erasure=settings.key_rotation_after_erasure
    )
    return Components(settings=settings, app=app, broker=broker, relay=relay, topics=topics,
                      vault=vault, key_rotation=key_rotation,
                      offload=Offload(settings.group_commit.threads), observability=observed)


def messaging(
    settings: IntakeSettings, observability: Observability | None = None
) -> tuple[KafkaBroker, list[str]]:
    """The broker with what intake publishes declared (no I/O: also used for AsyncAPI)."""
    broker = build_broker(settings.kafka, client_id="intake", observability=observability)
    return broker, declare_publications(broker, settings.kafka, producer="intake")


def create_app(settings: IntakeSettings, *, kafka: bool = True, relay: bool = True,
               observability: Observability | None = None,
               inprocess: InProcessTransport | None = None) -> FastAPI:
    """``kafka=False`` serves HTTP on the store alone (unit tests); ``relay=False`` connects
    the broker but leaves running the relay to the caller (fault tests); ``observability``
    replaces the one built from the settings (a test's own tracer); ``inprocess`` carries
    the events without Kafka (the embedded mode)."""
    intake = build(settings, observability)
    messaging = Messaging(producer="intake", broker=intake.broker, kafka=settings.kafka,
                          topics=intake.topics, relay=intake.relay, run_relay=relay,
                          inprocess=inprocess) if kafka or inprocess else None

    @contextlib.asynccontextmanager
    async def lifespan(api: FastAPI) -> AsyncIterator[None]:
        async with messaging.running() if messaging else contextlib.nullcontext():
            async with in_background(intake.key_rotation.run(), name="intake-key-rotation"):
                yield
        await asyncio.to_thread(intake.offload.close)
        await asyncio.to_thread(intake.app.close)

    api = create_api(
        title="intake", auth=settings.auth, rate_limit=settings.rate_limit, lifespan=lifespan,
        health=messaging.health() if messaging else {},
        max_body_bytes=settings.http_max_body_bytes, observability=intake.observability,
    )
    api.state.intake = intake.app
    api.state.offload = intake.offload
    api.state.relay = messaging.outbox if messaging else intake.relay
    api.state.components = intake
    api.include_router(build_router())
    return api
