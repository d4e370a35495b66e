"""Meetingplace's HTTP API, one module per resource."""

from fastapi import APIRouter

from . import activities, peer_support, places, visits


def build_router() -> APIRouter:
    router = APIRouter()
    for module in (places, visits, activities, peer_support):
        router.include_router(module.router)
    return router
