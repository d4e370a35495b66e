"""What the application answers with: plain data, no aggregates leaking out."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from uuid import UUID

from ..domain.assessment import Assessment
from ..domain.client import Client
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


@dataclass(frozen=True)
class AssessmentRecord:
    assessment: Assessment
    details: dict[str, str]  # unsealed free text: reading it is a logged read


@dataclass(frozen=True)
class ClientFilter:
    """Narrows a listing; every field is pseudonymous."""

    status: str | None = None
    municipality_code: str | None = None
    registered_from: date | None = None
    registered_to: date | None = None

    def admits(self, summary: ClientSummary) -> bool:
        return (
            (self.status is None or summary.status == self.status)
            and (self.municipality_code is None or summary.municipality_code == self.municipality_code)
            and (self.registered_from is None or summary.registered_on >= self.registered_from)
            and (self.registered_to is None or summary.registered_on <= self.registered_to)
        )


def summarise(client: Client) -> ClientSummary:
    status = "erased" if client.erased else "voided" if client.voided else "active"
    return ClientSummary(
        client_id=client.id, status=status, registered_on=client.registered_on,
        municipality_code=client.municipality_code, referral_source=client.referral_source,
        age_band=client.age_band, gender=client.gender, target_groups=tuple(client.target_groups),
        project_id=client.project_id,
    )
