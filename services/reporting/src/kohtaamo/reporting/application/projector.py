"""Which projection writes each integration event causes."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from kohtaamo.contracts import Envelope
from kohtaamo.contracts.intake import v1 as intake

from ..projections import clients

Write = tuple[str, tuple[Any, ...]]

_PROJECTIONS: dict[type[Any], Callable[[Envelope[Any]], list[Write]]] = {
    intake.ClientRegistered: clients.registered,
    intake.ClientRegistrationVoided: clients.voided,
    intake.ClientErased: clients.erased,
}


def writes_for(event: Envelope[Any]) -> list[Write]:
    """The SQL writes for one event; events no indicator uses yet yield none."""
    project = _PROJECTIONS.get(type(event.payload))
    return project(event) if project else []
