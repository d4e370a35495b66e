"""The client: a person registered in an organisation's programme.

Personal fields (names, identity code, contact details, free text) are never in plain
form in these events: the application seals them with a key of this client's own
(``sealed_*``), so destroying that key erases them from every copy of the events.

Every rule the published contracts check is checked here first, in the public methods,
before an event exists: an event this aggregate stores can always be published. The typed
appliers below each method only change state, so replaying history never re-runs a rule.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any
from uuid import UUID

from eventsourcing.domain import Aggregate, event

from .assessment import Assessment, AssessmentFindings
from .consent import Consent
from .errors import ClientInactive, ConsentNotActive, ConsentNotFound, each_once, require

_MUNICIPALITY = re.compile(r"^\d{3}$")
DUPLICATE = "DUPLICATE"  # the void reason that names the surviving client


class Client(Aggregate):
    class Registered(Aggregate.Created):
        organisation_id: str
        project_id: str | None
        municipality_code: str
        referral_source: str
        registered_on: date
        age_band: str
        gender: str
        target_groups: list[str]
        sealed_personal: str
        age_band_detail: str | None = None  # absent from events stored before it existed

    @event(Registered)
    def __init__(
        self,
        *,
        id: UUID,  # noqa: A002 (the library's name): the key is made before the client
        organisation_id: str,
        project_id: str | None,
        municipality_code: str,
        referral_source: str,
        registered_on: date,
        age_band: str,
        gender: str,
        target_groups: list[str],
        sealed_personal: str,
        age_band_detail: str | None = None,
    ) -> None:
        self.organisation_id = organisation_id
        self.project_id = project_id
        self.municipality_code = municipality_code
        self.referral_source = referral_source
        self.registered_on = registered_on
        self.age_band = age_band
        self.age_band_detail = age_band_detail
        self.gender = gender
        self.target_groups = target_groups
        self.sealed_personal = sealed_personal
        self.voided = False
        self.erased = False
        self.consents: dict[UUID, Consent] = {}
        self.assessments: dict[UUID, Assessment] = {}

    @staticmethod
    def check_registration(*, municipality_code: str, target_groups: list[str], **_: Any) -> None:
        require(bool(_MUNICIPALITY.match(municipality_code)),
                "a municipality code has three digits", field="municipality_code")
        each_once(target_groups, "target_groups")

    @classmethod
    def register(cls, **fields: Any) -> Client:
        """Check the registration's rules, then create the client."""
        cls.check_registration(**fields)
        return cls(**fields)

    @property
    def is_active(self) -> bool:
        return not (self.voided or self.erased)

    def ensure_active(self) -> None:
        if self.voided:
            raise ClientInactive("the registration was voided")
        if self.erased:
            raise ClientInactive("the client's data was erased")

    def ensure_not_before_registration(self, day: date, field: str) -> None:
        require(day >= self.registered_on, "is before the client's registration", field=field)

    # Voiding and erasure

    class Voided(Aggregate.Event):
        reason: str
        voided_on: date
        duplicate_of: UUID | None

    def void(self, *, reason: str, voided_on: date, duplicate_of: UUID | None) -> None:
        self.ensure_active()
        self.ensure_not_before_registration(voided_on, "voided_on")
        if duplicate_of is not None:
            require(reason == DUPLICATE, "is only given when the reason is DUPLICATE",
                    field="duplicate_of")
            require(duplicate_of != self.id, "a client cannot be a duplicate of itself",
                    field="duplicate_of")
        self._voided(reason=reason, voided_on=voided_on, duplicate_of=duplicate_of)

    @event(Voided)
    def _voided(self, reason: str, voided_on: date, duplicate_of: UUID | None) -> None:
        self.voided = True

    class Erased(Aggregate.Event):
        reason: str
        erased_by: str

    def erase(self, *, reason: str, erased_by: str) -> None:
        if not self.erased:
            self._erased(reason=reason, erased_by=erased_by)

    @event(Erased)
    def _erased(self, reason: str, erased_by: str) -> None:
        self.erased = True

    # Consent

    class ConsentRecorded(Aggregate.Event):
        consent_id: UUID
        parties: list[str]
        purposes: list[str]
        form: str
        given_on: date
        valid_until: date | None

    def record_consent(
        self,
        *,
        consent_id: UUID,
        parties: list[str],
        purposes: list[str],
        form: str,
        given_on: date,
        valid_until: date | None,
    ) -> None:
        self.ensure_active()
        require(bool(parties), "at least one party", field="parties")
        require(bool(purposes), "at least one purpose", field="purposes")
        each_once(parties, "parties")
        each_once(purposes, "purposes")
        if valid_until is not None:
            require(valid_until >= given_on, "is before the consent was given", field="valid_until")
        self._consent_recorded(
            consent_id=consent_id, parties=parties, purposes=purposes, form=form,
            given_on=given_on, valid_until=valid_until,
        )

    @event(ConsentRecorded)
    def _consent_recorded(
        self, consent_id: UUID, parties: list[str], purposes: list[str], form: str,
        given_on: date, valid_until: date | None,
    ) -> None:
        self.consents[consent_id] = Consent(
            consent_id, tuple(parties), tuple(purposes), form, given_on, valid_until
        )

    class ConsentWithdrawn(Aggregate.Event):
        consent_id: UUID
        withdrawn_on: date
        parties: list[str] | None  # None: the whole consent

    def withdraw_consent(
        self, *, consent_id: UUID, withdrawn_on: date, parties: list[str] | None
    ) -> None:
        self.ensure_active()
        consent = self.consents.get(consent_id)
        if consent is None:
            raise ConsentNotFound(consent_id)
        if consent.withdrawn_on is not None:
            raise ConsentNotActive(f"consent {consent_id} was already withdrawn")
        require(withdrawn_on >= consent.given_on, "is before the consent was given",
                field="withdrawn_on")
        if parties is not None:
            require(bool(parties), "name at least one party, or none to withdraw it all",
                    field="parties")
            each_once(parties, "parties")
            unknown = sorted(set(parties) - set(consent.parties))
            if unknown:
                raise ConsentNotActive(
                    f"consent {consent_id} does not cover {', '.join(unknown)}", field="parties"
                )
        self._consent_withdrawn(consent_id=consent_id, withdrawn_on=withdrawn_on, parties=parties)

    @event(ConsentWithdrawn)
    def _consent_withdrawn(
        self, consent_id: UUID, withdrawn_on: date, parties: list[str] | None
    ) -> None:
        consent = self.consents[consent_id]
        removed = tuple(parties) if parties is not None else consent.parties
        self.consents[consent_id] = consent.without(removed, withdrawn_on)

    def consents_in_force(self, day: date) -> list[Consent]:
        return [c for c in self.consents.values() if c.in_force_on(day)]

    def has_consent_for(self, purpose: str, day: date) -> Consent | None:
        return next((c for c in self.consents.values() if c.covers(purpose, day)), None)

    # Service-needs assessment (first meeting)

    class NeedsAssessed(Aggregate.Event):
        assessment_id: UUID
        assessed_on: date
        findings: AssessmentFindings
        sealed_details: str | None

        # Version 1 stored the findings as flat fields.
        class_version = 2

        @staticmethod
        def upcast_v1_v2(state: dict[str, Any]) -> None:
            fields = ("assessor_roles", "multi_professional", "domains", "decision",
                      "plan_participant_roles", "plan_participant_parties")
            state["findings"] = AssessmentFindings.from_state({f: state.pop(f) for f in fields})

    def assess_needs(
        self, *, assessment_id: UUID, assessed_on: date, findings: AssessmentFindings,
        sealed_details: str | None,
    ) -> None:
        self.ensure_active()
        self.ensure_not_before_registration(assessed_on, "assessed_on")
        self._needs_assessed(
            assessment_id=assessment_id, assessed_on=assessed_on, findings=findings,
            sealed_details=sealed_details,
        )

    @event(NeedsAssessed)
    def _needs_assessed(
        self, assessment_id: UUID, assessed_on: date, findings: AssessmentFindings,
        sealed_details: str | None,
    ) -> None:
        self.assessments[assessment_id] = Assessment(
            assessment_id=assessment_id, assessed_on=assessed_on, findings=findings,
            sealed_details=sealed_details,
        )
