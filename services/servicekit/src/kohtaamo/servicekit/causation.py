"""Correlation and causation ids, carried from a command to every event it causes.

A request (or a consumed event) sets the current ``Cause`` for the code it runs; the event
store's mapper writes it into each stored event's state, and the relay puts it on the
envelope. So a trace can follow one staff action across services: ``correlation_id`` is shared
by everything that follows from the action, ``causation_id`` names the direct cause (the
request, or the consumed event).

``asyncio.to_thread`` copies context variables, so a cause set in an async adapter reaches the
synchronous eventsourcing code that saves the events.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterable, Iterator, Mapping
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any
from uuid import UUID

from eventsourcing.domain import DomainEventProtocol
from eventsourcing.persistence import Mapper, StoredEvent

from .tracing import current_traceparent

# The key under which a stored event's state carries its cause (an attribute once loaded).
_STATE_KEY = "_cause"


@dataclass(frozen=True)
class Cause:
    correlation_id: UUID
    causation_id: UUID

    @classmethod
    def of_event(cls, event_id: UUID, correlation_id: UUID | None) -> Cause:
        """What an incoming integration event causes: same correlation, caused by it."""
        return cls(correlation_id=correlation_id or event_id, causation_id=event_id)


_current: ContextVar[Cause | None] = ContextVar("kohtaamo_cause", default=None)


def current() -> Cause | None:
    return _current.get()


@contextlib.contextmanager
def caused_by(cause: Cause | None) -> Iterator[None]:
    token = _current.set(cause)
    try:
        yield
    finally:
        _current.reset(token)


def cause_of(domain_event: DomainEventProtocol[Any]) -> Cause | None:
    """The cause stored with a domain event (None for events stored before causes were)."""
    stored = getattr(domain_event, _STATE_KEY, None)
    if not isinstance(stored, Mapping):
        return None
    return Cause(UUID(str(stored["correlation_id"])), UUID(str(stored["causation_id"])))


def traceparent_of(domain_event: DomainEventProtocol[Any]) -> str | None:
    """The span context of the command that saved the event, when it was traced."""
    stored = getattr(domain_event, _STATE_KEY, None)
    if not isinstance(stored, Mapping):
        return None
    value = stored.get("traceparent")
    return value if isinstance(value, str) else None


class CausationMapper(Mapper[UUID]):
    """The library's mapper, plus the current cause in each new event's (encrypted) state.

    Selected with ``MAPPER_TOPIC`` (see ``eventstore.eventsourcing_env``). Loading needs no
    override: the library restores every state key as an attribute of the event.
    """

    def to_stored_event(self, domain_event: DomainEventProtocol[UUID]) -> StoredEvent:
        cause = current()
        if cause is not None:
            stamp([domain_event], cause)
        return super().to_stored_event(domain_event)


def stamp(domain_events: Iterable[DomainEventProtocol[Any]], cause: Cause) -> None:
    """Give each event ``cause`` unless it has one already: what the mapper does at save time,
    done earlier where one save holds several causes' events (a consumer's batch)."""
    state = {"correlation_id": str(cause.correlation_id), "causation_id": str(cause.causation_id)}
    traceparent = current_traceparent()
    if traceparent:  # so the relay can publish the event inside the request's trace
        state["traceparent"] = traceparent
    for domain_event in domain_events:
        # Events are frozen dataclasses; add the cause to the state the library serialises.
        vars(domain_event).setdefault(_STATE_KEY, dict(state))
