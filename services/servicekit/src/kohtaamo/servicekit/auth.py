"""Bearer-JWT authentication and role checks, shared by every HTTP API."""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import jwt
from fastapi import Depends, Request, Security
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from .errors import ApiError
from .session import session_token
from .settings import AuthSettings


@dataclass(frozen=True)
class Principal:
    """Who is calling: a staff member's id, their roles and organisation, the projects
    a project-wide role (e.g. ``project_manager``) covers, and the team they work in when the
    issuer says so (the optional ``team`` claim; casework's team leads need it)."""

    sub: str
    roles: frozenset[str]
    org: str
    projects: frozenset[str] = frozenset()
    team: str | None = None

    def has_any(self, roles: Iterable[str]) -> bool:
        return not self.roles.isdisjoint(roles)


class TokenVerifier:
    """Checks a bearer token. A token verified once is remembered until it expires: a
    caller sends the same token with every request, and decoding it again is a tenth of a
    small command's CPU. Only an exact token string hits, and its expiry is checked each time."""

    def __init__(self, settings: AuthSettings, *, remember: int = 1024) -> None:
        self._settings, self._remember = settings, remember
        self._known: OrderedDict[str, tuple[Principal, float]] = OrderedDict()
        self._lock = threading.Lock()

    def verify(self, token: str) -> Principal:
        with self._lock:
            known = self._known.get(token)
            if known is not None:
                principal, expires = known
                if time.time() < expires:
                    self._known.move_to_end(token)
                    return principal
                del self._known[token]
        principal, expires = self._decode(token)  # refused: raises, and nothing is remembered
        with self._lock:
            self._known[token] = (principal, expires)
            if len(self._known) > self._remember:
                self._known.popitem(last=False)
        return principal

    def _decode(self, token: str) -> tuple[Principal, float]:
        try:
            claims = jwt.decode(
                token,
                self._settings.secret,
                algorithms=[self._settings.algorithm],
                audience=self._settings.audience,
                issuer=self._settings.issuer,
                options={"require": ["sub", "exp", "iss", "aud"]},
            )
        except jwt.PyJWTError as exc:
            raise ApiError(401, "unauthenticated", f"invalid token: {exc}") from None
        # PyJWT checks only that ``sub`` is a string: an empty one would name no one in the
        # access log and the audit trail.
        if not isinstance(claims["sub"], str) or not claims["sub"].strip():
            raise ApiError(401, "unauthenticated", "invalid token: sub must name the caller")
        roles = claims.get("roles")
        org = claims.get("org")
        if not isinstance(roles, list) or not all(isinstance(r, str) for r in roles):
            raise ApiError(401, "unauthenticated", "invalid token: roles must be a list")
        if not isinstance(org, str) or not org.strip():
            raise ApiError(401, "unauthenticated", "invalid token: org is missing")
        projects = claims.get("projects", [])
        if not isinstance(projects, list) or not all(isinstance(p, str) for p in projects):
            raise ApiError(401, "unauthenticated", "invalid token: projects must be a list")
        team = claims.get("team")
        if team is not None and (not isinstance(team, str) or not team):
            raise ApiError(401, "unauthenticated", "invalid token: team must be a non-empty string")
        principal = Principal(sub=str(claims["sub"]), roles=frozenset(roles), org=org,
                              projects=frozenset(projects), team=team)
        return principal, float(claims["exp"])


def issue_token(
    settings: AuthSettings,
    *,
    sub: str,
    roles: Iterable[str],
    org: str,
    projects: Iterable[str] = (),
    ttl: timedelta = timedelta(hours=8),
    team: str | None = None,
) -> str:
    now = datetime.now(UTC)
    claims = {
        "sub": sub,
        "roles": sorted(roles),
        "org": org,
        "projects": sorted(projects),
        "iss": settings.issuer,
        "aud": settings.audience,
        "iat": now,
        "exp": now + ttl,
    }
    if team is not None:
        claims["team"] = team
    return jwt.encode(claims, settings.secret, algorithm=settings.algorithm)


_bearer = HTTPBearer(
    auto_error=False,
    bearerFormat="JWT",
    description="A JWT from the organisation's issuer: claims sub, org, roles, iss, aud, exp.",
)


async def authenticated(  # async: FastAPI would run a plain def on a worker thread
    request: Request,
    credentials: HTTPAuthorizationCredentials | None = Depends(_bearer),
) -> Principal:
    verifier: TokenVerifier = request.app.state.token_verifier
    if credentials is not None:
        return verifier.verify(credentials.credentials)
    token = session_token(request)  # a signed-in browser, where the app takes sessions
    if token is not None:
        return verifier.verify(token)
    raise ApiError(401, "unauthenticated", "a bearer token is required")


def require_roles(*roles: str) -> Callable[..., Principal]:
    """A dependency that lets through callers holding at least one of ``roles``."""

    # Security scopes put the roles in the route's OpenAPI security requirement.
    async def check(principal: Principal = Security(authenticated, scopes=list(roles))) -> Principal:
        if not principal.has_any(roles):
            raise ApiError(403, "forbidden", f"requires one of the roles: {', '.join(roles)}")
        return principal

    return check
