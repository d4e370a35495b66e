"""Intake's use cases over one store and one vault: what the adapters call."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date

from .assessments import Assessments
from .consents import Consents
from .identity import IdentityClaims
from .listing import ClientListing
from .outreach import Outreach
from .personal_data import PersonalDataReads
from .ports import PersonalDataVault
from .registration import Registrations
from .store import IntakeStore


@dataclass(frozen=True)
class Intake:
    store: IntakeStore
    vault: PersonalDataVault
    registrations: Registrations
    consents: Consents
    assessments: Assessments
    reads: PersonalDataReads
    listing: ClientListing
    outreach: Outreach

    @classmethod
    def create(
        cls, env: Mapping[str, str], *, identity_pepper: str, vault: PersonalDataVault,
        today: Callable[[], date] = date.today,
    ) -> Intake:
        store = IntakeStore(env)
        claims = IdentityClaims(store, identity_pepper)
        return cls(
            store=store,
            vault=vault,
            registrations=Registrations(store, vault, claims, today),
            consents=Consents(store, today),
            assessments=Assessments(store, vault, today),
            reads=PersonalDataReads(store, vault, claims),
            listing=ClientListing(store),
            outreach=Outreach(store, today),
        )

    def close(self) -> None:
        self.store.close()
        self.vault.close()
