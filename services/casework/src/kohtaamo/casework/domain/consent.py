"""Casework's view of a client's consents, as intake records and withdraws them.

A consent may be withdrawn for some of its parties at a time; each party keeps the day it was
withdrawn, so the view answers for any day, including days before a withdrawal (staff record
yesterday's referral today, or migrate years of history).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from uuid import UUID


@dataclass(frozen=True)
class Consent:
    consent_id: UUID
    parties: tuple[str, ...]
    purposes: tuple[str, ...]
    given_on: date
    valid_until: date | None  # the last valid day; None: until withdrawn
    withdrawn: tuple[tuple[str, date], ...] = ()  # (party, the day from which it no longer holds)

    def withdrawn_on(self, party: str) -> date | None:
        return next((on for p, on in self.withdrawn if p == party), None)

    def in_force_on(self, day: date) -> bool:
        return self.given_on <= day and (self.valid_until is None or day <= self.valid_until)

    def covers(self, party: str, purpose: str, day: date) -> bool:
        if not self.in_force_on(day) or purpose not in self.purposes or party not in self.parties:
            return False
        withdrawn_on = self.withdrawn_on(party)
        return withdrawn_on is None or day < withdrawn_on

    def why_not(self, party: str, purpose: str, day: date) -> str:
        """Why this consent does not cover ``party`` for ``purpose`` on ``day`` (for messages)."""
        if day < self.given_on:
            return f"consent {self.consent_id} was given only on {self.given_on.isoformat()}"
        if self.valid_until is not None and day > self.valid_until:
            return f"consent {self.consent_id} expired after {self.valid_until.isoformat()}"
        if party not in self.parties:
            return f"consent {self.consent_id} does not name {party}"
        if purpose not in self.purposes:
            return f"consent {self.consent_id} is not for {purpose}"
        withdrawn_on = self.withdrawn_on(party)
        if withdrawn_on is not None and day >= withdrawn_on:
            return f"consent {self.consent_id} was withdrawn for {party} on {withdrawn_on.isoformat()}"
        return ""

    def without(self, parties: tuple[str, ...], on: date) -> Consent:
        """The consent after withdrawing ``parties`` on ``on`` (earlier withdrawals stand)."""
        already = {p for p, _ in self.withdrawn}
        added = tuple((p, on) for p in self.parties if p in parties and p not in already)
        return replace(self, withdrawn=self.withdrawn + added)
