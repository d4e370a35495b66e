"""The dashboard's pages over the real engine on PostgreSQL: signed in with a cookie, the
published numbers in each language's format, suppressed cells labelled, refusals as pages."""

from __future__ import annotations

import re
from datetime import date

import httpx
import pytest
from fastapi import FastAPI

from kohtaamo.contracts import examples as ex
from kohtaamo.reporting.adapters.dashboard import install_dashboard
from kohtaamo.reporting.adapters.http import build_router
from kohtaamo.servicekit.auth import issue_token
from kohtaamo.servicekit.http import create_api
from kohtaamo.servicekit.session import SESSION_COOKIE
from kohtaamo.servicekit.settings import AuthSettings

from ..conftest import AKAA, PROJECT, VALKEAKOSKI
from ..fakes import SilentBroker, StillFreshness, drilldown_router

pytestmark = pytest.mark.postgres
BROWSER = {"Accept": "text/html,application/xhtml+xml,*/*;q=0.8"}
WINDOW = {"project": PROJECT, "period": "window", "as_of": "2026-01-01"}


def _app(engine, freshness=None, *, with_drilldown: bool = False) -> FastAPI:
    app = create_api(title="reporting", auth=AuthSettings())
    app.include_router(build_router())
    if with_drilldown:
        app.include_router(drilldown_router())
    install_dashboard(app, secure_cookie=False)
    app.state.engine = engine
    app.state.freshness = freshness or StillFreshness()
    return app


def _token(*roles: str, org: str = VALKEAKOSKI, projects=(PROJECT,)) -> str:
    return issue_token(AuthSettings(), sub="pm-1", roles=roles, org=org, projects=projects)


def _browser(app: FastAPI, token: str | None) -> httpx.AsyncClient:
    return httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://reporting",
                             headers=BROWSER, cookies={SESSION_COOKIE: token} if token else None)


@pytest.fixture
async def programme(scenario):
    """Nine clients in Valkeakoski, six with a qualifying service; one man among eight women."""
    clients = [scenario.client(date(2016, 2, 1), gender="FEMALE", age_band="30_39",
                               age_band_detail="30_39", municipality_code="908") for _ in range(8)]
    clients.append(scenario.client(date(2016, 2, 1), gender="MALE", age_band="30_39",
                                   age_band_detail="30_39", municipality_code="908"))
    for client in clients[:6]:
        scenario.add(ex.service_provided(client_id=client, service_episode_id=ex.uid(f"{client}"),
                                         provided_on=date(2016, 2, 10), service_type="INDIVIDUAL_COACHING"))
    await scenario.apply()


def _card_value(page: str, code: str) -> str:
    found = re.search(rf'data-code="{code}".*?<p class="value[^"]*">(.*?)</p>', page, re.S)
    assert found, code
    return re.sub(r"<[^>]+>", "", found.group(1)).strip()


async def test_the_cards_show_the_published_figures_in_each_language(programme, engine):
    app = _app(engine)
    token = _token("project_manager")
    async with _browser(app, token) as browser:
        fi = (await browser.get("/dashboard", params=WINDOW | {"lang": "fi"})).text
        en = (await browser.get("/dashboard", params=WINDOW | {"lang": "en"})).text
        api = (await browser.get("/indicators/capability-service-share",
                                 params={k: v for k, v in WINDOW.items() if k != "as_of"},
                                 headers={"Authorization": f"Bearer {token}", "Accept": "application/json"})).json()

    assert api["value"] == "66.7"
    assert _card_value(fi, "capability-service-share") == "66,7\xa0%"
    assert _card_value(en, "capability-service-share") == "66.7%"
    assert _card_value(en, "clients-registered") == "9"
    assert '<html lang="fi">' in fi and "Tavoitteet" in fi and "Targets" not in fi
    assert '<html lang="en">' in en and "Targets" in en


