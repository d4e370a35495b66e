"""Apply a consumed integration event to an event-sourced service exactly once.

A ``Receipt`` aggregate, whose id follows from the event id, is saved in the same
transaction as the aggregates the event changed. A redelivery (the same event at another
offset, after a relay re-published it, or again after a crash before the offset commit)
then conflicts on the receipt and changes nothing; the receipt also records where the event
was read from. A conflict on an effect aggregate (a concurrent command) is retried.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any
from uuid import NAMESPACE_URL, UUID, uuid5

from eventsourcing.application import AggregateNotFoundError, Application
from eventsourcing.domain import Aggregate, event
from eventsourcing.persistence import RecordConflictError

from kohtaamo.contracts import Envelope

from .causation import Cause, caused_by
from .messages import Source

_NAMESPACE = uuid5(NAMESPACE_URL, "https://kohtaamo.fi/inbox")


class Receipt(Aggregate):
    class Received(Aggregate.Created):
        event_id: UUID
        event_type: str
        topic: str
        partition: int
        offset: int

    @staticmethod
    def id_for(event_id: UUID) -> UUID:
        return uuid5(_NAMESPACE, str(event_id))

    @event(Received)
    def __init__(  # noqa: PLR0913 (the library builds the event from these)
        self, *, id: UUID, event_id: UUID, event_type: str, topic: str, partition: int,  # noqa: A002
        offset: int,
    ) -> None:
        self.event_id = event_id


def receipt_for(envelope: Envelope[Any], source: Source) -> Receipt:
    """The receipt that marks ``envelope`` applied, saved with its effect."""
    return Receipt(
        id=Receipt.id_for(envelope.event_id), event_id=envelope.event_id, event_type=envelope.event_type,
        topic=source.topic, partition=source.partition, offset=source.offset,
    )


def received(store: Application[UUID], event_id: UUID) -> bool:
    try:
        store.repository.get(Receipt.id_for(event_id))
    except AggregateNotFoundError:
        return False
    return True


def apply_once(
    store: Application[UUID],
    envelope: Envelope[Any],
    source: Source,
    effect: Callable[[], Sequence[Aggregate]],
    *,
    attempts: int = 5,
) -> bool:
    """Run ``effect`` (it loads and changes aggregates, returns those to save) and save them
    with the event's receipt, atomically. False if the event was applied before."""
    cause = Cause.of_event(envelope.event_id, envelope.correlation_id)
    for _ in range(attempts):
        if received(store, envelope.event_id):
            return False
        with caused_by(cause):
            changed = list(effect())
            receipt = receipt_for(envelope, source)
            try:
                store.save(*changed, receipt)
                return True
            except RecordConflictError:
                continue  # a concurrent writer changed an aggregate (or the receipt): again
    raise RuntimeError(f"could not apply event {envelope.event_id} after {attempts} attempts")
