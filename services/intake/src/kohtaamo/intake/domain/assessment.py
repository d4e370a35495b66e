"""A service-needs assessment as the client aggregate keeps it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from uuid import UUID


@dataclass(frozen=True)
class Assessment:
    assessment_id: UUID
    assessed_on: date
    assessor_roles: tuple[str, ...]
    multi_professional: bool
    domains: dict[str, str]
    decision: str
    plan_participant_roles: tuple[str, ...]
    plan_participant_parties: tuple[str, ...]
    sealed_details: str | None  # free text per life domain, sealed with the client's key
