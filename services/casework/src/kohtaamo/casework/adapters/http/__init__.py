"""Casework's HTTP API, one module per resource."""

from fastapi import APIRouter

from . import client_file, plans, privacy, work_activities, workers


def build_router() -> APIRouter:
    router = APIRouter()
    for module in (workers, client_file, plans, work_activities, privacy):
        router.include_router(module.router)
    return router
