"""What a service publishes: integration events on their way out (pure: no Kafka here).

``application/publishing.py`` of each service builds ``Outgoing`` values from its domain
events; the relay (``relay.py``) sends them. Kept apart so that the application layer can
translate without importing FastStream or a database driver.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, time
from typing import Any
from uuid import NAMESPACE_URL, UUID, uuid5
from zoneinfo import ZoneInfo

from eventsourcing.domain import DomainEventProtocol

from kohtaamo.contracts import Envelope, Payload
from kohtaamo.contracts.routing import route_for, subject_of

from .causation import cause_of, traceparent_of

FINLAND = ZoneInfo("Europe/Helsinki")
_EVENT_ID_NAMESPACE = uuid5(NAMESPACE_URL, "https://kohtaamo.fi/events")


def source_event_id(domain_event: DomainEventProtocol[Any], producer: str) -> UUID:
    """The same domain event always gets the same integration event id. The producer is part
    of it: casework's file of a client has the client's id, as intake's record does, and
    without it their events of the same version shared an id, so that a consumer applying
    each id once dropped one of them."""
    return uuid5(
        _EVENT_ID_NAMESPACE,
        f"{producer}/{domain_event.originator_id}/{domain_event.originator_version}",
    )


def start_of(day: date) -> datetime:
    """A date is all the world-time some events carry: the start of that day in Finland."""
    return datetime.combine(day, time.min, tzinfo=FINLAND)


def local_date(moment: datetime) -> date:
    return moment.astimezone(FINLAND).date()


@dataclass(frozen=True)
class Outgoing:
    """One integration event on its way out: topic name (unprefixed) and partition key."""

    topic: str
    key: str
    envelope: Envelope[Any]
    traceparent: str | None = None  # the span context of the command that saved it

    @classmethod
    def routed(cls, envelope: Envelope[Any], traceparent: str | None = None) -> Outgoing:
        """Topic and key as the contracts' routing table says for this event."""
        route = route_for(envelope.payload)
        return cls(topic=route.topic, key=route.key(envelope.payload), envelope=envelope,
                   traceparent=traceparent)


Translate = Callable[[DomainEventProtocol[Any]], Outgoing | None]


def outgoing(
    domain_event: DomainEventProtocol[Any],
    payload: Payload,
    *,
    occurred_at: datetime,
    producer: str,
    organisation_id: str,
    project_id: str | None,
) -> Outgoing:
    """The routed envelope for ``payload``, translated from ``domain_event``.

    The event id follows from the domain event; correlation and causation ids come from the
    cause stored with it. An event stored before causes were recorded is its own cause.
    """
    event_id = source_event_id(domain_event, producer)
    cause = cause_of(domain_event)
    envelope = Envelope.wrap(
        payload,
        event_id=event_id,
        occurred_at=occurred_at,
        recorded_at=domain_event.timestamp,
        producer=producer,
        organisation_id=organisation_id,
        project_id=project_id,
        subject_id=subject_of(payload),
        correlation_id=cause.correlation_id if cause else event_id,
        causation_id=cause.causation_id if cause else event_id,
    )
    return Outgoing.routed(envelope, traceparent_of(domain_event))
