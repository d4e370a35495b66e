"""Query input of the figures routes: refused with 422 naming the parameter, never a 500."""

import httpx
import pytest

from kohtaamo.reporting.adapters.http import build_router
from kohtaamo.reporting.application.engine import Engine
from kohtaamo.reporting.application.pack import load_pack
from kohtaamo.servicekit.http import create_api
from kohtaamo.servicekit.settings import AuthSettings


@pytest.fixture
def api() -> httpx.AsyncClient:
    app = create_api(title="reporting", auth=AuthSettings())
    app.state.engine = Engine(load_pack(), facts=None)  # refused before any figure is read
    app.include_router(build_router())
    return httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://reporting")


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("period=0000", "period"),
        ("period=2016Q5", "period"),
        ("from=0&to=2016-03-31", "from"),
        ("from=2016-01-01&to=1700000000", "to"),
    ],
)
async def test_a_period_that_is_not_one_is_422_for_its_parameter(api, auth_header, query, field):
    response = await api.get(
        f"/indicators/clients-registered?project=S20397&{query}", headers=auth_header("manager", org="908")
    )

    assert response.status_code == 422
    assert field in {f["field"] for f in response.json()["error"]["fields"]}
