"""Intake's own fixtures: the application on the in-memory store, an API over it, and
synthetic people (identity codes with individual numbers 900–999, never issued)."""

from collections.abc import AsyncIterator, Callable, Iterator
from datetime import date
from typing import Any

import httpx
import pytest

from kohtaamo.intake.application.commands import PersonalDetails, Reader, RegisterClient
from kohtaamo.intake.application.intake import Intake
from kohtaamo.intake.bootstrap import create_app
from kohtaamo.intake.domain.synthetic_people import identity_codes
from kohtaamo.intake.settings import IntakeSettings
from kohtaamo.servicekit.eventstore import eventsourcing_env
from kohtaamo.servicekit.vault.factory import memory_vault


@pytest.fixture
def new_identity_code() -> Callable[..., str]:
    """Fresh synthetic henkilötunnus values, born on or after ``birth_date``."""
    streams: dict[date, Iterator[str]] = {}

    def make(birth_date: date = date(1990, 5, 17)) -> str:
        return next(streams.setdefault(birth_date, identity_codes(birth_date)))

    return make


@pytest.fixture
def registration_body(new_identity_code) -> Callable[..., dict[str, Any]]:
    def make(**overrides: Any) -> dict[str, Any]:
        body = {
            "first_name": "Aino",
            "last_name": "Virtanen",
            "personal_identity_code": new_identity_code(),
            "municipality_code": "091",
            "referral_source": "TE_OFFICE",
        }
        body.update(overrides)
        return body

    return make


@pytest.fixture
def intake() -> Intake:
    """The use cases on the in-memory store, with an in-memory key table."""
    return Intake.create(
        eventsourcing_env("memory://"),
        identity_pepper="pepper-for-unit-tests",
        vault=memory_vault(),
    )


@pytest.fixture
def register(intake, new_identity_code):
    """``register(code=..., organisation=...)`` -> client id."""

    def make(code: str | None = None, organisation: str = "091", **changes) -> object:
        fields: dict[str, Any] = dict(
            organisation_id=organisation,
            person=PersonalDetails(
                first_name="Aino", last_name="Virtanen",
                personal_identity_code=code or new_identity_code(date(1990, 5, 17)),
                phone="+358 40 123 4567",
            ),
            municipality_code="091", referral_source="SELF", registered_on=date(2016, 2, 1),
            gender="FEMALE", target_groups=("LONG_TERM_UNEMPLOYED",), project_id="S20397",
        )
        fields.update(changes)
        return intake.registrations.register(RegisterClient(**fields)).client_id

    return make


@pytest.fixture
def reader():
    def make(purpose: str = "CLIENT_WORK", organisation: str = "091", sub: str = "worker-7") -> Reader:
        return Reader(sub=sub, roles=("caseworker",), organisation_id=organisation, purpose=purpose)

    return make


@pytest.fixture
async def api() -> AsyncIterator[httpx.AsyncClient]:
    app = create_app(IntakeSettings(database_url="memory://"), kafka=False)
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://intake") as client:
            client.app = app
            yield client
