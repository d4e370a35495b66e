"""Commands the intake application accepts (already validated at the edge)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True)
class RegisterClient:
    organisation_id: str
    first_name: str
    last_name: str
    personal_identity_code: str
    municipality_code: str
    referral_source: str
    registered_on: date
