"""AsyncAPI documents for a service, with the contracts' schemas on every channel.

Publishers are declared from the contracts' routing table (the relay publishes through
the broker, so the declaration is documentation only). Subscribers receive raw bytes —
the registry parses them, so that a bad message can be dead-lettered — which FastStream
would document as "binary"; ``document`` puts the consumed events' schemas there instead.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any, Union

from faststream.kafka import KafkaBroker
from faststream.specification import AsyncAPI
from pydantic import TypeAdapter

from kohtaamo.contracts import Envelope, Payload
from kohtaamo.contracts.catalogue import PAYLOADS
from kohtaamo.contracts.routing import ROUTES, producer_of

from .settings import KafkaSettings

_REF = "#/components/schemas/{model}"


def latest_payloads() -> list[type[Payload]]:
    latest: dict[str, type[Payload]] = {}
    for cls in PAYLOADS:
        if cls.event_type not in latest or latest[cls.event_type].schema_version < cls.schema_version:
            latest[cls.event_type] = cls
    return list(latest.values())


def envelopes(payloads: Iterable[type[Payload]]) -> Any:
    """One type for "any of these events", as FastStream and pydantic take it."""
    types = tuple(Envelope[p] for p in payloads)  # type: ignore[valid-type]
    return types[0] if len(types) == 1 else Union[types]  # noqa: UP007 (a runtime union)


def declare_publications(broker: KafkaBroker, kafka: KafkaSettings, producer: str) -> list[str]:
    """Declare one publisher per topic ``producer`` writes to; returns the topics."""
    by_topic: dict[str, list[type[Payload]]] = {}
    for cls in latest_payloads():
        if producer_of(cls.event_type) == producer:
            by_topic.setdefault(ROUTES[cls].topic, []).append(cls)
    for topic, payloads in by_topic.items():
        broker.publisher(
            kafka.topic(topic),
            schema=envelopes(payloads),
            title=f"{topic}:publish",
            description=(
                f"Key: {ROUTES[payloads[0]].key_field}. Headers: event_type, schema_version, "
                f"event_id. Events: {', '.join(p.event_type for p in payloads)}."
            ),
        )
    return list(by_topic)


def document(
    broker: KafkaBroker, *, title: str, version: str, consumes: Iterable[type[Payload]] = ()
) -> dict[str, Any]:
    spec = AsyncAPI(broker, title=title, version=version).to_specification().to_jsonable()
    consumed = list(consumes)
    if consumed:
        schema = TypeAdapter(envelopes(consumed)).json_schema(ref_template=_REF)
        components = spec["components"]
        components["schemas"].update(schema.pop("$defs", {}))
        for name, message in components["messages"].items():
            if name.endswith(":SubscribeMessage"):
                payload_ref = message["payload"]["$ref"].rsplit("/", 1)[-1]
                components["schemas"][payload_ref] = {
                    **schema, "title": payload_ref, "description": "Raw JSON bytes of one of these events."
                }
    # Stable bytes for the committed copy: sorted keys, no server-specific values.
    return json.loads(json.dumps(spec, sort_keys=True))
