"""The client: a person registered in an organisation's programme."""

from __future__ import annotations

from datetime import date

from eventsourcing.domain import Aggregate, event


class Client(Aggregate):
    """Personal fields live only in intake's (encrypted) store; the id is the pseudonym."""

    class Registered(Aggregate.Created):
        organisation_id: str
        first_name: str
        last_name: str
        personal_identity_code: str
        municipality_code: str
        referral_source: str
        registered_on: date
        age_band: str

    @event(Registered)
    def __init__(
        self,
        *,
        organisation_id: str,
        first_name: str,
        last_name: str,
        personal_identity_code: str,
        municipality_code: str,
        referral_source: str,
        registered_on: date,
        age_band: str,
    ) -> None:
        self.organisation_id = organisation_id
        self.first_name = first_name
        self.last_name = last_name
        self.personal_identity_code = personal_identity_code
        self.municipality_code = municipality_code
        self.referral_source = referral_source
        self.registered_on = registered_on
        self.age_band = age_band
