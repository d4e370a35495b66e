"""Outbound translation: intake's domain events -> integration events (or nothing)."""

from __future__ import annotations

from datetime import datetime, time
from typing import Any
from zoneinfo import ZoneInfo

from eventsourcing.domain import DomainEventProtocol

from kohtaamo.contracts import Envelope, topics
from kohtaamo.contracts.intake.v1 import ClientRegistered
from kohtaamo.servicekit.relay import Outgoing, source_event_id

from ..domain.client import Client

PRODUCER = "intake"
_FINLAND = ZoneInfo("Europe/Helsinki")


def to_integration_event(domain_event: DomainEventProtocol[Any]) -> Outgoing | None:
    if isinstance(domain_event, Client.Registered):
        return _client_registered(domain_event)
    return None  # identity claims and anything personal stay inside intake


def _client_registered(e: Client.Registered) -> Outgoing:
    client_id = e.originator_id
    payload = ClientRegistered(
        client_id=client_id,
        registered_on=e.registered_on,
        municipality_code=e.municipality_code,
        referral_source=e.referral_source,
        age_band=e.age_band,
    )
    envelope = Envelope.wrap(
        payload,
        event_id=source_event_id(e),
        # The registration date is all the world-time we know: start of that day in Finland.
        occurred_at=datetime.combine(e.registered_on, time.min, tzinfo=_FINLAND),
        recorded_at=e.timestamp,
        producer=PRODUCER,
        organisation_id=e.organisation_id,
        subject_id=client_id,
    )
    return Outgoing(topic=topics.INTAKE_CLIENTS, key=str(client_id), envelope=envelope)
