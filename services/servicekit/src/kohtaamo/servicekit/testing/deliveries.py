"""Handing a service's own subscription an event, as either transport would (tests)."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from itertools import count
from typing import Any
from uuid import UUID, uuid4

from eventsourcing.persistence import RecordConflictError
from faststream.kafka import KafkaBroker

from kohtaamo.contracts import examples

from ..consumer import declared
from ..messages import Item, Source


async def registration_arrives(broker: KafkaBroker, *, organisation_id: str, timeout: float = 30) -> UUID:
    """A new client's registration from intake, through the one subscription declared on
    ``broker``; its client id once the handler has returned (TimeoutError if it does not)."""
    (subscription,) = declared(broker)
    client_id = uuid4()
    envelope = examples.envelope(examples.client_registered(client_id=client_id),
                                 organisation_id=organisation_id, event_id=uuid4())
    source = Source("intake.clients", 0, 0)
    delivery = (subscription.handle([Item(envelope, source)]) if subscription.batch  # type: ignore[call-arg]
                else subscription.handle(envelope, source))  # type: ignore[call-arg]
    await asyncio.wait_for(delivery, timeout=timeout)
    return client_id


def intake_items(organisation_id: str) -> Callable[..., Item]:
    """``make(payload)``: an intake event of ``organisation_id`` as a batch consumer gets it,
    each at the next offset of ``intake.clients``."""
    offsets = count()

    def make(payload: Any, *, event_id: UUID | None = None, organisation_id: str = organisation_id) -> Item:
        envelope = examples.envelope(payload, event_id=event_id or uuid4(), organisation_id=organisation_id)
        return Item(envelope, Source("intake.clients", 0, next(offsets)))

    return make


def first_save_conflicts(store: Any, monkeypatch: Any) -> list[int]:
    """Make ``store``'s first save raise RecordConflictError (another writer got there first);
    the list grows by one on each save, so a test can count them."""
    original, calls = store.save, []

    def save(*aggregates: Any, **kwargs: Any) -> Any:
        calls.append(1)
        if len(calls) == 1:
            raise RecordConflictError("a concurrent writer")
        return original(*aggregates, **kwargs)

    monkeypatch.setattr(store, "save", save)
    return calls
