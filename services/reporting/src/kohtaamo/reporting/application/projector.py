"""Which projection writes each integration event causes."""

from __future__ import annotations

from typing import Any

from kohtaamo.contracts import Envelope
from kohtaamo.contracts.intake.v1 import ClientRegistered

from ..projections import clients

Write = tuple[str, tuple[Any, ...]]


def writes_for(event: Envelope[Any]) -> list[Write]:
    """The SQL writes for one event; events reporting does not use yield none."""
    payload = event.payload
    if isinstance(payload, ClientRegistered):
        return [(clients.INSERT_REGISTRATION, clients.registration_row(event))]
    return []
