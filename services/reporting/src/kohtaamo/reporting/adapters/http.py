"""Reporting's HTTP API: indicators for staff with a reporting role."""

from __future__ import annotations

from datetime import datetime

from fastapi import APIRouter, Depends, Request
from pydantic import BaseModel

from kohtaamo.servicekit.auth import Principal, require_roles

from ..application import indicators

READERS = ("manager", "analyst")


class Indicator(BaseModel):
    code: str
    value: int | float
    as_of: datetime


def build_router() -> APIRouter:
    router = APIRouter(prefix="/indicators", tags=["indicators"])

    @router.get("/clients-registered", response_model=Indicator)
    async def clients_registered(
        request: Request, _: Principal = Depends(require_roles(*READERS))
    ) -> Indicator:
        value = await indicators.clients_registered(request.app.state.store)
        return Indicator(code=value.code, value=value.value, as_of=value.as_of)

    return router
