"""Request and response bodies of intake's HTTP API."""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum
from typing import Annotated
from uuid import UUID

from kohtaamo.contracts.codes import (
    AgeBand,
    Gender,
    Party,
    ProfessionalRole,
    ReferralSource,
    TargetGroup,
)
from kohtaamo.contracts.intake.codes import (
    AssessmentDecision,
    ConsentForm,
    ConsentPurpose,
    OutreachChannel,
    OutreachOutcome,
    SupportNeed,
    VoidReason,
)
from kohtaamo.contracts.municipalities import MUNICIPALITIES
from pydantic import BaseModel, ConfigDict, Field, StringConstraints, field_validator

from ...domain.hetu import InvalidPersonalIdentityCode, PersonalIdentityCode
from ...domain.purposes import ErasureReason, ReadPurpose

Name = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=100)]
Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=4000)]


class Language(StrEnum):
    FI = "fi"
    SV = "sv"
    EN = "en"


class Body(BaseModel):
    model_config = ConfigDict(extra="forbid")


def _municipality(value: str) -> str:
    if value not in MUNICIPALITIES:
        raise ValueError(f"unknown municipality code {value!r}")
    return value


def _not_in_future(value: date | None) -> date | None:
    if value is not None and value > date.today():
        raise ValueError("cannot be in the future")
    return value


def _identity_code(value: str) -> str:
    try:
        return PersonalIdentityCode.parse(value).value
    except InvalidPersonalIdentityCode as exc:
        raise ValueError(str(exc)) from None


class ClientRegistration(Body):
    first_name: Name
    last_name: Name
    personal_identity_code: str = Field(description="henkilötunnus, e.g. 131052-308T")
    municipality_code: str = Field(description="Statistics Finland code, e.g. 837")
    referral_source: ReferralSource
    gender: Gender = Gender.NOT_STATED
    target_groups: list[TargetGroup] = Field(default_factory=list, max_length=8)
    preferred_language: Language = Language.FI
    phone: str | None = Field(default=None, pattern=r"^\+?[0-9][0-9 ()-]{5,19}$")
    email: str | None = Field(default=None, pattern=r"^[^@\s]{1,64}@[^@\s]+\.[^@\s]+$", max_length=254)
    postal_address: Name | None = None
    project_id: str | None = Field(default=None, max_length=40, description="e.g. EURA S20397")
    registered_on: date | None = Field(default=None, description="defaults to today")

    _code = field_validator("personal_identity_code")(_identity_code)
    _municipality = field_validator("municipality_code")(_municipality)
    _date = field_validator("registered_on")(_not_in_future)

    @field_validator("target_groups")
    @classmethod
    def _each_once(cls, value: list[TargetGroup]) -> list[TargetGroup]:
        if len(set(value)) != len(value):
            raise ValueError("lists a target group more than once")
        return value


class Registered(BaseModel):
    client_id: UUID
    age_band: AgeBand


class ClientSummaryOut(BaseModel):
    client_id: UUID
    status: str
    registered_on: date
    municipality_code: str
    referral_source: str
    age_band: str
    gender: str
    target_groups: list[str]
    project_id: str | None


class ClientPageOut(BaseModel):
    clients: list[ClientSummaryOut]
    next_cursor: int | None = Field(description="pass as ?cursor= for the next page")


class PersonOut(BaseModel):
    first_name: str
    last_name: str
    personal_identity_code: str
    phone: str | None
    email: str | None
    postal_address: str | None
    preferred_language: str


class ClientRecordOut(BaseModel):
    client: ClientSummaryOut
    person: PersonOut


class IdentitySearch(Body):
    personal_identity_code: str
    purpose: ReadPurpose

    _code = field_validator("personal_identity_code")(_identity_code)


class Voiding(Body):
    reason: VoidReason
    duplicate_of: UUID | None = None
    voided_on: date | None = None

    _date = field_validator("voided_on")(_not_in_future)


class Erasure(Body):
    reason: ErasureReason


class AccessEntryOut(BaseModel):
    at: datetime
    reader: str
    roles: list[str]
    purpose: str
    action: str


class AccessLogOut(BaseModel):
    client_id: UUID
    entries: list[AccessEntryOut]


class ConsentIn(Body):
    parties: list[Party] = Field(min_length=1)
    purposes: list[ConsentPurpose] = Field(min_length=1)
    form: ConsentForm
    given_on: date | None = None
    valid_until: date | None = None

    _date = field_validator("given_on")(_not_in_future)


class ConsentOut(BaseModel):
    consent_id: UUID
    parties: list[str]
    purposes: list[str]
    form: str
    given_on: date
    valid_until: date | None


class ConsentsOut(BaseModel):
    client_id: UUID
    consents: list[ConsentOut]


class Withdrawal(Body):
    withdrawn_on: date | None = None
    parties: list[Party] | None = Field(default=None, min_length=1, description="omit: all")

    _date = field_validator("withdrawn_on")(_not_in_future)


class LifeDomainsIn(Body):
    housing: SupportNeed
    relationships: SupportNeed
    study_and_work_history: SupportNeed
    finances: SupportNeed
    health: SupportNeed
    substance_use: SupportNeed
    close_and_authority_network: SupportNeed


class AssessmentIn(Body):
    assessed_on: date | None = None
    assessor_roles: list[ProfessionalRole] = Field(min_length=1)
    multi_professional: bool = False
    domains: LifeDomainsIn
    decision: AssessmentDecision
    plan_participant_roles: list[ProfessionalRole] = Field(default_factory=list)
    plan_participant_parties: list[Party] = Field(default_factory=list)
    details: dict[str, Text] = Field(
        default_factory=dict, description="free text per life domain; never leaves intake"
    )

    _date = field_validator("assessed_on")(_not_in_future)

    @field_validator("details")
    @classmethod
    def _known_domains(cls, value: dict[str, str]) -> dict[str, str]:
        unknown = sorted(set(value) - set(LifeDomainsIn.model_fields))
        if unknown:
            raise ValueError(f"unknown life domains: {', '.join(unknown)}")
        return value


class AssessmentOut(BaseModel):
    assessment_id: UUID
    assessed_on: date
    assessor_roles: list[str]
    multi_professional: bool
    domains: dict[str, str]
    decision: str
    plan_participant_roles: list[str]
    plan_participant_parties: list[str]
    details: dict[str, str]


class AssessmentsOut(BaseModel):
    client_id: UUID
    assessments: list[AssessmentOut]


class ClientStatus(StrEnum):
    ACTIVE = "active"
    VOIDED = "voided"
    ERASED = "erased"


class OutreachContactIn(Body):
    contacted_on: date | None = None
    channel: OutreachChannel
    municipality_code: str
    partner: Party | None = None
    outcome: OutreachOutcome

    _municipality = field_validator("municipality_code")(_municipality)
    _date = field_validator("contacted_on")(_not_in_future)


class OutreachLink(Body):
    client_id: UUID


class Created(BaseModel):
    id: UUID