async def test_a_suppressed_cell_shows_its_label_never_its_number(programme, engine):
    async with _browser(_app(engine), _token("project_manager")) as browser:
        page = (await browser.get("/dashboard", params=WINDOW | {"lang": "en"})).text

    table = re.search(r'data-code="participants-by-gender-age".*?</table>', page, re.S).group(0)
    male = re.search(r'<th scope="row">Male</th>(.*?)</tr>', table, re.S).group(1)
    assert "fewer than 5" in male and 'class="num is-suppressed"' in male
    assert not re.search(r">\s*1\s*<", male)  # the one man's count is nowhere in his row
    female = re.search(r'<th scope="row">Female</th>(.*?)</tr>', table, re.S).group(1)
    assert "suppressed" in female  # secondary suppression: the row total would give him away


async def test_without_a_session_a_browser_is_sent_to_sign_in_and_a_program_gets_401(engine):
    app = _app(engine)
    async with _browser(app, None) as browser:
        page = await browser.get("/dashboard", params={"period": "2016Q1", "lang": "en"})
        program = await browser.get("/dashboard", headers={"Accept": "application/json"})

    assert page.status_code == 303
    assert page.headers["location"] == "/dashboard/sign-in?lang=en&next=%2Fdashboard%3Fperiod%3D2016Q1%26lang%3Den"
    assert program.status_code == 401
    assert program.json()["error"]["code"] == "unauthenticated"


async def test_signing_in_sets_the_session_and_goes_on_to_the_page_asked_for(programme, engine):
    app = _app(engine)
    async with _browser(app, None) as browser:
        form = await browser.get("/dashboard/sign-in", params={"lang": "en", "next": "/dashboard?period=2016"})
        signed_in = await browser.post("/dashboard/sign-in", data={
            "token": _token("manager"), "next": "/dashboard?period=2016", "lang": "en"})
        page = await browser.get(signed_in.headers["location"])
        signed_out = await browser.post("/dashboard/sign-out", headers={"Sec-Fetch-Site": "same-origin"})

    assert form.status_code == 200 and 'name="next" value="/dashboard?period=2016"' in form.text
    assert (signed_in.status_code, signed_in.headers["location"]) == (303, "/dashboard?period=2016")
    assert "httponly" in signed_in.headers["set-cookie"].lower()
    assert page.status_code == 200 and "2016" in page.text
    assert signed_out.status_code == 303 and 'Max-Age=0' in signed_out.headers["set-cookie"]


@pytest.mark.parametrize(("form", "headers", "status", "says"), [
    ({"token": "not-a-token"}, {}, 401, "invalid token"),
    ({"token": ""}, {}, 422, "paste your token"),
    ({"token": "__reader__"}, {"Sec-Fetch-Site": "cross-site"}, 403, "own sign-in page"),
    ({"token": "__worker__"}, {}, 403, "none of the roles"),
    ({"token": "__reader__", "next": "https://elsewhere.example/"}, {}, 303, None),
])
async def test_a_refused_sign_in_says_why_on_the_form_and_sets_no_cookie(engine, form, headers, status, says):
    tokens = {"__reader__": _token("analyst"), "__worker__": _token("intake_worker")}
    form = {k: tokens.get(v, v) for k, v in form.items()}
    async with _browser(_app(engine), None) as browser:
        answer = await browser.post("/dashboard/sign-in", data=form, headers=headers)

    assert answer.status_code == status
    if says:
        assert says in answer.text and 'role="alert"' in answer.text
        assert "set-cookie" not in answer.headers
    else:  # never sent on to another site
        assert answer.headers["location"].startswith("/dashboard")


async def test_a_sign_in_that_is_not_a_form_is_refused(engine):
    async with _browser(_app(engine), None) as browser:
        answer = await browser.post("/dashboard/sign-in", json={"token": _token("analyst")})

    assert answer.status_code == 415


