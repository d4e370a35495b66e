"""Closing a period over the real engine and PostgreSQL: the publication, late entries
shown as corrections, reproduction, a corrected publication, and what is refused."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from uuid import uuid4

import asyncpg
import pytest

from kohtaamo.contracts import examples

from ..conftest import AKAA, PROJECT, VALKEAKOSKI

pytestmark = pytest.mark.postgres
PM = {"org": AKAA, "projects": [PROJECT]}


def published(body, code, basis="PERIOD"):
    return next(f for f in body["figures"] if f["published"]["code"] == code and f["basis"] == basis)


@pytest.fixture
async def q1(scenario):
    """Ten Valkeakoski clients registered in 2016Q1; six of them had a coaching session."""
    clients = [scenario.client(date(2016, 1, 4) + timedelta(days=i)) for i in range(10)]
    for client in clients[:6]:
        scenario.add(examples.service_provided(client_id=client, service_episode_id=uuid4(),
                                               service_type="INDIVIDUAL_COACHING",
                                               provided_on=date(2016, 2, 1)))
    await scenario.apply()
    return clients


async def close(api, auth_header, **body):
    return await api.post(f"/periods/{PROJECT}/close", json=body or {"period": "2016Q1"},
                          headers=auth_header("project_manager", **PM))


async def test_a_closed_period_keeps_its_figures_and_shows_a_late_delivery_as_a_correction(
        api, auth_header, scenario, q1):
    closing = await close(api, auth_header)
    assert closing.status_code == 201, closing.text
    publication = closing.json()
    late = scenario.add(examples.service_provided(client_id=q1[7], service_episode_id=uuid4(),
                                                  service_type="HEALTH_CHECK", provided_on=date(2016, 3, 10)),
                        recorded_at=datetime.now(UTC))
    await scenario.apply()

    read = await api.get(f"/publications/{publication['publication_id']}",
                         headers=auth_header("analyst", **PM))
    again = await api.get(f"/publications/{publication['publication_id']}/reproduction",
                          headers=auth_header("analyst", **PM))

    share = published(read.json(), "capability-service-share")
    assert (share["published"]["numerator"], share["published"]["value"]) == (6, "60.0")
    assert share["published"] == published(publication, "capability-service-share")["published"]
    correction = share["correction"]
    assert (correction["current"]["numerator"], correction["current"]["value"]) == (7, "70.0")
    assert [e["event_id"] for e in correction["late_events"]] == [str(late.event_id)]
    assert correction["late_events"][0]["event_type"] == "casework.ServiceProvided"
    assert published(read.json(), "clients-registered")["correction"] is None
    assert again.json() == {"publication_id": publication["publication_id"], "reproduced": True,
                            "figures": len(publication["figures"]), "differences": []}


async def test_only_the_late_events_that_made_the_difference_are_shown(api, auth_header, scenario, q1):
    publication = (await close(api, auth_header)).json()
    now = datetime.now(UTC)
    # Before the client's registration: counts for nothing, though it is late too.
    early = scenario.add(examples.service_provided(client_id=q1[7], service_episode_id=uuid4(),
                                                   provided_on=date(2016, 1, 2)), recorded_at=now)
    counted = scenario.add(examples.service_provided(client_id=q1[7], service_episode_id=uuid4(),
                                                     provided_on=date(2016, 3, 1)), recorded_at=now)
    voided = scenario.add(examples.client_registration_voided(client_id=q1[9], voided_on=date(2016, 4, 2),
                                                              reason="RECORDED_IN_ERROR", duplicate_of=None),
                          recorded_at=now)
    await scenario.apply()

    read = await api.get(f"/publications/{publication['publication_id']}", headers=auth_header("analyst", **PM))

    share = published(read.json(), "capability-service-share")["correction"]
    assert (share["current"]["numerator"], share["current"]["denominator"]) == (7, 9)
    assert {e["event_id"] for e in share["late_events"]} == {str(counted.event_id), str(voided.event_id)}
    assert str(early.event_id) not in read.text


async def test_an_event_recorded_before_the_close_but_read_after_it_is_a_correction_too(
        api, auth_header, scenario, q1):
    recorded_before = datetime.now(UTC)
    publication = (await close(api, auth_header)).json()
    # Recorded (in casework) before the close, read by reporting only after it.
    slow = scenario.add(examples.service_provided(client_id=q1[8], service_episode_id=uuid4(),
                                                  provided_on=date(2016, 3, 1)),
                        recorded_at=recorded_before)
    await scenario.apply()

    again = await api.get(f"/publications/{publication['publication_id']}/reproduction",
                          headers=auth_header("analyst", **PM))
    read = await api.get(f"/publications/{publication['publication_id']}", headers=auth_header("analyst", **PM))

    assert again.json()["reproduced"] is True
    correction = published(read.json(), "capability-service-share")["correction"]
    assert [e["event_id"] for e in correction["late_events"]] == [str(slow.event_id)]


async def test_a_correction_is_a_new_publication_naming_the_one_it_corrects(api, auth_header, scenario, q1):
    first = (await close(api, auth_header)).json()
    headers = auth_header("project_manager", **PM)
    nothing_yet = await api.post(f"/publications/{first['publication_id']}/correction", headers=headers)
    scenario.add(examples.service_provided(client_id=q1[9], service_episode_id=uuid4(),
                                           provided_on=date(2016, 3, 2)), recorded_at=datetime.now(UTC))
    await scenario.apply()

    corrected = await api.post(f"/publications/{first['publication_id']}/correction", headers=headers)
    twice = await api.post(f"/publications/{first['publication_id']}/correction", headers=headers)
    listed = await api.get("/publications", params={"project": PROJECT}, headers=headers)
    old = await api.get(f"/publications/{first['publication_id']}", headers=headers)

    assert nothing_yet.status_code == 409 and "nothing to correct" in nothing_yet.json()["error"]["message"]
    assert corrected.status_code == 201, corrected.text
    new = corrected.json()
    assert new["corrects"] == first["publication_id"]
    assert published(new, "capability-service-share")["published"]["value"] == "70.0"
    assert twice.status_code == 409 and twice.json()["error"]["publication_id"] == new["publication_id"]
    assert [(p["publication_id"], p["corrected_by"]) for p in listed.json()] == [
        (first["publication_id"], new["publication_id"]), (new["publication_id"], None)]
    assert published(old.json(), "capability-service-share")["published"]["value"] == "60.0"


async def test_a_publication_holds_every_indicator_its_definitions_and_progress_to_date(
        api, auth_header, pack, q1):
    body = (await close(api, auth_header)).json()

    codes = [(f["published"]["code"], f["basis"]) for f in body["figures"]]
    assert {c for c, _ in codes} == set(pack.indicators)
    assert {f["published"]["definition_version"] for f in body["figures"]} == {
        v.version for v in pack.indicators.values()}
    assert ("clients-registered", "TO_DATE") in codes  # judged over the whole window
    to_date = published(body, "clients-registered", "TO_DATE")["published"]
    assert (to_date["period"]["start"], to_date["period"]["end"], to_date["value"]) == ("2015-09-01", "2016-03-31", 10)
    closed_at = datetime.fromisoformat(body["closed_at"])
    assert {datetime.fromisoformat(f["published"]["as_of"]) for f in body["figures"]} == {closed_at}
    assert {p["topic"] for p in body["log_positions"]} == {"intake.clients", "casework.clients"}
    assert body["closed_by"] == "worker-1" and body["kind"] == "PERIODIC"


@pytest.mark.parametrize(("body", "status", "field"), [
    ({"period": "2999Q1"}, 422, "period"),  # has not ended
    ({"period": f"{date.today():%Y-%m}"}, 422, "period"),  # ends this month
    ({"period": "2010"}, 422, "period"),  # outside the project window
    ({"period": "2016Q1", "kind": "FINAL"}, 422, "kind"),  # a final report is over the window
    ({"period": "2016Q5"}, 422, "period"),
    ({"from": "2016-03-02", "to": "2016-03-01"}, 422, "to"),
    ({"period": "2016Q1", "kind": "INTERIM"}, 422, "kind"),
    ({"period": "2016Q1", "extra": 1}, 422, "extra"),
])
async def test_a_period_that_cannot_be_closed_gets_a_clear_error_and_nothing_is_stored(
        api, auth_header, store, q1, body, status, field):
    response = await close(api, auth_header, **body)

    assert response.status_code == status, response.text
    assert field in [f["field"] for f in response.json()["error"]["fields"]]
    assert await store.pool.fetchval("SELECT count(*) FROM publications") == 0


async def test_closing_the_same_period_twice_is_a_conflict_and_stores_nothing_more(api, auth_header, store, q1):
    first = await close(api, auth_header)
    same_dates = await close(api, auth_header, **{"from": "2016-01-01", "to": "2016-03-31"})

    assert first.status_code == 201
    assert same_dates.status_code == 409
    assert same_dates.json()["error"]["publication_id"] == first.json()["publication_id"]
    assert await store.pool.fetchval("SELECT count(*) FROM publications") == 1


async def test_the_final_report_covers_the_window(api, auth_header, q1):
    response = await close(api, auth_header, period="window", kind="FINAL")

    assert response.status_code == 201, response.text
    assert response.json()["period"] == {"name": "window", "start": "2015-09-01", "end": "2018-11-30"}
    assert {f["basis"] for f in response.json()["figures"]} == {"PERIOD"}


@pytest.mark.parametrize(("role", "org", "projects", "status"), [
    ("analyst", AKAA, [PROJECT], 403),  # reads, does not close
    ("manager", VALKEAKOSKI, [], 403),
    ("project_manager", AKAA, ["OTHER"], 404),  # another project's manager
])
async def test_only_the_projects_manager_closes_a_period(api, auth_header, store, q1, role, org, projects, status):
    response = await api.post(f"/periods/{PROJECT}/close", json={"period": "2016Q1"},
                              headers=auth_header(role, org=org, projects=projects))

    assert response.status_code == status, response.text
    assert await store.pool.fetchval("SELECT count(*) FROM publications") == 0


async def test_another_projects_reader_finds_no_publication(api, auth_header, q1):
    publication = (await close(api, auth_header)).json()["publication_id"]
    for path in ("", "/reproduction", "/report.pdf"):
        response = await api.get(f"/publications/{publication}{path}",
                                 headers=auth_header("project_manager", org=AKAA, projects=["OTHER"]))
        assert response.status_code == 404, path
    missing = await api.get(f"/publications/{uuid4()}/report.xlsx", headers=auth_header("project_manager", **PM))
    assert missing.status_code == 404 and missing.json()["error"]["code"] == "not_found"


@pytest.mark.parametrize("statement", [
    "UPDATE publications SET closed_by = 'someone else'",
    "DELETE FROM published_values",
    "UPDATE published_figures SET published = '{}'",
    "TRUNCATE publications CASCADE",
])
async def test_not_even_reporting_itself_can_change_a_publication(api, auth_header, store, q1, statement):
    await close(api, auth_header)

    with pytest.raises(asyncpg.InsufficientPrivilegeError):
        await store.pool.execute(statement)
    assert await store.pool.fetchval("SELECT count(*) FROM published_values") > 0
