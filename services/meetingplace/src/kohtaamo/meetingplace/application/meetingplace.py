"""Meetingplace's use cases over one store: what the adapters call."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date

from .activities import Activities
from .activity_reads import ActivityReads
from .client_facts import ClientFacts
from .codes import finnish_today
from .peer_support import PeerSupportRecords
from .places import Places
from .store import MeetingplaceStore
from .visits import Visits


@dataclass(frozen=True)
class Meetingplace:
    store: MeetingplaceStore
    places: Places
    visits: Visits
    activities: Activities
    activity_reads: ActivityReads
    peer_support: PeerSupportRecords
    client_facts: ClientFacts

    @classmethod
    def create(cls, env: Mapping[str, str], *, today: Callable[[], date] = finnish_today) -> Meetingplace:
        store = MeetingplaceStore(env)
        return cls(
            store=store,
            places=Places(store, today),
            visits=Visits(store, today),
            activities=Activities(store, today),
            activity_reads=ActivityReads(store),
            peer_support=PeerSupportRecords(store, today),
            client_facts=ClientFacts(store),
        )

    def close(self) -> None:
        self.store.close()
