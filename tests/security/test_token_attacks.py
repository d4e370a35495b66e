"""Every route of every service but the public few refuses every forged or broken token with
401 (403 for a genuine token without the route's role), in the one error shape, and the
dashboard's session cookie is held to the same rules."""

from __future__ import annotations

import httpx
import pytest
from fastapi import FastAPI

from kohtaamo.servicekit.session import SESSION_COOKIE
from kohtaamo.servicekit.settings import AuthSettings
from kohtaamo.servicekit.testing.tokens import attacks, refused_roles, with_role

from .apps import PUBLIC, Operation, apps, operations, public_routes

ORG = "908"
AUTH = AuthSettings()
APPS = apps()
ALL_OPERATIONS = [(name, op) for name, app in APPS.items() for op in operations(app)]
ALL_ROLES = sorted({role for _, op in ALL_OPERATIONS for role in op.roles})


def _ids(cases):
    return [f"{name} {op.label}" for name, op in cases]


async def _send(app: FastAPI, op: Operation, *, token: str | None = None,
                cookies: dict[str, str] | None = None) -> httpx.Response:
    headers = {"Authorization": f"Bearer {token}"} if token is not None else {}
    transport = httpx.ASGITransport(app=app, raise_app_exceptions=False)
    async with httpx.AsyncClient(transport=transport, base_url="http://test", cookies=cookies) as client:
        return await client.request(op.method, op.path, headers=headers,
                                    json={} if op.takes_body else None)


def _refused(answer: httpx.Response, status: int, code: str) -> str | None:
    """What is wrong with ``answer`` as a refusal, or None."""
    if answer.status_code != status:
        return f"{answer.status_code} {answer.text[:200]}"
    body = answer.json()
    if set(body) != {"error"} or body["error"].get("code") != code or "message" not in body["error"]:
        return f"not the one error shape: {body}"
    if status == 401 and answer.headers.get("www-authenticate") != "Bearer":
        return "no WWW-Authenticate: Bearer"
    return None


def test_every_service_has_only_the_known_public_routes():
    # Given the four apps, when their route tables are read, then nothing else needs no token.
    for name, app in APPS.items():
        assert public_routes(app) <= PUBLIC, name
    assert len(ALL_OPERATIONS) > 60  # the tables were read, not skipped


@pytest.mark.parametrize(("service", "op"), ALL_OPERATIONS, ids=_ids(ALL_OPERATIONS))
async def test_every_forged_or_broken_token_is_refused_with_401(service, op):
    # Given tokens that would let this operation in, had they been genuine
    forged = attacks(AUTH, roles=sorted(op.roles), org=ORG)
    forged["no token"] = None

    # When each is sent
    wrong = {}
    for attack, token in forged.items():
        problem = _refused(await _send(APPS[service], op, token=token), 401, "unauthenticated")
        if problem:
            wrong[attack] = problem

    # Then every one is refused in the one shape
    assert not wrong, wrong


@pytest.mark.parametrize(("service", "op"), ALL_OPERATIONS, ids=_ids(ALL_OPERATIONS))
async def test_a_genuine_token_without_the_operations_role_is_refused_with_403(service, op):
    outsiders = [role for role in ALL_ROLES if role not in op.roles]
    tokens = refused_roles(AUTH, org=ORG) | {role: with_role(AUTH, role, org=ORG) for role in outsiders}

    wrong = {}
    for name, token in tokens.items():
        problem = _refused(await _send(APPS[service], op, token=token), 403, "forbidden")
        if problem:
            wrong[name] = problem

    assert not wrong, wrong


REPORTING = [op for name, op in ALL_OPERATIONS if name == "reporting"]


@pytest.mark.parametrize("op", [op for op in REPORTING if op.method == "GET"], ids=lambda op: op.label)
async def test_a_session_cookie_holding_a_forged_token_is_refused(op):
    forged = attacks(AUTH, roles=sorted(op.roles), org=ORG)

    wrong = {}
    for attack, token in forged.items():
        answer = await _send(APPS["reporting"], op, cookies={SESSION_COOKIE: token})
        problem = _refused(answer, 401, "unauthenticated")
        if problem:
            wrong[attack] = problem

    assert not wrong, wrong


@pytest.mark.parametrize("op", [op for op in REPORTING if op.method != "GET"], ids=lambda op: op.label)
async def test_a_session_cookie_never_authorises_a_change(op):
    # Given a genuine token with the operation's role, kept in the session cookie
    token = with_role(AUTH, sorted(op.roles)[0], org=ORG)

    answer = await _send(APPS["reporting"], op, cookies={SESSION_COOKIE: token})

    assert _refused(answer, 401, "unauthenticated") is None, answer.text


async def test_the_sign_in_form_refuses_every_forged_token_and_sets_no_cookie():
    forged = attacks(AUTH, roles=["manager"], org=ORG) | refused_roles(AUTH, org=ORG)
    transport = httpx.ASGITransport(app=APPS["reporting"], raise_app_exceptions=False)

    signed_in = {}
    async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
        for attack, token in forged.items():
            answer = await client.post("/dashboard/sign-in", data={"token": token},
                                       headers={"Sec-Fetch-Site": "same-origin"})
            if answer.status_code not in (401, 403) or "set-cookie" in answer.headers:
                signed_in[attack] = answer.status_code

    assert not signed_in, signed_in


async def test_the_sign_in_form_refuses_a_post_from_another_site():
    transport = httpx.ASGITransport(app=APPS["reporting"], raise_app_exceptions=False)
    async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
        answer = await client.post(
            "/dashboard/sign-in", data={"token": with_role(AUTH, "manager", org=ORG)},
            headers={"Sec-Fetch-Site": "cross-site"})

    assert answer.status_code == 403
    assert "set-cookie" not in answer.headers
