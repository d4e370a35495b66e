"""Commands and read requests the intake application accepts.

A command checks its codes against the contracts' code lists when it is made, so an unknown
code never gets further; the rules between values are the domain's.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from uuid import UUID

from kohtaamo.contracts.codes import Gender, Party, ProfessionalRole, ReferralSource, TargetGroup
from kohtaamo.contracts.intake.codes import (
    AssessmentDecision,
    ConsentForm,
    ConsentPurpose,
    OutreachChannel,
    OutreachOutcome,
    SupportNeed,
    VoidReason,
)

from ..domain.assessment import AssessmentFindings
from ..domain.purposes import ErasureReason, ReadPurpose
from . import codes


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

    def __post_init__(self) -> None:
        codes.municipality(self.municipality_code)
        codes.code(ReferralSource, self.referral_source, "referral_source")
        codes.code(Gender, self.gender, "gender")
        codes.codes(TargetGroup, self.target_groups, "target_groups")


@dataclass(frozen=True)
class VoidRegistration:
    client_id: UUID
    organisation_id: str
    reason: str
    voided_on: date
    duplicate_of: UUID | None = None

    def __post_init__(self) -> None:
        codes.code(VoidReason, self.reason, "reason")


@dataclass(frozen=True)
class EraseClient:
    client_id: UUID
    organisation_id: str
    reason: str
    erased_by: str

    def __post_init__(self) -> None:
        codes.code(ErasureReason, self.reason, "reason")


@dataclass(frozen=True)
class Reader:
    """Who is reading personal data, and why: every such read is logged."""

    sub: str
    roles: tuple[str, ...]
    organisation_id: str
    purpose: str

    def __post_init__(self) -> None:
        codes.code(ReadPurpose, self.purpose, "purpose")


@dataclass(frozen=True)
class RecordConsent:
    client_id: UUID
    organisation_id: str
    parties: tuple[str, ...]
    purposes: tuple[str, ...]
    form: str
    given_on: date
    valid_until: date | None = None

    def __post_init__(self) -> None:
        codes.codes(Party, self.parties, "parties")
        codes.codes(ConsentPurpose, self.purposes, "purposes")
        codes.code(ConsentForm, self.form, "form")


@dataclass(frozen=True)
class WithdrawConsent:
    client_id: UUID
    organisation_id: str
    consent_id: UUID
    withdrawn_on: date
    parties: tuple[str, ...] | None = None  # None: the whole consent

    def __post_init__(self) -> None:
        codes.codes(Party, self.parties or (), "parties")


@dataclass(frozen=True)
class AssessNeeds:
    client_id: UUID
    organisation_id: str
    assessed_on: date
    findings: AssessmentFindings
    details: dict[str, str] = field(default_factory=dict)  # free text per domain: stays here

    def __post_init__(self) -> None:
        f = self.findings
        codes.codes(ProfessionalRole, f.assessor_roles, "assessor_roles")
        codes.codes(ProfessionalRole, f.plan_participant_roles, "plan_participant_roles")
        codes.codes(Party, f.plan_participant_parties, "plan_participant_parties")
        codes.code(AssessmentDecision, f.decision, "decision")
        for domain, need in f.domains.items():
            codes.code(SupportNeed, need, f"domains.{domain}")
        unknown = sorted(set(self.details) - set(f.domains))
        codes.require(not unknown, f"unknown life domains: {', '.join(unknown)}", field="details")


@dataclass(frozen=True)
class RecordOutreachContact:
    organisation_id: str
    contacted_on: date
    channel: str
    municipality_code: str
    outcome: str
    partner: str | None = None

    def __post_init__(self) -> None:
        codes.municipality(self.municipality_code)
        codes.code(OutreachChannel, self.channel, "channel")
        codes.code(OutreachOutcome, self.outcome, "outcome")
        if self.partner is not None:
            codes.code(Party, self.partner, "partner")


@dataclass(frozen=True)
class LinkOutreachContact:
    contact_id: UUID
    client_id: UUID
    organisation_id: str
    linked_on: date
