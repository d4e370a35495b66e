import httpx
import pytest
from fastapi import FastAPI

from kohtaamo.reporting.adapters.http import build_router
from kohtaamo.servicekit.http import create_api
from kohtaamo.servicekit.settings import AuthSettings


class FakeFacts:
    async def count_registered_clients(self) -> int:
        return 42


@pytest.fixture
def api() -> httpx.AsyncClient:
    app: FastAPI = create_api(title="reporting", auth=AuthSettings())
    app.state.store = FakeFacts()
    app.include_router(build_router())
    return httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://reporting")


async def test_a_manager_reads_the_client_count(api, auth_header):
    response = await api.get("/indicators/clients-registered", headers=auth_header("manager"))

    assert response.status_code == 200
    assert response.json()["value"] == 42


async def test_indicators_need_a_token_and_a_reporting_role(api, auth_header):
    anonymous = await api.get("/indicators/clients-registered")
    worker = await api.get("/indicators/clients-registered", headers=auth_header("intake_worker"))

    assert (anonymous.status_code, worker.status_code) == (401, 403)
