"""Pseudonymous reads: listing and summaries (no personal data, so not logged)."""

from __future__ import annotations

from uuid import UUID

from eventsourcing.utils import get_topic

from ..domain.client import Client
from .store import IntakeStore
from .views import ClientFilter, ClientPage, ClientSummary, summarise

_REGISTERED_TOPIC = get_topic(Client.Registered)


class ClientListing:
    def __init__(self, store: IntakeStore) -> None:
        self._store = store

    def page(
        self, organisation_id: str, *, after: int, limit: int, where: ClientFilter | None = None
    ) -> ClientPage:
        """Clients in registration order after the cursor ``after`` (a notification id)."""
        where = where or ClientFilter()
        found: list[ClientSummary] = []
        position = after
        while len(found) < limit:
            notifications = self._store.recorder.select_notifications(
                start=position, limit=limit * 2, topics=[_REGISTERED_TOPIC], inclusive_of_start=False
            )
            if not notifications:
                return ClientPage(found, None)
            for n in notifications:
                position = n.id
                client: Client = self._store.repository.get(n.originator_id)
                if client.organisation_id == organisation_id and where.admits(summary := summarise(client)):
                    found.append(summary)
                    if len(found) == limit:
                        break
        return ClientPage(found, position)

    def summary(self, client_id: UUID, organisation_id: str) -> ClientSummary:
        return summarise(self._store.client(client_id, organisation_id))
