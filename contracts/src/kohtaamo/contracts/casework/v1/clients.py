"""casework v1, the client case (asiakkuus): topic ``casework.clients``, key ``client_id``."""

from __future__ import annotations

from datetime import date
from typing import Self
from uuid import UUID

from pydantic import Field, model_validator

from ...codes import Party, ProfessionalRole, ServiceType, SharingBasis
from ...envelope import Payload
from ...types import ClientId, Codes, Part, SomeCodes, require, within_a_year
from ..codes import (
    AllocationBasis,
    AppointmentKind,
    AppointmentPurpose,
    Channel,
    Destination,
    GoalStatus,
    PlanType,
    ReassignmentReason,
    ReferralOutcome,
    ReferralReason,
    RelationshipEndReason,
    ReviewType,
    ServiceUnit,
    TransitionSource,
    WorkerModel,
)

WORKER_ID = "Pseudonymous staff id (never a name or a login name)."


class ResponsibleWorkerAssigned(Payload):
    """A responsible or own worker was named for the client (vastuu-/omatyöntekijä nimetty)."""

    event_type = "casework.ResponsibleWorkerAssigned"
    schema_version = 1

    client_id: ClientId
    worker_id: UUID = Field(description=WORKER_ID)
    role: ProfessionalRole
    worker_model: WorkerModel
    allocation_basis: AllocationBasis
    assigned_on: date
    replaces_worker_id: UUID | None = Field(default=None, description=WORKER_ID)
    # Added within v1 (additive): None on a first assignment, and from producers before it.
    reassignment_reason: ReassignmentReason | None = Field(
        default=None, description="Why the worker replaced replaces_worker_id."
    )

    @model_validator(mode="after")
    def _replaces_someone_else(self) -> Self:
        require(self.replaces_worker_id != self.worker_id, "a worker cannot replace themself")
        require(self.reassignment_reason is None or self.replaces_worker_id is not None,
                "a reassignment reason needs the worker replaced")
        return self


class AppointmentHeld(Payload):
    """A worker met the client (asiakastapaaminen): home visit, office or remote
    appointment, client or network meeting, prepared appointment, evaluation visit."""

    event_type = "casework.AppointmentHeld"
    schema_version = 1

    client_id: ClientId
    appointment_id: UUID
    kind: AppointmentKind
    channel: Channel
    purpose: AppointmentPurpose | None = None
    held_on: date
    duration_min: int | None = Field(default=None, ge=1, le=24 * 60)
    participant_roles: SomeCodes[ProfessionalRole]
    participant_parties: Codes[Party] = ()
    follow_up_parties: Codes[Party] = Field(
        default=(), description="Prepared appointment: who the client continues with."
    )

    @model_validator(mode="after")
    def _channel_fits_kind(self) -> Self:
        if self.kind is AppointmentKind.REMOTE:
            require(self.channel is not Channel.FACE_TO_FACE, "a remote appointment is not face to face")
        if self.kind in (AppointmentKind.HOME_VISIT, AppointmentKind.EVALUATION_VISIT):
            require(self.channel is Channel.FACE_TO_FACE, f"a {self.kind} is face to face")
        return self


class PlanMeasure(Part):
    """Toimenpide: one service the plan agrees on, and who provides it."""

    service_type: ServiceType
    provider: Party
    responsible_role: ProfessionalRole | None = None


class PlanAgreed(Payload):
    """A plan was agreed with the client (asiakas-, palvelu-, aktivointi-, kuty- tai
    jatkosuunnitelma). Goals are ids: their wording stays in casework."""

    event_type = "casework.PlanAgreed"
    schema_version = 1

    client_id: ClientId
    plan_id: UUID
    plan_type: PlanType
    agreed_on: date
    participant_roles: SomeCodes[ProfessionalRole]
    participant_parties: Codes[Party] = ()
    goal_ids: Codes[UUID] = ()
    measures: tuple[PlanMeasure, ...] = ()
    review_due_on: date = Field(description="At most a year after agreed_on (vähintään 1 krt/v).")
    consent_id: UUID | None = Field(default=None, description="Consent to exchange and co-operation.")
    supersedes_plan_id: UUID | None = None

    @model_validator(mode="after")
    def _reviewed_within_a_year(self) -> Self:
        require(within_a_year(self.agreed_on, self.review_due_on),
                 "review_due_on must be after agreed_on and within a year")
        return self


class GoalAttainment(Part):
    goal_id: UUID
    status: GoalStatus


class PlanReviewed(Payload):
    """A plan was reviewed against its goals (suunnitelman tarkistus)."""

    event_type = "casework.PlanReviewed"
    schema_version = 1

    client_id: ClientId
    plan_id: UUID
    reviewed_on: date
    review_type: ReviewType
    goal_attainment: tuple[GoalAttainment, ...] = ()
    measures_changed: bool
    next_review_due_on: date | None = Field(default=None, description="None: the plan ends here.")

    @model_validator(mode="after")
    def _next_review_within_a_year(self) -> Self:
        if self.next_review_due_on is not None:
            require(within_a_year(self.reviewed_on, self.next_review_due_on),
                     "next_review_due_on must be after reviewed_on and within a year")
        goals = [g.goal_id for g in self.goal_attainment]
        require(len(goals) == len(set(goals)), "a goal is assessed once per review")
        return self


class ReferralMade(Payload):
    """The client was referred to another service or party (ohjaus, lähete).

    Under consent, ``target`` must be among that consent's parties; casework checks it.
    """

    event_type = "casework.ReferralMade"
    schema_version = 1

    client_id: ClientId
    referral_id: UUID
    referred_on: date
    referring_role: ProfessionalRole
    target: Party
    service_type: ServiceType | None = None
    reason: ReferralReason
    basis: SharingBasis
    consent_id: UUID | None = Field(default=None, description="Given exactly when basis is CONSENT.")

    @model_validator(mode="after")
    def _consent_when_consent_is_the_basis(self) -> Self:
        require((self.basis is SharingBasis.CONSENT) == (self.consent_id is not None),
                 "consent_id is given exactly when the basis is CONSENT")
        return self


class ReferralOutcomeRecorded(Payload):
    """What came of a referral (ohjauksen tulos)."""

    event_type = "casework.ReferralOutcomeRecorded"
    schema_version = 1

    client_id: ClientId
    referral_id: UUID
    outcome: ReferralOutcome
    outcome_on: date


class ServiceProvided(Payload):
    """The client received a service (palvelu annettu): coaching, peer support, health
    service, errand help, day activity... Reporting's IND-02 counts these."""

    event_type = "casework.ServiceProvided"
    schema_version = 1

    client_id: ClientId
    service_episode_id: UUID
    service_type: ServiceType
    provider: Party
    provided_on: date
    quantity: float = Field(gt=0, description="How many units: sessions or hours.")
    unit: ServiceUnit


class TransitionRecorded(Payload):
    """The client moved on to work, study, kuty, rehabilitation or elsewhere (siirtyminen)."""

    event_type = "casework.TransitionRecorded"
    schema_version = 1

    client_id: ClientId
    transition_id: UUID
    transition_on: date
    destination: Destination
    source: TransitionSource
    work_activity_id: UUID | None = Field(default=None, description="The kuty period it followed.")


class ClientRelationshipEnded(Payload):
    """The client relationship ended (asiakkuus päättyy)."""

    event_type = "casework.ClientRelationshipEnded"
    schema_version = 1

    client_id: ClientId
    ended_on: date
    reason: RelationshipEndReason
    final_plan_id: UUID | None = None
