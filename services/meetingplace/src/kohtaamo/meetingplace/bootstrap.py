"""Composition root: the one place that wires meetingplace's concrete parts together."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator
from dataclasses import dataclass

from fastapi import FastAPI
from faststream.kafka import KafkaBroker
from kohtaamo.contracts import default_registry, topics
from kohtaamo.servicekit.asyncapi import declare_publications
from kohtaamo.servicekit.eventstore import ensure_schema, eventsourcing_env
from kohtaamo.servicekit.http import create_api
from kohtaamo.servicekit.inprocess import InProcessTransport
from kohtaamo.servicekit.kafka import build_broker
from kohtaamo.servicekit.observability import Observability
from kohtaamo.servicekit.offload import Offload
from kohtaamo.servicekit.relay import OutboxRelay
from kohtaamo.servicekit.transport import Messaging

from .adapters.consumers import CONSUMED_TOPICS, register_consumers
from .adapters.http import build_router
from .application.meetingplace import Meetingplace
from .application.publishing import Publisher
from .settings import MeetingplaceSettings


@dataclass
class Components:
    settings: MeetingplaceSettings
    app: Meetingplace
    broker: KafkaBroker
    relay: OutboxRelay
    topics: list[str]
    consumer_offload: Offload  # runs intake's facts
    observability: Observability


def build(settings: MeetingplaceSettings, observability: Observability | None = None) -> Components:
    """Everything wired, nothing started (no I/O but the schema: also used for AsyncAPI)."""
    ensure_schema(settings.database_url, settings.database_schema)
    app = Meetingplace.create(eventsourcing_env(settings.database_url, schema=settings.database_schema))
    observed = observability or Observability.for_service("meetingplace", settings.telemetry)
    # Intake's facts on a thread of their own: in the default executor, shared with the
    # commands, a new consent would wait behind every command queued before it.
    consumer_offload = Offload(1, name="client-facts")  # one event after another, in order
    broker, published = messaging(settings, app, consumer_offload, observed)
    relay = OutboxRelay(
        name="meetingplace-outbox", app=app.store, translate=Publisher(app.store), broker=broker,
        kafka=settings.kafka, positions=app.store.factory.tracking_recorder(),
    )
    # Under the broker's ACLs a service creates only its own topics and the dead-letter
    # topics of what it consumes (provisioning creates the rest).
    needed = published + [topics.dead_letter(t) for t in CONSUMED_TOPICS]
    return Components(settings=settings, app=app, broker=broker, relay=relay, topics=needed,
                      consumer_offload=consumer_offload, observability=observed)


def messaging(settings: MeetingplaceSettings, app: Meetingplace, consumer_offload: Offload,
              observability: Observability | None = None) -> tuple[KafkaBroker, list[str]]:
    """The broker with what meetingplace publishes and consumes declared."""
    broker = build_broker(settings.kafka, client_id="meetingplace", observability=observability)
    published = declare_publications(broker, settings.kafka, producer="meetingplace")
    register_consumers(broker, settings.kafka, default_registry(), app.client_facts, consumer_offload,
                       group=settings.consumer_group)
    return broker, published


def create_app(settings: MeetingplaceSettings, *, kafka: bool = True, relay: bool = True,
               observability: Observability | None = None,
               inprocess: InProcessTransport | None = None) -> FastAPI:
    """``kafka=False`` serves HTTP on the store alone (unit tests); ``relay=False`` connects
    the broker (and consumes) but leaves running the relay to the caller (fault tests);
    ``inprocess`` carries the events without Kafka (the embedded mode)."""
    parts = build(settings, observability)
    messaging = Messaging(producer="meetingplace", broker=parts.broker, kafka=settings.kafka,
                          topics=parts.topics, relay=parts.relay, run_relay=relay,
                          inprocess=inprocess, database_url=settings.database_url,
                          schema=settings.database_schema) if kafka or inprocess else None

    @contextlib.asynccontextmanager
    async def lifespan(api: FastAPI) -> AsyncIterator[None]:
        async with messaging.running() if messaging else contextlib.nullcontext():
            yield
        await asyncio.to_thread(parts.consumer_offload.close)
        await asyncio.to_thread(parts.app.close)

    api = create_api(title="meetingplace", auth=settings.auth, rate_limit=settings.rate_limit, lifespan=lifespan,
                     max_body_bytes=settings.http_max_body_bytes, observability=parts.observability,
                     health=messaging.health() if messaging else {})
    api.state.meetingplace = parts.app
    api.state.relay = messaging.outbox if messaging else parts.relay
    api.state.components = parts
    api.include_router(build_router())
    return api
