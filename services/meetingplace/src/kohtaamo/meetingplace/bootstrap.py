"""Composition root for meetingplace. It serves its health route; its domain arrives with later work."""

from __future__ import annotations

from fastapi import FastAPI

from kohtaamo.servicekit.http import create_api

from .settings import MeetingplaceSettings


def create_app(settings: MeetingplaceSettings) -> FastAPI:
    return create_api(title="meetingplace", auth=settings.auth, max_body_bytes=settings.http_max_body_bytes)
