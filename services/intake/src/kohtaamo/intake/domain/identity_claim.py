"""Reserves one person's identity code in one organisation for one client.

Its id is derived from a keyed hash of (organisation, identity code), so saving it with
the new client in one transaction makes a second registration of the same person fail
atomically, and the code itself is not stored. Voiding or erasing the client releases
the claim, so the person can be registered again.
"""

from __future__ import annotations

from uuid import NAMESPACE_OID, UUID, uuid5

from eventsourcing.domain import Aggregate, event


class IdentityClaim(Aggregate):
    class Claimed(Aggregate.Created):
        client_id: UUID

    @staticmethod
    def id_for(claim_key: str) -> UUID:
        """Create with ``IdentityClaim(id=IdentityClaim.id_for(key), client_id=...)``."""
        return uuid5(NAMESPACE_OID, f"kohtaamo.intake.identity/{claim_key}")

    @event(Claimed)
    def __init__(self, *, id: UUID, client_id: UUID) -> None:  # noqa: A002 (library's name)
        self.client_id: UUID | None = client_id

    class Released(Aggregate.Event):
        pass

    @event(Released)
    def release(self) -> None:
        self.client_id = None

    class Reclaimed(Aggregate.Event):
        client_id: UUID

    @event(Reclaimed)
    def reclaim(self, client_id: UUID) -> None:
        self.client_id = client_id
