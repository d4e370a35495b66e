"""The funder report of a publication: the XLSX read back with openpyxl, the PDF rendered
with pdftoppm and read with pdftotext (poppler-utils). Both hold the published values and
show a suppressed cell as suppressed, never its number."""

from __future__ import annotations

import io
import shutil
import subprocess
from datetime import date, timedelta
from pathlib import Path
from uuid import uuid4

import openpyxl
import pytest
from PIL import Image

from kohtaamo.contracts import examples

from ..conftest import AKAA, PROJECT

pytestmark = pytest.mark.postgres
PM = {"org": AKAA, "projects": [PROJECT]}
MARKS = {"fi": {"<5": "<5", "suppressed": "salattu"}, "en": {"<5": "<5", "suppressed": "suppressed"}}


@pytest.fixture
async def publication(api, auth_header, scenario) -> dict:
    """2016Q1: 14 clients (two young men: a small cell), 8 with coaching; visits and a café."""
    people = [("FEMALE", "30_39")] * 9 + [("MALE", "18_24")] * 2 + [("MALE", "40_49")] * 3
    for i, (gender, band) in enumerate(people):
        client = scenario.client(date(2016, 1, 4) + timedelta(days=i), gender=gender, age_band=band,
                                 age_band_detail=band)
        if i < 8:
            scenario.add(examples.service_provided(client_id=client, service_episode_id=uuid4(),
                                                   service_type="GROUP_COACHING", provided_on=date(2016, 2, 3)))
    place = uuid4()
    for month, headcount in ((1, 80), (2, 3), (3, 50)):
        scenario.add(examples.visit_recorded(meeting_place_id=place, visit_id=uuid4(),
                                             visit_date=date(2016, month, 15), headcount=headcount))
    await scenario.apply()
    response = await api.post(f"/periods/{PROJECT}/close", json={"period": "2016Q1"},
                              headers=auth_header("project_manager", **PM))
    assert response.status_code == 201, response.text
    return response.json()


def figure(publication: dict, code: str, basis: str = "PERIOD") -> dict:
    return next(f["published"] for f in publication["figures"]
                if f["published"]["code"] == code and f["basis"] == basis)


async def export(api, auth_header, publication, fmt, lang=None):
    params = {"lang": lang} if lang else {}
    response = await api.get(f"/publications/{publication['publication_id']}/report.{fmt}", params=params,
                             headers=auth_header("project_manager", **PM))
    assert response.status_code == 200, response.text
    return response


async def test_the_workbook_holds_the_published_values_and_marks_suppressed_cells(api, auth_header, publication):
    response = await export(api, auth_header, publication, "xlsx")
    book = openpyxl.load_workbook(io.BytesIO(response.content))

    assert response.headers["content-type"].startswith("application/vnd.openxmlformats")
    assert book.sheetnames[0] == "Yhteenveto" and book.sheetnames[-1] == "Määritelmät ja versiot"
    assert "participants-by-gender-age" in book.sheetnames and "clients-registered-to-date" in book.sheetnames
    table = figure(publication, "participants-by-gender-age")["table"]
    sheet = book["participants-by-gender-age"]
    header_row = next(r for r in range(1, 20) if sheet.cell(r, 1).value == "Luokka")
    suppressed_seen = 0
    for offset, row in enumerate(table["rows"], start=1):
        assert sheet.cell(header_row + offset, 1).value == row["key"]["title"]["fi"]
        for c, cell in enumerate(row["cells"], start=2):
            value = sheet.cell(header_row + offset, c).value
            if cell["suppressed"]:
                assert value == MARKS["fi"][cell["shown"]], (row["key"]["code"], c)
                suppressed_seen += 1
            else:
                assert value == cell["value"]
    assert suppressed_seen >= 2  # the small cell and at least one that would give it away
    share = book["capability-service-share"]
    numbers = [share.cell(r, 2).value for r in range(1, 20) if share.cell(r, 1).value in (
        "Osoittaja (henkilöä)", "Nimittäjä (henkilöä)", "Osuus")]
    assert numbers == [8, 14, 57.1]
    versions = {row[0]: row[2] for row in book["Määritelmät ja versiot"].iter_rows(min_row=2, values_only=True)}
    assert versions == {f["published"]["code"]: f["published"]["definition_version"]
                        for f in publication["figures"]}


@pytest.fixture
def poppler() -> None:
    missing = [tool for tool in ("pdftoppm", "pdftotext") if not shutil.which(tool)]
    if missing:
        pytest.fail(f"{', '.join(missing)} not found: install poppler-utils (.ci/run does)")


async def test_the_pdf_renders_and_its_text_holds_titles_values_and_no_suppressed_number(
        api, auth_header, publication, tmp_path, poppler):
    pdf = tmp_path / "report.pdf"
    pdf.write_bytes((await export(api, auth_header, publication, "pdf")).content)

    pages = _render(pdf, tmp_path)
    text = _text(pdf)

    assert len(pages) >= 3
    first = Image.open(pages[0]).convert("L")
    assert first.getextrema()[0] < 100  # something is drawn, not a blank page
    assert "Rahoittajaraportti – Kausiraportti" in text
    assert "SoKu – sosiaalinen kuntoutus Valkeakoskella ja Akaa–Urjalassa (ESR)" in text
    for f in publication["figures"]:
        assert f["published"]["title"]["fi"] in text.replace("\n", " "), f["published"]["code"]
    assert "57,1 %" in text and "≥ 70 %" in text and "Ei saavutettu" in text
    table = figure(publication, "participants-by-gender-age")["table"]
    for row in table["rows"]:
        expected = [row["key"]["title"]["fi"]] + [MARKS["fi"].get(c["shown"], c["shown"]) for c in row["cells"]]
        line = next(line for line in text.splitlines() if line.strip().startswith(expected[0] + "  "))
        assert line.split() == " ".join(expected).split(), line


async def test_english_on_request(api, auth_header, publication, tmp_path, poppler):
    pdf = tmp_path / "report.pdf"
    pdf.write_bytes((await export(api, auth_header, publication, "pdf", "en")).content)
    book = openpyxl.load_workbook(io.BytesIO((await export(api, auth_header, publication, "xlsx", "en")).content))
    text = _text(pdf)

    assert "Funder report – Periodic report" in text and "57.1 %" in text and "Not met" in text
    assert "Share of clients receiving a capability-strengthening service" in text.replace("\n", " ")
    assert book.sheetnames[0] == "Summary" and "Definitions and versions" in book.sheetnames


async def test_only_the_project_manager_exports(api, auth_header, publication):
    response = await api.get(f"/publications/{publication['publication_id']}/report.pdf",
                             headers=auth_header("analyst", **PM))
    bad_language = await api.get(f"/publications/{publication['publication_id']}/report.pdf",
                                 params={"lang": "sv"}, headers=auth_header("project_manager", **PM))

    assert response.status_code == 403
    assert bad_language.status_code == 422


def _text(pdf: Path) -> str:
    """The PDF's text as laid out, no-break spaces as spaces."""
    out = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True)
    return out.stdout.replace("\u00a0", " ")


def _render(pdf: Path, folder: Path) -> list[Path]:
    subprocess.run(["pdftoppm", "-png", "-r", "60", str(pdf), str(folder / "page")], check=True)
    return sorted(folder.glob("page-*.png"))
