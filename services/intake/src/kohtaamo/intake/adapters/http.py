"""Intake's HTTP API: request models, role checks, domain errors -> 4xx."""

from __future__ import annotations

import asyncio
from datetime import date
from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, Depends, Request
from pydantic import BaseModel, ConfigDict, Field, StringConstraints, field_validator

from kohtaamo.contracts.codes import AgeBand, ReferralSource
from kohtaamo.servicekit.auth import Principal, require_roles
from kohtaamo.servicekit.errors import ApiError

from ..application.commands import RegisterClient
from ..application.service import IntakeApplication
from ..domain.errors import AlreadyRegistered
from ..domain.hetu import InvalidPersonalIdentityCode, PersonalIdentityCode
from .roles import INTAKE_WORKER

Name = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=100)]


class ClientRegistration(BaseModel):
    model_config = ConfigDict(extra="forbid")

    first_name: Name
    last_name: Name
    personal_identity_code: str = Field(description="henkilötunnus, e.g. 131052-308T")
    municipality_code: str = Field(pattern=r"^\d{3}$", description="Statistics Finland code")
    referral_source: ReferralSource
    registered_on: date | None = Field(default=None, description="defaults to today")

    @field_validator("personal_identity_code")
    @classmethod
    def _valid_code(cls, value: str) -> str:
        try:
            return PersonalIdentityCode.parse(value).value
        except InvalidPersonalIdentityCode as exc:
            raise ValueError(str(exc)) from None

    @field_validator("registered_on")
    @classmethod
    def _not_in_future(cls, value: date | None) -> date | None:
        if value is not None and value > date.today():
            raise ValueError("registration date cannot be in the future")
        return value


class Registered(BaseModel):
    client_id: UUID
    age_band: AgeBand


def build_router() -> APIRouter:
    router = APIRouter(tags=["clients"])

    @router.post("/clients", status_code=201, response_model=Registered)
    async def register_client(
        body: ClientRegistration,
        request: Request,
        principal: Principal = Depends(require_roles(INTAKE_WORKER)),
    ) -> Registered:
        app: IntakeApplication = request.app.state.intake
        command = RegisterClient(
            organisation_id=principal.org,
            first_name=body.first_name,
            last_name=body.last_name,
            personal_identity_code=body.personal_identity_code,
            municipality_code=body.municipality_code,
            referral_source=body.referral_source.value,
            registered_on=body.registered_on or date.today(),
        )
        try:
            result = await asyncio.to_thread(app.register_client, command)
        except AlreadyRegistered as exc:
            raise ApiError(
                409, "already_registered", str(exc), extra={"client_id": str(exc.client_id)}
            ) from None
        request.app.state.relay.nudge()
        return Registered(client_id=result.client_id, age_band=AgeBand(result.age_band))

    return router