@pytest.mark.parametrize(("params", "status", "field"), [
    ({"period": "2016Q5"}, 422, "period"),
    ({"as_of": "2016-04-01T00:00:00"}, 422, "as_of"),
    ({"step": "week"}, 422, "step"),
    ({"project": "S99999"}, 404, None),
])
async def test_bad_choices_answer_a_page_for_a_browser_and_the_error_shape_for_a_program(
        engine, params, status, field):
    async with _browser(_app(engine), _token("project_manager")) as browser:
        page = await browser.get("/dashboard", params=params)
        program = await browser.get("/dashboard", params=params,
                                    headers={"Accept": "application/json",
                                             "Authorization": f"Bearer {_token('project_manager')}"})

    assert page.status_code == program.status_code == status
    assert page.headers["content-type"].startswith("text/html") and 'role="alert"' in page.text
    assert program.json()["error"]["code"] in ("invalid_request", "not_found")
    if field:
        assert [f["field"] for f in program.json()["error"]["fields"]] == [field]


async def test_a_manager_of_another_organisation_sees_no_such_project(engine):
    async with _browser(_app(engine), _token("manager", org="091", projects=())) as browser:
        page = await browser.get("/dashboard", params={"project": PROJECT})

    assert page.status_code == 404


async def test_a_manager_sees_their_own_organisation_s_part(programme, scenario, engine):
    scenario.client(date(2016, 2, 1), org=AKAA)
    await scenario.apply()
    async with _browser(_app(engine), _token("manager", org=AKAA, projects=())) as browser:
        page = (await browser.get("/dashboard", params=WINDOW | {"lang": "en"})).text

    assert _card_value(page, "clients-registered") == "fewer than 5"


@pytest.mark.parametrize(("freshness", "says"), [
    (StillFreshness(lag=0), "Reporting has applied every event."),
    (StillFreshness(lag=1234), "Reporting is behind: 1,234 events not yet applied."),
    (SilentBroker(), "Freshness is unknown"),
])
async def test_freshness_says_when_reporting_lags(engine, freshness, says):
    async with _browser(_app(engine, freshness), _token("analyst")) as browser:
        page = (await browser.get("/dashboard", params={"lang": "en"})).text

    assert says in page


async def test_drill_down_is_offered_to_a_manager_with_the_route_s_own_purposes(programme, engine):
    async with _browser(_app(engine, with_drilldown=True), _token("manager")) as browser:
        page = (await browser.get("/dashboard", params=WINDOW | {"lang": "en"})).text
        link = re.search(r'href="(/dashboard/drilldown\?[^"]*code=plan-review-on-time[^"]*set=excluded[^"]*)"',
                         page).group(1).replace("&amp;", "&")
        form = (await browser.get(link)).text

    assert "Overdue plan reviews" in page
    assert 'action="/indicators/plan-review-on-time/drilldown"' in form
    assert re.findall(r'<option value="([A-Z_]+)">', form) == ["SERVICE_FOLLOW_UP", "DATA_QUALITY"]
    assert 'name="set" value="excluded"' in form


async def test_without_the_drill_down_route_the_page_says_it_is_not_available(programme, engine):
    async with _browser(_app(engine), _token("manager")) as browser:
        page = (await browser.get("/dashboard", params=WINDOW | {"lang": "en"})).text
        form = await browser.get("/dashboard/drilldown", params=WINDOW | {
            "lang": "en", "code": "capability-service-share", "set": "excluded"})
        analyst = await _browser(_app(engine), _token("analyst")).get(
            "/dashboard/drilldown", params=WINDOW | {"code": "capability-service-share", "set": "excluded"})

    assert "Drill-down is not available on this server yet." in page
    assert form.status_code == 200 and "Drill-down is not available on this server yet." in form.text
    assert analyst.status_code == 403
    assert "/dashboard/drilldown" not in (await _browser(_app(engine), _token("analyst")).get(
        "/dashboard", params=WINDOW)).text
