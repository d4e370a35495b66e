"""Drill-down over the real engine and PostgreSQL: exactly the clients (and events) of a
known scenario's sets, one access-log entry each, refusals that store nothing."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from uuid import UUID, uuid4

import pytest

from kohtaamo.contracts import examples

from ..conftest import AKAA, PROJECT, VALKEAKOSKI

pytestmark = pytest.mark.postgres
PATH = "/indicators/{code}/drilldown"


@dataclass
class Known:
    served: dict[UUID, list[UUID]]  # client -> [registration event, delivery event]
    unserved: dict[UUID, list[UUID]]
    akaa: list[UUID]
    overdue: dict[UUID, list[UUID]]  # plan review overdue at 2017-03-31: registration, plan


@pytest.fixture
async def known(scenario) -> Known:
    """In Valkeakoski, 2016Q1: seven clients, five with a qualifying delivery, two with only
    a plan; in Akaa three clients, no deliveries."""
    k = Known({}, {}, [], {})
    for i in range(7):
        registered = date(2016, 1, 5) + timedelta(days=i)
        client = uuid4()
        registration = scenario.add(examples.client_registered(client_id=client, registered_on=registered))
        plan_id = uuid4()
        plan = scenario.add(examples.plan_agreed(client_id=client, plan_id=plan_id, agreed_on=registered,
                                                 review_due_on=registered + timedelta(days=300)))
        if i < 5:
            service = scenario.add(examples.service_provided(
                client_id=client, service_episode_id=uuid4(), service_type="PEER_SUPPORT_1TO1",
                provided_on=date(2016, 2, 10)))
            k.served[client] = [registration.event_id, service.event_id]
        else:
            k.unserved[client] = [registration.event_id]
            k.overdue[client] = [registration.event_id, plan.event_id]
        if i < 5:  # reviewed in time: not overdue a year on
            scenario.add(examples.plan_reviewed(client_id=client, plan_id=plan_id, reviewed_on=date(2016, 12, 1),
                                                next_review_due_on=date(2017, 12, 1)))
    k.akaa = [scenario.client(date(2016, 2, 1), org=AKAA) for _ in range(3)]
    await scenario.apply()
    return k


def ask(**params):
    return {"project": PROJECT, "period": "2016Q1", "purpose": "SERVICE_FOLLOW_UP", **params}


def listed(response) -> dict[UUID, list[UUID]]:
    return {UUID(c["client_id"]): [UUID(e) for e in c["event_ids"]] for c in response.json()["clients"]}


async def log_entries(store) -> list:
    return await store.pool.fetch("SELECT * FROM drilldown_log ORDER BY at")


async def test_the_numerator_and_denominator_are_exactly_the_known_clients_with_their_events(
        api, auth_header, store, known):
    headers = auth_header("manager", org=VALKEAKOSKI, sub="manager-7")
    url = PATH.format(code="capability-service-share")

    numerator = await api.get(url, params=ask(set="numerator"), headers=headers)
    denominator = await api.get(url, params=ask(set="denominator", purpose="RECORD_CHECK"), headers=headers)

    assert numerator.status_code == 200, numerator.text
    assert listed(numerator) == known.served
    assert numerator.json()["count"] == 5 and numerator.json()["organisations"] == [VALKEAKOSKI]
    assert set(listed(denominator)) == set(known.served) | set(known.unserved)
    assert all(events == [(known.served | known.unserved)[c][0]] for c, events in listed(denominator).items())
    entries = await log_entries(store)
    assert [(e["reader"], e["code"], e["member_set"], e["purpose"], e["clients"]) for e in entries] == [
        ("manager-7", "capability-service-share", "numerator", "SERVICE_FOLLOW_UP", 5),
        ("manager-7", "capability-service-share", "denominator", "RECORD_CHECK", 7)]
    assert entries[0]["organisations"] == [VALKEAKOSKI] and entries[0]["period_name"] == "2016Q1"


async def test_who_is_missing_from_the_share_is_the_excluded_set(api, auth_header, known):
    response = await api.get(PATH.format(code="capability-service-share"), params=ask(set="excluded"),
                             headers=auth_header("manager", org=VALKEAKOSKI))

    assert listed(response) == known.unserved  # a small group, but the manager's own clients


async def test_whose_plan_review_is_overdue(api, auth_header, known):
    response = await api.get(PATH.format(code="plan-review-on-time"),
                             params=ask(set="excluded", period="2017Q1", purpose="PLAN_REVIEW_FOLLOW_UP"),
                             headers=auth_header("manager", org=VALKEAKOSKI))

    assert response.status_code == 200, response.text
    assert listed(response) == known.overdue


async def test_a_project_manager_may_not_open_a_small_group_but_sees_the_large_ones(
        api, auth_header, store, known):
    headers = auth_header("project_manager", org=AKAA, projects=[PROJECT])
    url = PATH.format(code="capability-service-share")

    small = await api.get(url, params=ask(set="excluded", organisation=VALKEAKOSKI), headers=headers)
    large = await api.get(url, params=ask(set="denominator"), headers=headers)

    assert small.status_code == 403 and small.json()["error"]["code"] == "small_group"
    assert "small group" in small.json()["error"]["message"]
    assert large.status_code == 200 and len(listed(large)) == 10  # both organisations
    assert [e["member_set"] for e in await log_entries(store)] == ["denominator"]


@pytest.mark.parametrize(("params", "field"), [
    ({"purpose": None}, "purpose"),
    ({"purpose": "CURIOSITY"}, "purpose"),
    ({"set": None}, "set"),
    ({"set": "everyone"}, "set"),
    ({"period": "2016Q7"}, "period"),
])
async def test_a_drill_down_without_a_valid_purpose_or_set_is_refused_and_not_logged(
        api, auth_header, store, known, params, field):
    query = {k: v for k, v in (ask(set="numerator") | params).items() if v is not None}
    response = await api.get(PATH.format(code="capability-service-share"), params=query,
                             headers=auth_header("manager", org=VALKEAKOSKI))

    assert response.status_code == 422, response.text
    assert [f["field"] for f in response.json()["error"]["fields"]] == [field]
    assert await log_entries(store) == []


@pytest.mark.parametrize(("code", "params", "status", "field"), [
    ("meeting-place-visits", ask(set="numerator"), 422, "code"),  # counts visits, not clients
    ("participants-by-gender-age", ask(set="numerator"), 422, "set"),  # a table has a denominator only
    ("no-such", ask(set="numerator"), 404, None),
    ("capability-service-share", ask(set="numerator", project="OTHER"), 404, None),
])
async def test_what_has_no_such_set_or_is_not_visible_is_refused(api, auth_header, store, known,
                                                               code, params, status, field):
    response = await api.get(PATH.format(code=code), params=params,
                             headers=auth_header("manager", org=VALKEAKOSKI))

    assert response.status_code == status, response.text
    if field:
        assert [f["field"] for f in response.json()["error"]["fields"]] == [field]
    assert await log_entries(store) == []


@pytest.mark.parametrize(("role", "org", "status"), [("analyst", VALKEAKOSKI, 403),
                                                     ("manager", "091", 404), ("manager", AKAA, 200)])
async def test_who_may_drill_down(api, auth_header, known, role, org, status):
    response = await api.get(PATH.format(code="clients-registered"), params=ask(set="numerator"),
                             headers=auth_header(role, org=org, projects=[PROJECT]))

    assert response.status_code == status, response.text
    if status == 200:  # Akaa's manager: Akaa's three clients, and never another organisation's
        assert set(listed(response)) == set(known.akaa)


async def test_a_drill_down_answers_no_names_only_ids(api, auth_header, known):
    response = await api.get(PATH.format(code="capability-service-share"), params=ask(set="denominator"),
                             headers=auth_header("manager", org=VALKEAKOSKI))

    client = response.json()["clients"][0]
    assert set(client) == {"client_id", "event_ids"}
    assert "Virtanen" not in response.text and "first_name" not in response.text
