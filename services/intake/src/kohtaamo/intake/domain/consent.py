"""A consent's scope and life, as the client aggregate keeps it."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from uuid import UUID


@dataclass(frozen=True)
class Consent:
    consent_id: UUID
    parties: tuple[str, ...]
    purposes: tuple[str, ...]
    form: str
    given_on: date
    valid_until: date | None
    withdrawn_on: date | None = None

    def in_force_on(self, day: date) -> bool:
        if self.withdrawn_on is not None and self.withdrawn_on <= day:
            return False
        if self.valid_until is not None and day > self.valid_until:
            return False
        return self.given_on <= day

    def covers(self, purpose: str, day: date) -> bool:
        return self.in_force_on(day) and purpose in self.purposes

    def without(self, parties: tuple[str, ...], on: date) -> Consent:
        """The consent after withdrawing some parties (all of them: withdrawn)."""
        left = tuple(p for p in self.parties if p not in parties)
        if not left:  # withdrawn whole: keep its scope, so it still answers for earlier days
            return replace(self, withdrawn_on=on)
        return replace(self, parties=left)
