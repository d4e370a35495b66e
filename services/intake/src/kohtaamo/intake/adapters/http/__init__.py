"""Intake's HTTP API, one module per resource."""

from fastapi import APIRouter

from . import clients, consents, outreach, privacy


def build_router() -> APIRouter:
    router = APIRouter()
    for module in (clients, privacy, consents, outreach):
        router.include_router(module.router)
    return router
