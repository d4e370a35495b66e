"""The responsible worker (vastuu- tai omatyöntekijä) named for a client."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from uuid import UUID

from .errors import require


@dataclass(frozen=True)
class Assignment:
    """``worker_id`` is pseudonymous (never a name or a login); ``team`` is the team's code
    as the organisation's identity provider names it, or None."""

    worker_id: UUID
    role: str
    worker_model: str
    allocation_basis: str
    assigned_on: date
    team: str | None = None
    replaces_worker_id: UUID | None = None
    reassignment_reason: str | None = None

    def __post_init__(self) -> None:
        require(self.replaces_worker_id != self.worker_id, "a worker cannot replace themself",
                field="worker_id")
        require((self.replaces_worker_id is None) == (self.reassignment_reason is None),
                "a reason is given exactly when another worker is replaced",
                field="reassignment_reason")
