"""A referral (ohjaus, lähete) to another party, and what came of it."""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from uuid import UUID

from .codes import CONSENT, REFERRAL
from .consent import Consent
from .errors import Conflict, ConsentMissing, NotFound, not_before, require


@dataclass(frozen=True)
class Referral:
    referral_id: UUID
    referred_on: date
    referring_role: str
    target: str  # a Party
    reason: str
    basis: str  # SharingBasis
    service_type: str | None = None
    consent_id: UUID | None = None  # CONSENT: the consent that covers the target

    def __post_init__(self) -> None:
        if self.basis != CONSENT:
            require(self.consent_id is None, "is given only when the basis is CONSENT",
                    field="consent_id")


@dataclass(frozen=True)
class ReferralRecord:
    referral: Referral
    outcomes: tuple[tuple[str, date], ...] = ()

    def check_outcome(self, outcome: str, on: date) -> None:
        not_before(on, self.referral.referred_on, "the referral", "outcome_on")
        if self.outcomes:
            not_before(on, self.outcomes[-1][1], "the referral's last outcome", "outcome_on")
        if outcome in (o for o, _ in self.outcomes):
            raise Conflict(f"the outcome {outcome} is already recorded", field="outcome")

    def with_outcome(self, outcome: str, on: date) -> ReferralRecord:
        return dataclasses.replace(self, outcomes=self.outcomes + ((outcome, on),))


def with_covering_consent(referral: Referral, consents: Mapping[UUID, Consent]) -> Referral:
    """Under consent, the referral names a consent in force on its day that covers its target
    for the purpose REFERRAL; a withdrawn or expired consent does not cover."""
    if referral.basis != CONSENT:
        return referral
    party, day = referral.target, referral.referred_on
    if referral.consent_id is None:
        found = next((c for c in consents.values() if c.covers(party, REFERRAL, day)), None)
        if found is None:
            raise ConsentMissing(party, REFERRAL, day, field="target")
        return dataclasses.replace(referral, consent_id=found.consent_id)
    named = consents.get(referral.consent_id)
    if named is None:
        raise NotFound("consent", referral.consent_id, field="consent_id")
    if not named.covers(party, REFERRAL, day):
        raise ConsentMissing(party, REFERRAL, day, field="consent_id",
                             detail=f" ({named.why_not(party, REFERRAL, day)})")
    return referral
