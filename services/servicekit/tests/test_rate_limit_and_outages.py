"""Overload and a database that does not answer, at the edge of every API: 429 with
Retry-After per caller, 503 with Retry-After when the store is unreachable; the one shape."""

import httpx
import psycopg
import pytest
from eventsourcing import persistence
from fastapi import Depends, FastAPI

from kohtaamo.servicekit.auth import issue_token, require_roles
from kohtaamo.servicekit.http import create_api
from kohtaamo.servicekit.rate_limit import Buckets
from kohtaamo.servicekit.settings import AuthSettings, RateLimitSettings

AUTH = AuthSettings()
BURST = 3


def token(sub: str, org: str = "091") -> dict[str, str]:
    return {"Authorization": f"Bearer {issue_token(AUTH, sub=sub, roles=['worker'], org=org)}"}


@pytest.fixture
def app() -> FastAPI:
    # A refill far slower than any test: what the bucket holds is what the test sent.
    app = create_api(title="sample", auth=AUTH,
                     rate_limit=RateLimitSettings(burst=BURST, per_second=0.0001))

    @app.get("/things")
    async def things(_=Depends(require_roles("worker"))) -> list[str]:
        return []

    @app.post("/things", status_code=201)
    async def add(_=Depends(require_roles("worker"))) -> None:
        raise persistence.OperationalError("connection refused") from psycopg.OperationalError("refused")

    return app


@pytest.fixture
async def api(app) -> httpx.AsyncClient:
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://s") as client:
        yield client


async def test_a_caller_over_its_burst_gets_429_with_retry_after_and_others_do_not(api):
    mine = [await api.get("/things", headers=token("w1")) for _ in range(BURST + 2)]
    colleague = await api.get("/things", headers=token("w2"))
    namesake_elsewhere = await api.get("/things", headers=token("w1", org="837"))

    assert [r.status_code for r in mine] == [200] * BURST + [429, 429]
    refused = mine[-1]
    assert refused.json()["error"]["code"] == "too_many_requests"
    assert int(refused.headers["retry-after"]) >= 1
    assert (colleague.status_code, namesake_elsewhere.status_code) == (200, 200)


async def test_forged_tokens_share_their_clients_bucket_and_health_is_never_limited(api):
    forged = [await api.get("/things", headers={"Authorization": f"Bearer forged-{i}"}) for i in range(BURST + 1)]
    health = [await api.get("/health") for _ in range(BURST + 1)]

    assert [r.status_code for r in forged] == [401] * BURST + [429]
    assert {r.status_code for r in health} == {200}


async def test_a_limit_switched_off_lets_everything_through():
    app = create_api(title="sample", auth=AUTH, rate_limit=RateLimitSettings(enabled=False, burst=1))
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://s") as client:
        answers = [await client.get("/nothing-here") for _ in range(5)]

    assert {r.status_code for r in answers} == {404}


def test_a_bucket_refills_at_its_rate_up_to_its_burst():
    now = [0.0]
    buckets = Buckets(RateLimitSettings(burst=2, per_second=0.5), clock=lambda: now[0])

    first = [buckets.take("a") for _ in range(3)]
    now[0] = 2.0  # one request's worth later
    after_one = [buckets.take("a") for _ in range(2)]
    now[0] = 100.0  # long idle: full again, no more than the burst
    after_idle = [buckets.take("a") for _ in range(3)]

    assert first[:2] == [0, 0] and first[2] == pytest.approx(2.0)
    assert after_one[0] == 0 and after_one[1] > 0
    assert after_idle[:2] == [0, 0] and after_idle[2] > 0


def test_the_callers_remembered_are_bounded():
    buckets = Buckets(RateLimitSettings(burst=1, per_second=0.0001, max_callers=2), clock=lambda: 0.0)

    for caller in ("a", "b", "c"):
        buckets.take(caller)

    assert buckets.take("a") == 0  # forgotten, so full again
    assert buckets.take("c") > 0


async def test_a_store_that_does_not_answer_is_503_with_retry_after(api):
    answer = await api.post("/things", headers=token("w1"))

    assert answer.status_code == 503
    assert answer.json()["error"]["code"] == "unavailable"
    assert int(answer.headers["retry-after"]) >= 1
