"""Every route refuses a missing token (401) and every role it does not let in (403)."""

from uuid import uuid4

import pytest

CASEWORKER, TEAM_LEAD, MANAGER, DPO = "caseworker", "team_lead", "manager", "data_protection_officer"
ROLES = {CASEWORKER, TEAM_LEAD, MANAGER, DPO, "intake_worker"}


C, W = "/clients/{client_id}", "/work-activities/{work_activity_id}"
ROUTES = {
    "me": ("GET", "/workers/me"),
    "assign": ("POST", f"{C}/responsible-worker"),
    "worker caseload": ("GET", "/caseloads/workers/{worker_id}"),
    "team caseload": ("GET", "/caseloads/team"),
    "without worker": ("GET", "/caseloads/without-worker"),
    "overdue reviews": ("GET", "/caseloads/overdue-reviews?as_of=2017-01-01"),
    "summary": ("GET", C),
    "appointment": ("POST", f"{C}/appointments"),
    "appointments": ("GET", f"{C}/appointments?purpose=CLIENT_WORK"),
    "referral": ("POST", f"{C}/referrals"),
    "referral outcome": ("POST", f"{C}/referrals/{{referral_id}}/outcomes"),
    "service": ("POST", f"{C}/services"),
    "transition": ("POST", f"{C}/transitions"),
    "relationship end": ("POST", f"{C}/relationship-end"),
    "plan": ("POST", f"{C}/plans"),
    "plans": ("GET", f"{C}/plans?purpose=CLIENT_PLAN"),
    "plan review": ("POST", f"{C}/plans/{{plan_id}}/reviews"),
    "kuty contract": ("POST", f"{C}/work-activity-contracts"),
    "kuty start": ("POST", f"{C}/work-activities"),
    "attendance": ("POST", f"{C}{W}/attendance"),
    "absence": ("POST", f"{C}{W}/absences"),
    "mid-review": ("POST", f"{C}{W}/mid-review"),
    "kuty end": ("POST", f"{C}{W}/end"),
    "kuty period": ("GET", f"{C}{W}?purpose=WORK_ACTIVITY"),
    "access log": ("GET", f"{C}/access-log"),
}


def concrete(template: str) -> str:
    ids = {name: uuid4() for name in ("client_id", "work_activity_id", "worker_id", "referral_id", "plan_id")}
    return template.format(**ids)


RECORDS = {CASEWORKER}
LISTS = {CASEWORKER, TEAM_LEAD, MANAGER}
ALLOWED = {
    "me": {CASEWORKER, TEAM_LEAD}, "assign": {CASEWORKER, TEAM_LEAD}, "worker caseload": LISTS,
    "team caseload": {TEAM_LEAD}, "without worker": {TEAM_LEAD, MANAGER}, "overdue reviews": LISTS,
    "summary": LISTS, "appointment": RECORDS, "appointments": RECORDS, "referral": RECORDS,
    "referral outcome": RECORDS, "service": RECORDS, "transition": RECORDS, "relationship end": RECORDS,
    "plan": RECORDS, "plans": RECORDS, "plan review": RECORDS, "kuty contract": RECORDS,
    "kuty start": RECORDS, "attendance": RECORDS, "absence": RECORDS, "mid-review": RECORDS,
    "kuty end": RECORDS, "kuty period": RECORDS, "access log": {DPO},
}


def test_the_table_covers_every_route_of_the_api(api):
    documented = {(m.upper(), p) for p, ops in api.app.openapi()["paths"].items() for m in ops}
    tested = {(m, p.split("?")[0]) for m, p in ROUTES.values()}

    assert documented - {("GET", "/health"), ("GET", "/metrics")} == tested  # operations: no token
    assert set(ROUTES) == set(ALLOWED)


@pytest.mark.parametrize("route", sorted(ALLOWED))
async def test_every_route_refuses_a_missing_token_and_every_role_not_allowed(api, token, route):
    method, template = ROUTES[route]
    path = concrete(template)
    refused_roles = sorted(ROLES - ALLOWED[route])

    anonymous = await api.request(method, path, json={})
    refused = [await api.request(method, path, json={}, headers=token(role)) for role in refused_roles]

    assert anonymous.status_code == 401
    assert anonymous.json()["error"]["code"] == "unauthenticated"
    assert [r.status_code for r in refused] == [403] * len(refused_roles)
    assert all(r.json()["error"]["code"] == "forbidden" for r in refused)
