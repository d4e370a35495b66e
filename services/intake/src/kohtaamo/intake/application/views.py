"""What the application answers with: plain data, no aggregates leaking out."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from uuid import UUID

from .commands import PersonalDetails


@dataclass(frozen=True)
class Registration:
    client_id: UUID
    age_band: str


@dataclass(frozen=True)
class ClientSummary:
    """Pseudonymous: reading it is not a read of personal data."""

    client_id: UUID
    status: str  # active | voided | erased
    registered_on: date
    municipality_code: str
    referral_source: str
    age_band: str
    gender: str
    target_groups: tuple[str, ...]
    project_id: str | None


@dataclass(frozen=True)
class ClientRecord:
    summary: ClientSummary
    person: PersonalDetails


@dataclass(frozen=True)
class ClientPage:
    clients: list[ClientSummary]
    next_cursor: int | None


@dataclass(frozen=True)
class AccessEntry:
    at: datetime
    reader: str
    roles: tuple[str, ...]
    purpose: str
    action: str
