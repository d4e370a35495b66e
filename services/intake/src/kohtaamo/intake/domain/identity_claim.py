"""Reserves one person's identity code in one organisation for one client.

Its id is derived from a keyed hash of (organisation, identity code), so saving it with
the new client in one transaction makes a second registration of the same person fail
atomically, and the code itself is not stored here.
"""

from __future__ import annotations

from uuid import NAMESPACE_OID, UUID, uuid5

from eventsourcing.domain import Aggregate, event


class IdentityClaim(Aggregate):
    class Claimed(Aggregate.Created):
        claim_key: str
        client_id: UUID

    @staticmethod
    def create_id(claim_key: str, **_: object) -> UUID:
        return uuid5(NAMESPACE_OID, f"kohtaamo.intake.identity/{claim_key}")

    @event(Claimed)
    def __init__(self, *, claim_key: str, client_id: UUID) -> None:
        self.claim_key = claim_key
        self.client_id = client_id
