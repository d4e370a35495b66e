"""The dashboard in headless Chromium over a real running reporting service (uvicorn, real
Kafka and PostgreSQL) with a synthetic SoKu programme: the page's numbers are the API's,
a suppressed cell shows no number, the language switch changes the labels, the keyboard
reaches the period picker with a visible focus, and axe-core finds nothing serious."""

from __future__ import annotations

import re
import shutil
from datetime import datetime
from pathlib import Path
from urllib.parse import parse_qsl, urlsplit

import httpx
import pytest
from axe_playwright_python.async_playwright import Axe

from kohtaamo.reporting.application import periods
from kohtaamo.reporting.application.evaluation import Scope
from kohtaamo.reporting.bootstrap import create_app as create_reporting
from kohtaamo.servicekit.auth import issue_token
from kohtaamo.servicekit.settings import AuthSettings

from .browser import chromium, served
from .synthetic import PROJECT, produce, programme

pytestmark = [pytest.mark.e2e, pytest.mark.kafka, pytest.mark.postgres, pytest.mark.browser]
ROOT = Path(__file__).parents[2]
AS_OF_DAY = "2026-01-01"
# The Akaa–Urjala joint service area (020) serves both municipalities.
MUNICIPALITIES = {"908": ("908",), "020": ("020", "020", "887")}


def soku_programme() -> list:
    """The synthetic programme, each client living in a municipality their organisation serves."""
    events = []
    for n, event in enumerate(programme(clients=320, seed=2015)):
        if event.event_type == "intake.ClientRegistered":
            homes = MUNICIPALITIES[event.organisation_id]
            event = event.model_copy(update={"payload": event.payload.model_copy(
                update={"municipality_code": homes[n % len(homes)]})})
        events.append(event)
    return events


@pytest.fixture
async def dashboard(reporting_settings, kafka_settings, eventually):
    """Reporting serving HTTP on a free port, caught up with the programme on Kafka."""
    app = create_reporting(reporting_settings)
    token = issue_token(AuthSettings(), sub="pm-soku", roles=["project_manager"], org="908",
                        projects=[PROJECT])
    async with served(app) as base:
        async with httpx.AsyncClient(base_url=base, headers={"Authorization": f"Bearer {token}"}) as api:
            await produce(kafka_settings, soku_programme())

            async def caught_up():
                body = (await api.get("/freshness")).json()
                return body["caught_up"] and body["last_applied_at"] is not None

            await eventually(caught_up, timeout=90)
            yield app, base, api, token


def _as_api_params(href: str) -> dict[str, str]:
    return dict(parse_qsl(urlsplit(href).query))


def _in_english(published: dict) -> str:
    if published["suppressed"] or published["value"] is None:
        return {"<5": "fewer than 5", "suppressed": "suppressed"}.get(published["shown"], "n/a")
    if published["kind"] == "client_share":
        return f"{published['value']}%"
    return f"{published['value']:,}"


