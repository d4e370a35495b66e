import httpx
import pytest
from fastapi import FastAPI

from kohtaamo.reporting.adapters.http import build_router
from kohtaamo.servicekit.http import create_api
from kohtaamo.servicekit.settings import AuthSettings


@pytest.fixture
def api() -> httpx.AsyncClient:
    app: FastAPI = create_api(title="reporting", auth=AuthSettings())
    app.include_router(build_router())
    return httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://reporting")


@pytest.mark.parametrize("path", ["/indicators", "/indicators/clients-registered?project=S20397",
                                  "/indicators/clients-registered.csv?project=S20397", "/freshness"])
async def test_every_route_needs_a_token_and_a_reporting_role(api, auth_header, path):
    anonymous = await api.get(path)
    worker = await api.get(path, headers=auth_header("intake_worker"))

    assert (anonymous.status_code, worker.status_code) == (401, 403)
    assert worker.json()["error"]["code"] == "forbidden"
