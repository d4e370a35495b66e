"""Events published by intake, schema version 1."""

from datetime import date
from uuid import UUID

from pydantic import Field

from ..codes import AgeBand, ReferralSource
from ..envelope import Payload


class ClientRegistered(Payload):
    """A person became a client of the organisation (asiakkuus alkaa).

    Carries the pseudonymous client id and coded categories only: never a name or a
    personal identity code.
    """

    event_type = "intake.ClientRegistered"
    schema_version = 1

    client_id: UUID = Field(description="Pseudonymous client id; equals the envelope subject_id.")
    registered_on: date
    municipality_code: str = Field(pattern=r"^\d{3}$", description="Statistics Finland code.")
    referral_source: ReferralSource
    age_band: AgeBand
