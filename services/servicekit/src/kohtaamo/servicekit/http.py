"""FastAPI app factory: one error shape for every status, a body limit, auth wiring, a
complete OpenAPI document, a health route."""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator, Callable
from contextlib import AbstractAsyncContextManager
from typing import Any, Literal

from fastapi import Depends, FastAPI, Request
from pydantic import BaseModel, Field

from .auth import TokenVerifier
from .causation_http import CausationMiddleware
from .health import Check, report
from .http_errors import install_error_handlers, json_body_only
from .http_observability import ObservedRequests, install_metrics_route
from .middleware import BodyLimit, UnexpectedErrors
from .observability import Observability
from .openapi import install_openapi
from .rate_limit import RateLimit
from .settings import DEFAULT_MAX_BODY_BYTES, AuthSettings, RateLimitSettings

Lifespan = Callable[[FastAPI], AbstractAsyncContextManager[None]]

_DESCRIPTION = """\
Every route but `/health` and `/metrics` needs a bearer token (a JWT with the claims `sub`, `org`, `roles`,
`iss`, `aud`, `exp`); a route's security requirement lists the roles it lets in (any one of
them will do). Data of another organisation answers 404.

Every error has one shape, whatever its status:
`{"error": {"code": "...", "message": "...", "fields": [{"field": "...", "message": "..."}]}}`.
Request bodies are JSON (`application/json`, UTF-8) of at most {limit} bytes.
"""


class Health(BaseModel):
    status: Literal["ok", "degraded"] = Field(description="degraded: a component needs attention")
    service: str
    components: dict[str, dict[str, Any]] = Field(
        description="each check's state: `healthy` and what it reports"
    )


def _closing(lifespan: Lifespan | None, observed: Observability) -> Lifespan:
    """The service's lifespan, then the last spans exported."""

    @contextlib.asynccontextmanager
    async def run(app: FastAPI) -> AsyncIterator[None]:
        try:
            if lifespan is None:
                yield
            else:
                async with lifespan(app):
                    yield
        finally:
            observed.close()

    return run


def create_api(
    *,
    title: str,
    auth: AuthSettings,
    lifespan: Lifespan | None = None,
    version: str = "0.1.0",
    health: dict[str, Check] | None = None,
    max_body_bytes: int = DEFAULT_MAX_BODY_BYTES,
    description: str = "",
    observability: Observability | None = None,
    rate_limit: RateLimitSettings | None = None,
) -> FastAPI:
    """``health`` names the checks ``/health`` runs; ``app.state.health_checks`` takes more.
    ``observability`` is the one the service's broker counts into (its own otherwise);
    ``rate_limit`` the service's settings' (``KOHTAAMO_RATE_LIMIT_*``)."""
    observed = observability or Observability(title)
    app = FastAPI(
        title=title,
        version=version,
        lifespan=_closing(lifespan, observed),
        description=(description + "\n\n" if description else "")
        + _DESCRIPTION.replace("{limit}", str(max_body_bytes)),
        dependencies=[Depends(json_body_only)],
    )
    app.state.token_verifier = TokenVerifier(auth)
    app.state.health_checks = dict(health or {})
    app.state.observability = observed
    install_error_handlers(app)
    # The last added is the outermost: the request's ids are set before anything can refuse
    # or fail, so a 413 and a 500 carry them too.
    app.add_middleware(BodyLimit, max_bytes=max_body_bytes)
    # Outside the body limit: a refused caller's body is never read.
    app.add_middleware(RateLimit, settings=rate_limit or RateLimitSettings())
    app.add_middleware(UnexpectedErrors)
    app.add_middleware(ObservedRequests, observability=observed)
    app.add_middleware(CausationMiddleware)
    install_openapi(app)
    install_metrics_route(app, observed)

    @app.get("/health", tags=["operations"], response_model=Health)
    async def health_report(request: Request) -> dict[str, Any]:
        """Liveness and what each component reports; needs no token. Answers 200 when
        degraded too: the process serves, and the body says what needs attention."""
        return await report(title, request.app.state.health_checks)

    return app
