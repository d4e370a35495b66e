"""Events published by intake, schema version 1.

Every event here except ``OutreachContactMade`` concerns one client and travels on
``intake.clients`` keyed by ``client_id``, so consumers see one client's events in order.
"""

from __future__ import annotations

from datetime import date
from typing import Self
from uuid import UUID

from pydantic import Field, model_validator

from ..codes import AgeBand, AgeBandDetail, Gender, Party, ProfessionalRole, ReferralSource, TargetGroup
from ..envelope import Payload
from ..types import ClientId, Codes, MunicipalityCode, Part, SomeCodes
from .codes import (
    AssessmentDecision,
    ConsentForm,
    ConsentPurpose,
    OutreachChannel,
    OutreachOutcome,
    SupportNeed,
    VoidReason,
)

class ClientRegistered(Payload):
    """A person became a client of the organisation (asiakkuus alkaa).

    Carries the pseudonymous client id and coded categories only: never a name or a
    personal identity code.
    """

    event_type = "intake.ClientRegistered"
    schema_version = 1

    client_id: UUID = Field(description="Pseudonymous client id; equals the envelope subject_id.")
    registered_on: date
    municipality_code: str = Field(pattern=r"^\d{3}$", description="Statistics Finland code.")
    referral_source: ReferralSource
    age_band: AgeBand
    # Added within v1 (additive): None means the producer predates the field.
    gender: Gender | None = None
    target_groups: Codes[TargetGroup] = ()
    # Added within v1 (additive): the finer band, from which the ESF bands follow. None
    # means the producer predates the field; ``age_band`` is then all there is.
    age_band_detail: AgeBandDetail | None = None

    @model_validator(mode="after")
    def _detail_within_the_band(self) -> Self:
        if self.age_band_detail is not None and self.age_band_detail.coarse != self.age_band:
            raise ValueError(f"age_band_detail {self.age_band_detail} is not within age_band {self.age_band}")
        return self


class ClientRegistrationVoided(Payload):
    """A registration was taken back as a duplicate or a mistake (kirjauksen mitätöinti).

    Consumers drop the client from counts; ``duplicate_of`` names the surviving client id
    when the person was already registered, so facts can be merged onto it.
    """

    event_type = "intake.ClientRegistrationVoided"
    schema_version = 1

    client_id: ClientId
    voided_on: date
    reason: VoidReason
    duplicate_of: UUID | None = Field(default=None, description="The surviving client id.")

    @model_validator(mode="after")
    def _duplicate_only_names_another_client(self) -> Self:
        if self.duplicate_of is not None and self.reason is not VoidReason.DUPLICATE:
            raise ValueError("duplicate_of is only given when the reason is DUPLICATE")
        if self.duplicate_of == self.client_id:
            raise ValueError("a client cannot be a duplicate of itself")
        return self


class ConsentRecorded(Payload):
    """The client consented to information exchange and co-operation
    (lupa tietojen vaihtoon ja yhteistyöhön) with these parties for these purposes."""

    event_type = "intake.ConsentRecorded"
    schema_version = 1

    client_id: ClientId
    consent_id: UUID
    parties: SomeCodes[Party]
    purposes: SomeCodes[ConsentPurpose]
    form: ConsentForm
    given_on: date
    valid_until: date | None = Field(default=None, description="Last valid day; none: until withdrawn.")

    @model_validator(mode="after")
    def _valid_after_given(self) -> Self:
        if self.valid_until is not None and self.valid_until < self.given_on:
            raise ValueError("valid_until is before given_on")
        return self


class ConsentWithdrawn(Payload):
    """The client withdrew a consent, wholly or for some parties (suostumuksen peruutus)."""

    event_type = "intake.ConsentWithdrawn"
    schema_version = 1

    client_id: ClientId
    consent_id: UUID
    withdrawn_on: date
    whole_consent: bool = Field(description="True: every party and purpose of the consent.")
    parties_affected: Codes[Party] = Field(default=(), description="Only when not whole.")

    @model_validator(mode="after")
    def _whole_or_named_parties(self) -> Self:
        if self.whole_consent == bool(self.parties_affected):
            raise ValueError("give parties_affected exactly when whole_consent is false")
        return self


class LifeDomains(Part):
    """The seven life domains of the initial survey (alkukartoituslomake)."""

    housing: SupportNeed  # asuminen
    relationships: SupportNeed  # parisuhde ja ihmissuhteet
    study_and_work_history: SupportNeed  # opiskelu- ja työhistoria
    finances: SupportNeed  # talous
    health: SupportNeed  # terveys
    substance_use: SupportNeed  # päihteiden käyttö
    close_and_authority_network: SupportNeed  # lähi- ja viranomaisverkosto


class NeedsAssessed(Payload):
    """The service-needs assessment was made at the first meeting
    (palvelutarpeen arviointi), with the initial survey (alkukartoitus)."""

    event_type = "intake.NeedsAssessed"
    schema_version = 1

    client_id: ClientId
    assessment_id: UUID
    assessed_on: date
    assessor_roles: SomeCodes[ProfessionalRole]
    multi_professional: bool = Field(description="Monialainen: several professions took part.")
    domains: LifeDomains
    decision: AssessmentDecision
    plan_participant_roles: Codes[ProfessionalRole] = Field(
        default=(), description="Who, agreed with the client, takes part in drawing up the plan."
    )
    plan_participant_parties: Codes[Party] = ()

    @model_validator(mode="after")
    def _multi_professional_means_several_roles(self) -> Self:
        if self.multi_professional and len(self.assessor_roles) < 2:
            raise ValueError("a multi-professional assessment has at least two assessor roles")
        return self


class OutreachContactMade(Payload):
    """An outreach worker met or tried to reach someone (etsivä työ, kotikäynti).

    Anonymous unless the person has consented to become a client: then, and only then,
    ``client_id`` links the contact to them.
    """

    event_type = "intake.OutreachContactMade"
    schema_version = 1

    contact_id: UUID
    contacted_on: date
    channel: OutreachChannel
    municipality_code: MunicipalityCode
    partner: Party | None = Field(default=None, description="Who tipped off or came along.")
    outcome: OutreachOutcome
    client_id: UUID | None = Field(default=None, description="Only with the person's consent.")


class OutreachContactLinked(Payload):
    """An earlier anonymous outreach contact was linked to a client, who consented to it
    (purpose OUTREACH_FOLLOW_UP): the contact led to a client relationship."""

    event_type = "intake.OutreachContactLinked"
    schema_version = 1

    contact_id: UUID
    client_id: ClientId
    consent_id: UUID = Field(description="The consent that allows the link.")
    linked_on: date


class ClientErased(Payload):
    """The person exercised the right to erasure (tietojen poistaminen).

    Every consumer drops whatever links to this client id, and ignores events about it
    that arrive later (they may, from other topics). Counts may keep an anonymous
    tombstone. The pseudonymous id is all this event carries.
    """

    event_type = "intake.ClientErased"
    schema_version = 1

    client_id: ClientId
