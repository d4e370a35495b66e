"""Composition root for casework. It serves its health route; its domain arrives with later work."""

from __future__ import annotations

from fastapi import FastAPI

from kohtaamo.servicekit.http import create_api

from .settings import CaseworkSettings


def create_app(settings: CaseworkSettings) -> FastAPI:
    return create_api(title="casework", auth=settings.auth, max_body_bytes=settings.http_max_body_bytes)
