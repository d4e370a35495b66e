from collections.abc import AsyncIterator
from datetime import date

import httpx

import pytest

from kohtaamo.intake.adapters.vault import AesGcmVault, MemoryKeyTable
from kohtaamo.intake.application.commands import PersonalDetails, Reader, RegisterClient
from kohtaamo.intake.application.service import IntakeApplication
from kohtaamo.intake.bootstrap import create_app
from kohtaamo.intake.settings import DEVELOPMENT_CIPHER_KEY, IntakeSettings
from kohtaamo.servicekit.eventstore import eventsourcing_env


@pytest.fixture
def intake() -> IntakeApplication:
    """The application on the in-memory store, with an in-memory key table."""
    return IntakeApplication(
        eventsourcing_env("memory://"),
        identity_pepper="pepper-for-unit-tests",
        vault=AesGcmVault(MemoryKeyTable(), DEVELOPMENT_CIPHER_KEY),
    )


@pytest.fixture
def register(intake, new_identity_code):
    """``register(code=..., organisation=...)`` -> client id."""

    def make(code: str | None = None, organisation: str = "091", **changes) -> object:
        command = RegisterClient(
            organisation_id=organisation,
            person=PersonalDetails(
                first_name="Aino", last_name="Virtanen",
                personal_identity_code=code or new_identity_code(date(1990, 5, 17)),
                phone="+358 40 123 4567",
            ),
            municipality_code="091", referral_source="SELF", registered_on=date(2016, 2, 1),
            gender="FEMALE", target_groups=("LONG_TERM_UNEMPLOYED",), project_id="S20397",
        )
        for field, value in changes.items():
            object.__setattr__(command, field, value)
        return intake.register_client(command).client_id

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
