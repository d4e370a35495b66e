"""schemathesis against reporting's OpenAPI document, with every check, in process: the app
create_app builds, on the real PostgreSQL and Kafka, over a few projected registrations."""

import asyncio
from datetime import UTC, date, datetime

import pytest

from kohtaamo.reporting.adapters.publications_sql import PublicationsRepository
from kohtaamo.reporting.application import periods
from kohtaamo.reporting.application.closing import CloseRequest, close_period
from kohtaamo.reporting.application.pack import load_pack
from kohtaamo.reporting.bootstrap import create_app
from kohtaamo.reporting.settings import ReportingSettings
from kohtaamo.servicekit.fuzzing.openapi import fuzz_openapi

from ..conftest import PROJECT, VALKEAKOSKI

pytestmark = [pytest.mark.postgres, pytest.mark.kafka]

# Half the requests name what exists, so they reach the figures and not only "not found".
KNOWN = {
    "path.code": sorted(load_pack().indicators),
    "query.project": [PROJECT],
    "path.project": [PROJECT],
    "query.period": ["window", "2016", "2016Q1", "2016-03"],
}
# Rules JSON Schema cannot state across query parameters.
PERIOD_RULES = {"period": "a period, or both from and to, not both", "to": "not before from"}
PAGE_RULES = {"as_of": "a day or moment that exists", "period": "a period of the project"}
CROSS_PARAMETER_RULES = {
    "GET /indicators/{code}": PERIOD_RULES,
    "GET /indicators/{code}.csv": PERIOD_RULES,
    # A set the figure has: no clients behind a count of visits, a table's are its denominator.
    "GET /indicators/{code}/drilldown": PERIOD_RULES | {"code": "an indicator of clients",
                                                        "set": "a set the indicator has"},
    # A period closes once it has ended, within the window; a final report is the window's.
    "POST /periods/{project}/close": PERIOD_RULES | {"kind": "FINAL over the window only"},
    "GET /dashboard": PAGE_RULES,
    "GET /dashboard/drilldown": PAGE_RULES,
}
ROLES = {
    "GET /indicators": "manager",
    "GET /indicators/{code}": "manager",
    "GET /indicators/{code}.csv": "manager",
    "GET /indicators/{code}/drilldown": "manager",
    "GET /freshness": "manager",
    "GET /dashboard": "manager",
    "GET /dashboard/drilldown": "manager",
    "POST /periods/{project}/close": "project_manager",
    "GET /publications": "analyst",
    "GET /publications/{publication_id}": "analyst",
    "GET /publications/{publication_id}/reproduction": "analyst",
    "POST /publications/{publication_id}/correction": "project_manager",
    "GET /publications/{publication_id}/report.{fmt}": "project_manager",
}


async def test_reporting_answers_as_its_openapi_document_says(stack, database_schema, new_schema,
                                                              kafka_settings, scenario, engine, store):
    for _ in range(6):
        scenario.client(date(2016, 2, 1), org=VALKEAKOSKI)
    await scenario.apply()
    # A publication to read, reproduce, correct and export.
    project = engine.pack.projects[PROJECT]
    closed = await close_period(engine, PublicationsRepository(store.pool), CloseRequest(
        project, periods.parse("2016-02", None, None, project.window), "PERIODIC", "fuzz"),
        datetime.now(UTC))
    settings = ReportingSettings(
        database_url=stack.database_url, database_schema=database_schema, kafka=kafka_settings,
        bi_schema=await new_schema(),
    )

    failures = await asyncio.to_thread(
        fuzz_openapi, create_app(settings), auth=settings.auth, roles=ROLES,
        organisation=VALKEAKOSKI, projects=[PROJECT],
        known_values=KNOWN | {"path.publication_id": [str(closed.id)]},
        refuses_valid_looking_input=CROSS_PARAMETER_RULES,
    )

    assert not failures, f"{len(failures)} failures:\n\n" + "\n\n".join(failures)
