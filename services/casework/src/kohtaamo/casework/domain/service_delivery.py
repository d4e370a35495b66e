"""Services delivered, transitions and the end of the relationship: values for the file."""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date
from uuid import UUID

from .errors import require

MAX_QUANTITY = 10_000  # sessions or hours in one record: more is a typing mistake


@dataclass(frozen=True)
class ServiceDelivery:
    service_episode_id: UUID
    service_type: str
    provider: str  # a Party
    provided_on: date
    quantity: float
    unit: str  # SESSION | HOUR

    def __post_init__(self) -> None:
        require(math.isfinite(self.quantity) and 0 < self.quantity <= MAX_QUANTITY,
                f"is more than 0 and at most {MAX_QUANTITY}", field="quantity")


@dataclass(frozen=True)
class Transition:
    transition_id: UUID
    transition_on: date
    destination: str
    source: str
    work_activity_id: UUID | None = None  # the kuty period it followed


@dataclass(frozen=True)
class RelationshipEnd:
    ended_on: date
    reason: str
    final_plan_id: UUID | None = None
