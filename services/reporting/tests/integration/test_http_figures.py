"""The figures API over the real engine and PostgreSQL: scoping, bad input, CSV, no leaks."""

from __future__ import annotations

from datetime import date

import httpx
import pytest

from kohtaamo.reporting.adapters.http import build_router
from kohtaamo.servicekit.http import create_api
from kohtaamo.servicekit.settings import AuthSettings

from ..conftest import AKAA, VALKEAKOSKI

pytestmark = pytest.mark.postgres


@pytest.fixture
async def api(engine, scenario):
    for _ in range(6):
        scenario.client(date(2016, 2, 1), org=VALKEAKOSKI)
    for _ in range(3):
        scenario.client(date(2016, 2, 1), org=AKAA)
    await scenario.apply()
    app = create_api(title="reporting", auth=AuthSettings())
    app.state.engine = engine
    app.include_router(build_router())
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://r") as client:
        yield client


def q(**params):
    return {"project": "S20397", "period": "2016Q1", **params}


async def test_the_list_names_every_indicator_with_its_version_and_target(api, auth_header):
    response = await api.get("/indicators", headers=auth_header("analyst", org=VALKEAKOSKI))

    assert response.status_code == 200
    listed = {i["code"]: i for i in response.json()}
    assert len(listed) == 12
    assert listed["capability-service-share"]["target"]["value"] == 70
    assert listed["clients-registered"]["title"]["fi"] == "Asiakasmäärä"


async def test_a_manager_sees_their_part_and_a_project_manager_the_whole_project(api, auth_header):
    manager = await api.get("/indicators/clients-registered", params=q(),
                            headers=auth_header("manager", org=VALKEAKOSKI))
    small_part = await api.get("/indicators/clients-registered", params=q(),
                               headers=auth_header("manager", org=AKAA))
    project = await api.get("/indicators/clients-registered", params=q(),
                            headers=auth_header("project_manager", org=AKAA, projects=["S20397"]))
    one_org = await api.get("/indicators/clients-registered", params=q(organisation=VALKEAKOSKI),
                            headers=auth_header("project_manager", org=AKAA, projects=["S20397"]))

    assert (manager.json()["value"], manager.json()["organisations"]) == (6, [VALKEAKOSKI])
    assert (project.json()["value"], one_org.json()["value"]) == (9, 6)
    assert small_part.json()["shown"] == "<5" and small_part.json()["value"] is None


@pytest.mark.parametrize(("role", "org", "projects", "params"), [
    ("manager", "091", [], q()),  # an organisation that does not run the project
    ("project_manager", "091", ["OTHER"], q()),  # a project-wide role for another project
    ("manager", VALKEAKOSKI, [], q(organisation=AKAA)),  # another organisation's part
    ("manager", VALKEAKOSKI, [], q(project="NO-SUCH")),
])
async def test_what_the_caller_may_not_see_is_not_found(api, auth_header, role, org, projects, params):
    response = await api.get("/indicators/clients-registered", params=params,
                             headers=auth_header(role, org=org, projects=projects))

    assert response.status_code == 404
    assert response.json()["error"]["code"] == "not_found"
    assert "6" not in response.text


@pytest.mark.parametrize(("path", "params", "status", "field"), [
    ("/indicators/no-such-indicator", q(), 404, None),
    ("/indicators/clients-registered", q(period="2016Q5"), 422, "period"),
    ("/indicators/clients-registered", {"project": "S20397", "from": "2016-03-02", "to": "2016-03-01"}, 422, "to"),
    ("/indicators/clients-registered", q(as_of="2016-04-01T00:00:00"), 422, "as_of"),
    ("/indicators/clients-registered", q(as_of="yesterday"), 422, "as_of"),
    ("/indicators/clients-registered", {"period": "2016"}, 422, "project"),
])
async def test_bad_input_gets_a_clear_error_in_the_one_shape(api, auth_header, path, params, status, field):
    response = await api.get(path, params=params, headers=auth_header("manager", org=VALKEAKOSKI))

    assert response.status_code == status, response.text
    error = response.json()["error"]
    assert error["message"]
    if field:
        assert [f["field"] for f in error["fields"]] == [field] and error["fields"][0]["message"]


async def test_as_of_with_a_time_zone_and_from_to_dates_work(api, auth_header):
    response = await api.get("/indicators/clients-registered", headers=auth_header("manager", org=VALKEAKOSKI),
                             params={"project": "S20397", "from": "2016-02-01", "to": "2016-02-01",
                                     "as_of": "2016-02-01T14:00:00+02:00"})

    body = response.json()
    assert response.status_code == 200
    assert (body["period"], body["value"]) == ({"name": None, "start": "2016-02-01", "end": "2016-02-01"}, 6)
    assert body["as_of"].startswith("2016-02-01T14:00:00+02:00")


async def test_the_csv_prints_what_a_publication_may_print(api, auth_header):
    response = await api.get("/indicators/participants-by-gender-age.csv", params=q(),
                             headers=auth_header("project_manager", org=AKAA, projects=["S20397"]))

    assert response.status_code == 200 and response.headers["content-type"].startswith("text/csv")
    lines = response.text.splitlines()
    assert lines[0].startswith("code,project,period_start,period_end,as_of,definition_version,code,title")
    female = next(line for line in lines if ",FEMALE," in line)
    assert female.endswith(",Female,0,9,0,0,9")  # 25-29 (the examples' band): 6 + 3


async def test_a_suppressed_number_never_appears_in_any_answer(api, auth_header):
    headers = auth_header("manager", org=AKAA)  # three clients there: every number is small
    for code in ("clients-registered", "participants-by-gender-age", "capability-service-share"):
        body = (await api.get(f"/indicators/{code}", params=q(), headers=headers)).json()
        csv = (await api.get(f"/indicators/{code}.csv", params=q(), headers=headers)).text

        figures = {k: v for k, v in body.items() if k not in ("log_positions", "period", "as_of")}
        assert 3 not in list(values(figures)) and "3" not in list(values(figures)), code
        assert all("3" not in line.split(",")[6:] for line in csv.splitlines()[1:]), code


def values(node):
    if isinstance(node, dict):
        for v in node.values():
            yield from values(v)
    elif isinstance(node, list):
        for v in node:
            yield from values(v)
    else:
        yield node
