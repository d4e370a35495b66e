"""Kafka plumbing: the broker every service builds, the client options, topic creation."""

from __future__ import annotations

import contextlib
import logging
import ssl
from typing import Any

from aiokafka import AIOKafkaProducer
from aiokafka.admin import AIOKafkaAdminClient, NewTopic
from aiokafka.errors import TopicAlreadyExistsError, TopicAuthorizationFailedError, for_code
from faststream._internal.parser import DefaultCodec
from faststream.kafka import KafkaBroker
from faststream.kafka.publisher.producer import AioKafkaFastProducerImpl
from faststream.kafka.security import parse_security
from faststream.security import BaseSecurity, SASLScram256, SASLScram512

from .observability import Observability, attach
from .settings import KafkaSettings


def security(settings: KafkaSettings) -> BaseSecurity | None:
    """How FastStream authenticates to the broker: SASL/SCRAM, over TLS for SASL_SSL."""
    if not settings.authenticates:
        return None
    if settings.username is None or settings.password is None:
        raise ValueError(
            f"KAFKA_SECURITY_PROTOCOL={settings.security_protocol} needs a username and a "
            "password (a service's <SERVICE>_KAFKA_PASSWORD, a tool's KAFKA_USERNAME and "
            "KAFKA_PASSWORD)"
        )
    context = None
    if settings.security_protocol == "SASL_SSL":
        context = ssl.create_default_context(
            cafile=str(settings.ssl_ca_file) if settings.ssl_ca_file else None
        )
    scram = SASLScram512 if settings.sasl_mechanism == "SCRAM-SHA-512" else SASLScram256
    return scram(
        username=settings.username,
        password=settings.password.get_secret_value(),
        ssl_context=context,
        use_ssl=context is not None,
    )


def client_options(settings: KafkaSettings) -> dict[str, Any]:
    """Keyword arguments for aiokafka's clients: the same credentials FastStream uses."""
    return {"bootstrap_servers": settings.bootstrap_servers, **parse_security(security(settings))}


def build_broker(
    settings: KafkaSettings, *, client_id: str, observability: Observability | None = None
) -> KafkaBroker:
    """The broker a service publishes and consumes with, counted into ``observability``
    (FastStream's Prometheus middleware; its telemetry middleware when tracing is on)."""
    from faststream.kafka.opentelemetry import KafkaTelemetryMiddleware
    from faststream.kafka.prometheus import KafkaPrometheusMiddleware

    observed = observability or Observability(client_id)
    middlewares: list[Any] = [
        KafkaPrometheusMiddleware(registry=observed.metrics.registry, app_name=client_id)
    ]
    if observed.tracer_provider is not None:
        middlewares.append(KafkaTelemetryMiddleware(tracer_provider=observed.tracer_provider))
    # Idempotent producer: a retried send never writes the same record twice.
    broker = KafkaBroker(
        settings.bootstrap_servers,
        client_id=client_id,
        security=security(settings),
        enable_idempotence=True,
        acks="all",
        middlewares=middlewares,
        # FastStream's own logger writes coloured text to stdout; this one goes through the
        # process's logging (JSON in a service, nothing in the kohtaamo command).
        logger=logging.getLogger(f"kohtaamo.broker.{client_id}"),
    )
    attach(broker, observed)
    return broker


async def renew_producer(broker: KafkaBroker) -> bool:
    """Replace a connected broker's producer with a new one (a new producer id); False when
    there is none to replace (not connected, or an in-memory test broker).

    aiokafka's idempotent producer does not recover from some errors after the broker
    restarts (``OutOfOrderSequenceNumber``: its sequence numbers no longer match the
    broker's): every later send fails the same way until the producer is made anew. The
    records it failed to send are sent again by their sender (the relay re-publishes from
    its stored position), with the same event ids.
    """
    config = broker.config.broker_config
    fast = getattr(config, "producer", None)
    if not isinstance(fast, AioKafkaFastProducerImpl) or broker._connection is None:
        return False
    # The new one is started before the old one goes: with the broker still down, start()
    # fails and the old producer stays in place for the next attempt (FastStream's own
    # connect() builds the producer from these very arguments).
    old = getattr(fast._producer, "producer", None)
    new = AIOKafkaProducer(**broker._connection_kwargs)
    try:
        await fast.connect(new, serializer=config.fd_config._serializer,
                           codec=config.broker_codec or DefaultCodec())
    except BaseException:
        await new.stop()
        raise
    if old is not None:
        with contextlib.suppress(Exception):
            await old.stop()
    return True


async def ensure_topics(
    settings: KafkaSettings, names: list[str], *, partitions: int = 3
) -> None:
    """Create the topics a service needs, if missing (first start, or a fresh test prefix).

    Under the ACLs a service may create only its own topics and the dead-letter topics of
    what it consumes; everything else is created by provisioning (``servicekit.provision``).
    """
    admin = AIOKafkaAdminClient(**client_options(settings))
    await admin.start()
    try:
        existing = set(await admin.list_topics())
        wanted = [
            NewTopic(settings.topic(name), num_partitions=partitions, replication_factor=1)
            for name in names
            if settings.topic(name) not in existing
        ]
        if wanted:
            response = await admin.create_topics(wanted)
            _raise_topic_errors(response.topic_errors, settings.username)
    finally:
        await admin.close()


def _raise_topic_errors(results: list[Any], username: str | None) -> None:
    # aiokafka returns the broker's answer as is: a refused topic is not an exception.
    for topic, code, *_ in results:
        error = for_code(code)
        if error is TopicAuthorizationFailedError:
            raise error(f"{username} may not create topic {topic}: the admin provisions "
                        "the topics (python -m kohtaamo.servicekit.provision)")
        if code and error is not TopicAlreadyExistsError:  # another instance won the race
            raise error(f"could not create topic {topic}")