async def test_the_dashboard_shows_the_api_s_numbers_in_a_real_browser(dashboard, tmp_path):
    app, base, api, token = dashboard
    async with chromium() as browser:
        page = await browser.new_page(viewport={"width": 1280, "height": 900})
        await page.goto(f"{base}/dashboard?project={PROJECT}&period=window&as_of={AS_OF_DAY}&lang=en")
        assert "/dashboard/sign-in" in page.url  # not signed in yet
        await page.fill("#token", token)
        await page.click("button[type=submit]")
        await page.wait_for_url(re.compile(r"/dashboard\?"))

        # Every card's number is what the figures API answers for the page's own parameters.
        cards = await page.locator("article.card").all()
        assert len(cards) >= 5
        for card in cards:
            code = await card.get_attribute("data-code")
            href = await card.locator("a", has_text="CSV").get_attribute("href")
            params = _as_api_params(href)
            published = (await api.get(f"/indicators/{code}", params=params)).json()
            assert (await card.locator(".value").inner_text()).strip() == _in_english(published), code
        as_of = datetime.fromisoformat(params["as_of"])

        # Progress: the chart's table for the clients climbs to the window's figure.
        clients = page.locator("figure.chart[data-code=clients-registered] tbody tr")
        last = (await clients.last.locator("td").text_content()).strip()  # in a closed <details>
        window = (await api.get("/indicators/clients-registered", params=params)).json()
        assert last == _in_english(window)

        # A suppressed cell is labelled and shows no number: not even the true one.
        table = page.locator(".table-wrap[data-code=participants-by-gender-age] table")
        published = (await api.get("/indicators/participants-by-gender-age", params=params)).json()
        shown_cells = [await td.inner_text() for td in await table.locator("tbody td").all()]
        assert shown_cells == [_in_english(c | {"kind": "cross_tab"})
                               for r in published["table"]["rows"] for c in r["cells"]]
        suppressed = await table.locator("td.is-suppressed").all()
        assert suppressed, "the programme has small cells"
        raw = await _raw_table(app, "participants-by-gender-age", as_of)
        flat = [v for row in raw for v in row]
        for td, cell, value in zip(await table.locator("tbody td").all(), shown_cells, flat, strict=True):
            if "is-suppressed" in (await td.get_attribute("class")):
                assert cell in ("fewer than 5", "suppressed")
                assert str(value) not in re.findall(r"\d+", cell), (cell, value)

        # Switching the language changes the labels and the number formats.
        await page.click("a[hreflang=fi]")
        await page.wait_for_url(re.compile(r"lang=fi"))
        assert await page.get_attribute("html", "lang") == "fi"
        assert await page.locator("#targets-h").inner_text() == "Tavoitteet"
        share = (await api.get("/indicators/capability-service-share", params=params)).json()
        fi_share = await page.locator("article[data-code=capability-service-share] .value").inner_text()
        assert fi_share.strip() == share["value"].replace(".", ",") + "\u00a0%"
        assert await page.locator("label[for=period]").inner_text() == "Jakso"

        # The keyboard reaches the period picker, and the focus is visible.
        await page.goto(f"{base}/dashboard?project={PROJECT}&period=window&as_of={AS_OF_DAY}&lang=en")
        reached = []
        for _ in range(15):
            await page.keyboard.press("Tab")
            reached.append(await page.evaluate("document.activeElement.id || document.activeElement.tagName"))
            if reached[-1] == "period":
                break
        assert reached[-1] == "period", reached
        outline = await page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
        assert outline == "solid"

        # No serious or critical accessibility violation.
        results = await Axe().run(page)
        serious = [v for v in results.response["violations"] if v["impact"] in ("serious", "critical")]
        assert not serious, results.generate_report()

        await _screenshot(page, tmp_path, "dashboard-en.png")
        await page.click("a[hreflang=fi]")
        await page.wait_for_url(re.compile(r"lang=fi"))
        results = await Axe().run(page)
        assert not [v for v in results.response["violations"] if v["impact"] in ("serious", "critical")], \
            results.generate_report()
        await _screenshot(page, tmp_path, "dashboard-fi.png")


async def _raw_table(app, code: str, as_of: datetime) -> list[list[int]]:
    """The exact counts behind a published table (never on the page)."""
    engine = app.state.engine
    project = engine.pack.projects[PROJECT]
    raw = await engine.evaluate(code, Scope(project, project.organisations),
                                periods.parse("window", None, None, project.window), as_of)
    return raw.table.cells


async def _screenshot(page, tmp_path: Path, name: str) -> None:
    shot = tmp_path / name
    await page.screenshot(path=str(shot), full_page=True)
    kept = ROOT / ".run" / "screenshots"
    kept.mkdir(parents=True, exist_ok=True)
    shutil.copy(shot, kept / name)
    assert shot.stat().st_size > 10_000


def test_the_programme_places_each_client_where_their_organisation_serves():
    homes = {e.payload.municipality_code for e in soku_programme() if e.event_type == "intake.ClientRegistered"}

    assert homes == {"908", "020", "887"}
