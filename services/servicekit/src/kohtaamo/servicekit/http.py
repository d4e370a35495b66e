"""FastAPI app factory: one error shape, auth wiring, a health route."""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractAsyncContextManager
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse

from .auth import TokenVerifier
from .causation_http import CausationMiddleware
from .errors import ApiError, FieldError
from .health import Check, report
from .settings import AuthSettings

Lifespan = Callable[[FastAPI], AbstractAsyncContextManager[None]]


def create_api(
    *, title: str, auth: AuthSettings, lifespan: Lifespan | None = None, version: str = "0.1.0",
    health: dict[str, Check] | None = None,
) -> FastAPI:
    """``health`` names the checks ``/health`` runs; ``app.state.health_checks`` takes more."""
    app = FastAPI(title=title, version=version, lifespan=lifespan)
    app.state.token_verifier = TokenVerifier(auth)
    app.state.health_checks = dict(health or {})
    app.add_exception_handler(ApiError, _api_error)
    app.add_exception_handler(RequestValidationError, _validation_error)
    app.add_middleware(CausationMiddleware)

    @app.get("/health", tags=["operations"])
    async def health_report(request: Request) -> dict[str, Any]:
        return await report(title, request.app.state.health_checks)

    return app


async def _api_error(_: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, ApiError)
    headers = {"WWW-Authenticate": "Bearer"} if exc.status == 401 else None
    return JSONResponse(exc.body(), status_code=exc.status, headers=headers)


async def _validation_error(_: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)
    fields = [FieldError(_field_name(err["loc"]), _message(err)) for err in exc.errors()]
    error = ApiError(422, "invalid_request", "the request has invalid fields", fields)
    return JSONResponse(error.body(), status_code=422)


def _field_name(loc: tuple[Any, ...]) -> str:
    # ("body", "person", "first_name") -> "person.first_name"
    parts = [str(p) for p in loc if p not in ("body", "query", "path")]
    return ".".join(parts) or "body"


def _message(err: dict[str, Any]) -> str:
    msg = str(err.get("msg", "invalid"))
    return msg.removeprefix("Value error, ")
