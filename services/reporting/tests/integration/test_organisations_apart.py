"""A member of an organisation that does not run a project sees none of its figures,
drill-downs or publications, and can neither close its periods nor correct them (404)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from kohtaamo.servicekit.testing.organisations import Call, Scenario, trespass

from ..conftest import PROJECT, VALKEAKOSKI

pytestmark = pytest.mark.postgres
OUTSIDER = "091"  # runs no project of the pack
SHARE = "capability-service-share"


async def test_an_organisation_outside_the_project_reaches_none_of_it(api, auth_header, scenario, store):
    # Given clients of a project and a closed period, seen by the organisation that runs it
    clients = [scenario.client(date(2016, 1, 4) + timedelta(days=i)) for i in range(8)]
    await scenario.apply()
    a = Scenario(api, lambda role, org: auth_header(role, org=org, projects=[PROJECT] if org == VALKEAKOSKI else []),
                 VALKEAKOSKI)
    a.own(*clients)
    q1 = {"project": PROJECT, "period": "2016Q1"}
    await a.do(Call("GET /indicators", "/indicators", "manager", params={"project": PROJECT}))
    await a.do(Call("GET /indicators/{code}", "/indicators/clients-registered", "manager", params=q1))
    await a.do(Call("GET /indicators/{code}.csv", "/indicators/clients-registered.csv", "manager", params=q1))
    await a.do(Call("GET /indicators/{code}/drilldown", f"/indicators/{SHARE}/drilldown", "manager",
                    params=q1 | {"purpose": "SERVICE_FOLLOW_UP", "set": "denominator"}))
    closed = await a.do(Call("POST /periods/{project}/close", f"/periods/{PROJECT}/close", "project_manager",
                             {"period": "2016Q1"}, expect=201))
    publication = f"/publications/{closed['publication_id']}"
    await a.do(Call("GET /publications", "/publications", "analyst", params={"project": PROJECT}))
    await a.do(Call("GET /publications/{publication_id}", publication, "analyst"))
    await a.do(Call("GET /publications/{publication_id}/reproduction", f"{publication}/reproduction", "analyst"))
    await a.do(Call("GET /publications/{publication_id}/report.{fmt}", f"{publication}/report.xlsx",
                    "project_manager"))
    await a.do(Call("POST /publications/{publication_id}/correction", f"{publication}/correction",
                    "project_manager", expect=409))  # nothing late to correct: it got past the scope
    published = await store.pool.fetchval("SELECT count(*) FROM publications")

    # When a member of an organisation outside the project makes every one of those calls
    problems = await trespass(a, OUTSIDER, compare_reads=False)  # figures are "as of now"

    # Then it reached none of it, and published nothing
    assert not problems, "\n".join(problems)
    assert await store.pool.fetchval("SELECT count(*) FROM publications") == published
