"""A service-needs assessment (palvelutarpeen arviointi) as one value, from the HTTP body to
the domain event to its translation, checked once, here."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from collections.abc import Mapping
from types import MappingProxyType
from typing import Any
from uuid import UUID

from .errors import each_once, require

# The seven life domains of the initial survey (alkukartoituslomake).
LIFE_DOMAINS = (
    "housing", "relationships", "study_and_work_history", "finances", "health",
    "substance_use", "close_and_authority_network",
)


@dataclass(frozen=True)
class AssessmentFindings:
    """What was found and agreed: coded only (free text is sealed separately)."""

    assessor_roles: tuple[str, ...]
    multi_professional: bool
    domains: Mapping[str, str]
    decision: str
    plan_participant_roles: tuple[str, ...] = ()
    plan_participant_parties: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        object.__setattr__(self, "assessor_roles", tuple(self.assessor_roles))
        object.__setattr__(self, "plan_participant_roles", tuple(self.plan_participant_roles))
        object.__setattr__(self, "plan_participant_parties", tuple(self.plan_participant_parties))
        object.__setattr__(self, "domains", MappingProxyType(dict(self.domains)))
        require(bool(self.assessor_roles), "at least one assessor role", field="assessor_roles")
        each_once(self.assessor_roles, "assessor_roles")
        if self.multi_professional:
            require(len(self.assessor_roles) >= 2,
                    "a multi-professional assessment has at least two assessor roles",
                    field="assessor_roles")
        each_once(self.plan_participant_roles, "plan_participant_roles")
        each_once(self.plan_participant_parties, "plan_participant_parties")
        missing = [d for d in LIFE_DOMAINS if d not in self.domains]
        unknown = sorted(set(self.domains) - set(LIFE_DOMAINS))
        require(not missing, f"life domains missing: {', '.join(missing)}", field="domains")
        require(not unknown, f"unknown life domains: {', '.join(unknown)}", field="domains")

    def as_state(self) -> dict[str, Any]:
        """Plain values for the stored event (see ``FindingsAsDict``)."""
        return {
            "assessor_roles": list(self.assessor_roles),
            "multi_professional": self.multi_professional,
            "domains": dict(self.domains),
            "decision": self.decision,
            "plan_participant_roles": list(self.plan_participant_roles),
            "plan_participant_parties": list(self.plan_participant_parties),
        }

    @classmethod
    def from_state(cls, state: dict[str, Any]) -> AssessmentFindings:
        return cls(**state)


@dataclass(frozen=True)
class Assessment:
    """One assessment as the client aggregate keeps it."""

    assessment_id: UUID
    assessed_on: date
    findings: AssessmentFindings
    sealed_details: str | None  # free text per life domain, sealed with the client's key
