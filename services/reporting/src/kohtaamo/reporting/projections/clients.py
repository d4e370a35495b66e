"""Client facts from intake's events: pure functions from an event to SQL parameters."""

from __future__ import annotations

from typing import Any

from kohtaamo.contracts import Envelope
from kohtaamo.contracts.intake.v1 import ClientRegistered

INSERT_REGISTRATION = """
INSERT INTO fact_client_registration (
    client_id, organisation_id, project_id, registered_on, municipality_code,
    referral_source, age_band, recorded_at
) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
ON CONFLICT (client_id) DO NOTHING
"""


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
