"""Client facts from intake's events: pure functions from an event to SQL writes."""

from __future__ import annotations

from typing import Any

from kohtaamo.contracts import Envelope
from kohtaamo.contracts.intake.v1 import ClientErased, ClientRegistered, ClientRegistrationVoided

Write = tuple[str, tuple[Any, ...]]

INSERT_REGISTRATION = """
INSERT INTO fact_client_registration (
    client_id, organisation_id, project_id, registered_on, municipality_code,
    referral_source, age_band, recorded_at
) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
ON CONFLICT (client_id) DO NOTHING
"""

MARK_VOIDED = """
UPDATE fact_client_registration SET voided_at = $2, void_reason = $3 WHERE client_id = $1
"""

MARK_ERASED = "UPDATE fact_client_registration SET erased_at = $2 WHERE client_id = $1"


def registration_row(event: Envelope[ClientRegistered]) -> tuple[Any, ...]:
    p = event.payload
    return (
        p.client_id,
        event.organisation_id,
        event.project_id,
        p.registered_on,
        p.municipality_code,
        p.referral_source.value,
        p.age_band.value,
        event.recorded_at,
    )


def registered(event: Envelope[ClientRegistered]) -> list[Write]:
    return [(INSERT_REGISTRATION, registration_row(event))]


def voided(event: Envelope[ClientRegistrationVoided]) -> list[Write]:
    p = event.payload
    return [(MARK_VOIDED, (p.client_id, event.occurred_at, p.reason.value))]


def erased(event: Envelope[ClientErased]) -> list[Write]:
    # Nothing personal is held here; the pseudonymous row stays as the counted tombstone.
    return [(MARK_ERASED, (event.payload.client_id, event.occurred_at))]
