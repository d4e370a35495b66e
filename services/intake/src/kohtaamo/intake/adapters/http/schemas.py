"""Request and response bodies of intake's HTTP API."""

from __future__ import annotations

import re
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
from kohtaamo.servicekit.fields import Email, EventDate, FreeText, IsoDate, Name, Phone, ShortText
from pydantic import AfterValidator, BaseModel, ConfigDict, Field, field_validator

from ...domain.hetu import InvalidPersonalIdentityCode, PersonalIdentityCode
from ...domain.purposes import ErasureReason, ReadPurpose



# The domain refuses a code listed twice; the schema says so.
EACH_ONCE = {"uniqueItems": True}


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


_IDENTITY_CODE = r"^[0-9]{6}[-+A-FU-Ya-fu-y][0-9]{3}[0-9A-Ya-y]$"


def _identity_code(value: str) -> str:
    if not re.fullmatch(_IDENTITY_CODE, value):
        raise ValueError("must have the form DDMMYYCZZZQ, e.g. 131052-308T")
    try:
        return PersonalIdentityCode.parse(value).value
    except InvalidPersonalIdentityCode as exc:
        raise ValueError(str(exc)) from None


IdentityCode = Annotated[
    str,
    Field(
        description="henkilötunnus, e.g. 131052-308T",
        # The pattern cannot check the date or the check character; the validator does.
        json_schema_extra={"pattern": _IDENTITY_CODE, "format": "fi-personal-identity-code"},
    ),
    AfterValidator(_identity_code),
]
MunicipalityCode = Annotated[
    str,
    Field(
        description="Statistics Finland code, e.g. 837",
        json_schema_extra={"enum": sorted(MUNICIPALITIES)},
    ),
    AfterValidator(_municipality),
]
ProjectCode = Annotated[
    str, Field(pattern=r"^[A-Za-z0-9][A-Za-z0-9 ._/-]{0,39}$", description="e.g. EURA S20397")
]


class ClientRegistration(Body):
    first_name: Name
    last_name: Name
    personal_identity_code: IdentityCode
    municipality_code: MunicipalityCode
    referral_source: ReferralSource
    gender: Gender = Gender.NOT_STATED
    target_groups: list[TargetGroup] = Field(
        default_factory=list, max_length=8, json_schema_extra=EACH_ONCE
    )
    preferred_language: Language = Language.FI
    phone: Phone | None = None
    email: Email | None = None
    postal_address: ShortText | None = None
    project_id: ProjectCode | None = None
    registered_on: EventDate | None = Field(default=None, description="defaults to today; not in the future")

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
    personal_identity_code: IdentityCode
    purpose: ReadPurpose


class Voiding(Body):
    # As the domain has it: only a duplicate names the client it duplicates.
    model_config = ConfigDict(
        json_schema_extra={
            "if": {"properties": {"reason": {"not": {"const": VoidReason.DUPLICATE.value}}}},
            "then": {"properties": {"duplicate_of": {"type": "null"}}},
        }
    )

    reason: VoidReason
    duplicate_of: UUID | None = None
    voided_on: EventDate | None = None


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
    parties: list[Party] = Field(min_length=1, json_schema_extra=EACH_ONCE)
    purposes: list[ConsentPurpose] = Field(min_length=1, json_schema_extra=EACH_ONCE)
    form: ConsentForm
    given_on: EventDate | None = None
    valid_until: IsoDate | None = None


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
    withdrawn_on: EventDate | None = None
    parties: list[Party] | None = Field(
        default=None, min_length=1, description="omit: all", json_schema_extra=EACH_ONCE
    )


class LifeDomainsIn(Body):
    housing: SupportNeed
    relationships: SupportNeed
    study_and_work_history: SupportNeed
    finances: SupportNeed
    health: SupportNeed
    substance_use: SupportNeed
    close_and_authority_network: SupportNeed


class AssessmentIn(Body):
    # As the domain has it: a multi-professional assessment has two assessors at least.
    model_config = ConfigDict(
        json_schema_extra={
            "if": {"properties": {"multi_professional": {"const": True}},
                   "required": ["multi_professional"]},
            "then": {"properties": {"assessor_roles": {"minItems": 2}}},
        }
    )

    assessed_on: EventDate | None = None
    assessor_roles: list[ProfessionalRole] = Field(min_length=1, json_schema_extra=EACH_ONCE)
    multi_professional: bool = False
    domains: LifeDomainsIn
    decision: AssessmentDecision
    plan_participant_roles: list[ProfessionalRole] = Field(
        default_factory=list, json_schema_extra=EACH_ONCE
    )
    plan_participant_parties: list[Party] = Field(default_factory=list, json_schema_extra=EACH_ONCE)
    details: dict[str, FreeText] = Field(
        default_factory=dict,
        description="free text per life domain; never leaves intake",
        json_schema_extra={"propertyNames": {"enum": list(LifeDomainsIn.model_fields)}},
    )

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
    contacted_on: EventDate | None = None
    channel: OutreachChannel
    municipality_code: MunicipalityCode
    partner: Party | None = None
    outcome: OutreachOutcome


class OutreachLink(Body):
    client_id: UUID


class Created(BaseModel):
    id: UUID
