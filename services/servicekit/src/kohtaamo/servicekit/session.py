"""A browser session: the staff member's own bearer token, kept in a cookie.

A page cannot send an ``Authorization`` header by itself, so a service with pages (the
reporting dashboard) lets a browser sign in by posting its token once; the token then
travels in a cookie that is

- ``HttpOnly``: no script on any page can read it;
- ``SameSite=Strict``: no other site's page, link or form sends it (the CSRF defence);
- ``Secure`` outside development: never sent over plain HTTP;
- as long-lived as the token itself, and verified exactly like a bearer token on every
  request (signature, issuer, audience, expiry, roles).

It is accepted only on safe methods (GET, HEAD): anything that changes state still needs
the bearer header, so a session can read what its token may read and nothing more. The
sign-in and sign-out forms also check that the request comes from the service's own
origin (``Sec-Fetch-Site`` / ``Origin``), so no other site can sign a browser in as
someone else.
"""

from __future__ import annotations

from datetime import UTC, datetime

import jwt
from fastapi import FastAPI, Request, Response

SESSION_COOKIE = "kohtaamo_session"
SAFE_METHODS = frozenset({"GET", "HEAD"})


def enable_browser_sessions(app: FastAPI, *, secure: bool, cookie: str = SESSION_COOKIE) -> None:
    """Let ``authenticated`` take the token from ``cookie`` on safe requests to ``app``."""
    app.state.session_cookie = cookie
    app.state.session_cookie_secure = secure


def session_token(request: Request) -> str | None:
    """The session's token, if the app takes sessions and this request may use one."""
    cookie = getattr(request.app.state, "session_cookie", None)
    if cookie is None or request.method not in SAFE_METHODS:
        return None
    return request.cookies.get(cookie) or None


def start_session(request: Request, response: Response, token: str) -> None:
    """Keep an already verified ``token`` in the session cookie, until it expires."""
    expires = jwt.decode(token, options={"verify_signature": False})["exp"]
    max_age = max(0, int(expires - datetime.now(UTC).timestamp()))
    response.set_cookie(request.app.state.session_cookie, token, max_age=max_age, path="/",
                        httponly=True, samesite="strict",
                        secure=request.app.state.session_cookie_secure)


def end_session(request: Request, response: Response) -> None:
    response.delete_cookie(request.app.state.session_cookie, path="/", httponly=True,
                           samesite="strict", secure=request.app.state.session_cookie_secure)


def from_own_origin(request: Request) -> bool:
    """Whether a form post comes from a page of this service (login-CSRF defence).

    Browsers send ``Sec-Fetch-Site`` (``same-origin``, or ``none`` when the user acted
    directly); older ones send ``Origin`` on every POST. A request with neither is not
    from a browser form and needs no defence."""
    fetch_site = request.headers.get("sec-fetch-site")
    if fetch_site is not None:
        return fetch_site in ("same-origin", "none")
    origin = request.headers.get("origin")
    if origin is None:
        return True
    own = f"{request.url.scheme}://{request.url.netloc}"
    return origin == own
