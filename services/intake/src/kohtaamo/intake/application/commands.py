"""Commands and read requests the intake application accepts (validated at the edge)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from uuid import UUID


@dataclass(frozen=True)
class PersonalDetails:
    """Everything that identifies the person: sealed with the client's own key."""

    first_name: str
    last_name: str
    personal_identity_code: str
    phone: str | None = None
    email: str | None = None
    postal_address: str | None = None
    preferred_language: str = "fi"


@dataclass(frozen=True)
class RegisterClient:
    organisation_id: str
    person: PersonalDetails
    municipality_code: str
    referral_source: str
    registered_on: date
    gender: str = "NOT_STATED"
    target_groups: tuple[str, ...] = ()
    project_id: str | None = None


@dataclass(frozen=True)
class Reader:
    """Who is reading personal data, and why: every such read is logged."""

    sub: str
    roles: tuple[str, ...]
    organisation_id: str
    purpose: str


@dataclass(frozen=True)
class RecordConsent:
    client_id: UUID
    organisation_id: str
    parties: tuple[str, ...]
    purposes: tuple[str, ...]
    form: str
    given_on: date
    valid_until: date | None = None


@dataclass(frozen=True)
class WithdrawConsent:
    client_id: UUID
    organisation_id: str
    consent_id: UUID
    withdrawn_on: date
    parties: tuple[str, ...] | None = None  # None: the whole consent


@dataclass(frozen=True)
class AssessNeeds:
    client_id: UUID
    organisation_id: str
    assessed_on: date
    assessor_roles: tuple[str, ...]
    multi_professional: bool
    domains: dict[str, str]
    decision: str
    plan_participant_roles: tuple[str, ...] = ()
    plan_participant_parties: tuple[str, ...] = ()
    details: dict[str, str] = field(default_factory=dict)  # free text per domain: stays here


@dataclass(frozen=True)
class RecordOutreachContact:
    organisation_id: str
    contacted_on: date
    channel: str
    municipality_code: str
    outcome: str
    partner: str | None = None
