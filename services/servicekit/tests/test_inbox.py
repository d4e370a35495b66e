"""A consumed event is applied once, with its receipt, whatever the redelivery."""

from uuid import UUID, uuid4

from eventsourcing.application import Application
from eventsourcing.domain import Aggregate, event

from kohtaamo.contracts import examples
from kohtaamo.servicekit.causation import cause_of
from kohtaamo.servicekit.eventstore import eventsourcing_env
from kohtaamo.servicekit.inbox import Receipt, apply_once
from kohtaamo.servicekit.messages import Source


class Counter(Aggregate):
    @event("Created")
    def __init__(self) -> None:
        self.n = 0

    @event("Incremented")
    def increment(self) -> None:
        self.n += 1


def test_the_same_event_delivered_twice_changes_the_store_once():
    store = Application[UUID](env=eventsourcing_env("memory://"))
    counter = Counter()
    store.save(counter)
    envelope = examples.envelope(examples.client_registered(), event_id=uuid4())

    def effect():
        loaded = store.repository.get(counter.id)
        loaded.increment()
        return [loaded]

    first = apply_once(store, envelope, Source("intake.clients", 0, 7), effect)
    again = apply_once(store, envelope, Source("intake.clients", 1, 9), effect)  # re-published

    assert (first, again) == (True, False)
    assert store.repository.get(counter.id).n == 1
    receipt = store.repository.get(Receipt.id_for(envelope.event_id))
    assert receipt.event_id == envelope.event_id


def test_the_effect_is_caused_by_the_consumed_event():
    store = Application[UUID](env=eventsourcing_env("memory://"))
    envelope = examples.envelope(examples.client_registered(), event_id=uuid4(), correlation_id=uuid4())
    made = []

    def effect():
        made.append(Counter())
        return made

    apply_once(store, envelope, Source("intake.clients", 0, 1), effect)

    stored = store.mapper.to_domain_event(store.recorder.select_notifications(start=None, limit=1)[0])
    cause = cause_of(stored)
    assert (cause.correlation_id, cause.causation_id) == (envelope.correlation_id, envelope.event_id)


def test_a_concurrent_change_of_the_aggregate_is_retried_not_lost():
    store = Application[UUID](env=eventsourcing_env("memory://"))
    counter = Counter()
    store.save(counter)
    envelope = examples.envelope(examples.client_registered(), event_id=uuid4())
    interfered = []

    def effect():
        loaded = store.repository.get(counter.id)
        if not interfered:  # another writer saves between our load and our save
            rival = store.repository.get(counter.id)
            rival.increment()
            store.save(rival)
            interfered.append(True)
        loaded.increment()
        return [loaded]

    assert apply_once(store, envelope, Source("intake.clients", 0, 1), effect)
    assert store.repository.get(counter.id).n == 2
