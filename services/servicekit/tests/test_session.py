"""A browser session carries the bearer token in a cookie: read-only, verified like a bearer."""

from datetime import timedelta

import httpx
import pytest
from fastapi import Depends, FastAPI, Request, Response

from kohtaamo.servicekit.auth import Principal, issue_token, require_roles
from kohtaamo.servicekit.http import create_api
from kohtaamo.servicekit.session import (
    SESSION_COOKIE,
    enable_browser_sessions,
    end_session,
    from_own_origin,
    start_session,
)
from kohtaamo.servicekit.settings import AuthSettings


def _app(*, sessions: bool) -> FastAPI:
    app = create_api(title="pages", auth=AuthSettings())
    if sessions:
        enable_browser_sessions(app, secure=True)
    reader = Depends(require_roles("analyst"))

    @app.get("/figure")
    async def figure(principal: Principal = reader) -> dict[str, str]:
        return {"sub": principal.sub}

    @app.post("/change")
    async def change(principal: Principal = reader) -> dict[str, str]:
        return {"sub": principal.sub}

    @app.post("/sign-in")
    async def sign_in(request: Request, response: Response, token: str) -> dict[str, bool]:
        start_session(request, response, token)
        return {"own_origin": from_own_origin(request)}

    @app.post("/sign-out")
    async def sign_out(request: Request, response: Response) -> None:
        end_session(request, response)

    return app


def _client(app: FastAPI, token: str | None = None) -> httpx.AsyncClient:
    cookies = {SESSION_COOKIE: token} if token else None
    return httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="https://pages",
                             cookies=cookies)


def _token(**changes) -> str:
    return issue_token(AuthSettings(), **({"sub": "pm-1", "roles": ["analyst"], "org": "908"} | changes))


async def test_a_session_cookie_reads_what_its_token_may_read():
    async with _client(_app(sessions=True), _token()) as browser:
        read = await browser.get("/figure")

    assert read.status_code == 200
    assert read.json() == {"sub": "pm-1"}


async def test_a_session_cookie_never_changes_anything():
    async with _client(_app(sessions=True), _token()) as browser:
        refused = await browser.post("/change")

    assert refused.status_code == 401
    assert refused.json()["error"]["code"] == "unauthenticated"


@pytest.mark.parametrize("token", [
    _token(ttl=timedelta(seconds=-5)),  # expired
    _token(roles=["intake_worker"]),  # no role for the route: 403, below
    issue_token(AuthSettings(secret="another-issuer-s-secret-of-32-characters"),
                sub="x", roles=["analyst"], org="908"),
])
async def test_a_session_cookie_is_verified_like_a_bearer_token(token):
    async with _client(_app(sessions=True), token) as browser:
        refused = await browser.get("/figure")

    assert refused.status_code in (401, 403)
    assert refused.json()["error"]["code"] in ("unauthenticated", "forbidden")


async def test_a_service_without_sessions_ignores_the_cookie():
    async with _client(_app(sessions=False), _token()) as browser:
        refused = await browser.get("/figure")

    assert refused.status_code == 401


async def test_the_cookie_is_http_only_strict_secure_and_lives_as_long_as_the_token():
    token = _token(ttl=timedelta(hours=2))
    async with _client(_app(sessions=True)) as browser:
        signed_in = await browser.post("/sign-in", params={"token": token})
        signed_out = await browser.post("/sign-out")

    cookie = signed_in.headers["set-cookie"]
    assert cookie.startswith(f"{SESSION_COOKIE}={token};")
    assert {"HttpOnly", "Secure", "SameSite=strict", "Path=/"} <= {p.strip() for p in cookie.split(";")}
    max_age = int(cookie.split("Max-Age=")[1].split(";")[0])
    assert 7000 < max_age <= 7200
    assert 'Max-Age=0' in signed_out.headers["set-cookie"] or "expires=" in signed_out.headers["set-cookie"]


@pytest.mark.parametrize(("headers", "own"), [
    ({"Sec-Fetch-Site": "same-origin"}, True),
    ({"Sec-Fetch-Site": "none"}, True),
    ({"Sec-Fetch-Site": "cross-site"}, False),
    ({"Sec-Fetch-Site": "same-site"}, False),  # another port or subdomain
    ({"Origin": "https://pages"}, True),
    ({"Origin": "https://elsewhere.example"}, False),
    ({}, True),  # not a browser form
])
async def test_a_sign_in_from_another_origin_is_recognised(headers, own):
    async with _client(_app(sessions=True)) as browser:
        answer = await browser.post("/sign-in", params={"token": _token()}, headers=headers)

    assert answer.json() == {"own_origin": own}
