"""The dashboard: server-rendered pages over the same published figures as the API."""

from __future__ import annotations

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles

from kohtaamo.servicekit.session import enable_browser_sessions

from .pages import HERE, templates
from .routes import build_dashboard_router


def install_dashboard(app: FastAPI, *, secure_cookie: bool) -> None:
    """The pages, their stylesheet, and browser sign-in (the token in a session cookie)."""
    enable_browser_sessions(app, secure=secure_cookie)
    app.state.dashboard_templates = templates()
    app.include_router(build_dashboard_router())
    app.mount("/dashboard/static", StaticFiles(directory=HERE / "static"), name="dashboard-static")
