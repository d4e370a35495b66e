"""Every route: 401 without a token, 403 for a role not allowed; staff record, a manager
sees counts only and never a client id."""

from uuid import uuid4

import pytest

WORKER, MANAGER, OTHER = "meetingplace_worker", "manager", "intake_worker"
PLACE = {"name": "Kyläkulma", "municipality_code": "301", "premises": "RENTED_FLAT",
         "opened_on": "2013-01-07"}


def routes(place: str, activity: str) -> dict[str, tuple[str, str, dict | None]]:
    client = str(uuid4())
    return {
        "open place": ("POST", "/meeting-places", PLACE),
        "list places": ("GET", "/meeting-places", None),
        "read place": ("GET", f"/meeting-places/{place}", None),
        "change place": ("PATCH", f"/meeting-places/{place}", {"changed_on": "2014-01-01"}),
        "close place": ("POST", f"/meeting-places/{place}/closure", {"closed_on": "2015-12-31"}),
        "tallies": ("POST", f"/meeting-places/{place}/tallies",
                    {"rows": [{"visit_date": "2013-03-04", "time_slot": "MORNING", "headcount": 3}]}),
        "correct": ("PUT", f"/meeting-places/{place}/tallies/2013-03-04/MORNING", {"headcount": 2}),
        "identified visit": ("POST", f"/meeting-places/{place}/identified-visits",
                             {"client_id": client, "visit_date": "2013-03-04", "time_slot": "MORNING"}),
        "visit counts": ("GET", f"/meeting-places/{place}/visits?from=2013-03-01&to=2013-03-31", None),
        "plan activity": ("POST", "/activities", {
            "activity_type": "INFO_SESSION", "theme": "INCOME_AND_FINANCES", "organisers": ["PROJECT"],
            "planned_on": "2013-04-10", "sensitive_membership": False, "meeting_place_id": place}),
        "list activities": ("GET", "/activities", None),
        "read activity": ("GET", f"/activities/{activity}", None),
        "hold activity": ("POST", f"/activities/{activity}/held",
                          {"started_at": "2013-04-10T14:00:00+03:00", "duration_min": 60, "attendee_count": 0}),
        "cancel activity": ("POST", f"/activities/{activity}/cancellation",
                            {"cancelled_on": "2013-04-03", "reason": "STAFF"}),
        "participations": ("POST", f"/activities/{activity}/participations",
                           {"participants": [{"client_id": client, "attended": False}]}),
        "list participants": ("GET", f"/activities/{activity}/participations", None),
        "peer support": ("POST", "/peer-support", {"form": "ONLINE", "provided_on": "2016-05-02",
                                                   "recipient_count": 2}),
    }


ALLOWED = {name: {WORKER} for name in routes("p", "a")} | {
    name: {WORKER, MANAGER}
    for name in ("list places", "read place", "visit counts", "list activities", "read activity")
}


@pytest.fixture
async def place_and_activity(api, auth_header):
    worker = auth_header(WORKER, org="301")
    place = (await api.post("/meeting-places", json=PLACE, headers=worker)).json()["id"]
    activity = (await api.post("/activities", headers=worker, json=routes(place, "")["plan activity"][2])).json()["id"]
    return place, activity


@pytest.mark.parametrize("route", sorted(ALLOWED))
async def test_every_route_refuses_a_missing_token_and_every_role_not_allowed(
    api, auth_header, place_and_activity, route
):
    method, path, body = routes(*place_and_activity)[route]
    refused_roles = sorted({WORKER, MANAGER, OTHER} - ALLOWED[route])

    anonymous = await api.request(method, path, json=body)
    forged = await api.request(method, path, json=body, headers={"Authorization": "Bearer not-a-jwt"})
    refused = [await api.request(method, path, json=body, headers=auth_header(role, org="301"))
               for role in refused_roles]

    assert (anonymous.status_code, forged.status_code) == (401, 401)
    assert anonymous.json()["error"]["code"] == "unauthenticated"
    assert [r.status_code for r in refused] == [403] * len(refused_roles)
    assert all(r.json()["error"]["code"] == "forbidden" for r in refused)


@pytest.mark.parametrize("route", sorted(ALLOWED))
async def test_every_route_lets_an_allowed_role_through(api, auth_header, place_and_activity, route):
    method, path, body = routes(*place_and_activity)[route]

    answers = [await api.request(method, path, json=body, headers=auth_header(role, org="301"))
               for role in sorted(ALLOWED[route])]

    assert all(r.status_code not in (401, 403) for r in answers), [r.text for r in answers]


COLLECTIONS = {"open place", "list places", "list activities", "peer support"}


@pytest.mark.parametrize("route", sorted(set(ALLOWED) - COLLECTIONS))
async def test_another_organisations_place_or_activity_answers_404(api, auth_header, place_and_activity, route):
    method, path, body = routes(*place_and_activity)[route]

    answer = await api.request(method, path, json=body, headers=auth_header(WORKER, org="743"))

    assert answer.status_code == 404, answer.text
    assert answer.json()["error"]["code"] in ("meeting_place_not_found", "activity_not_found")


async def test_another_organisation_lists_none_of_these(api, auth_header, place_and_activity):
    theirs = auth_header(WORKER, org="743")

    places = await api.get("/meeting-places", headers=theirs)
    activities = await api.get("/activities", headers=theirs)

    assert (places.json()["places"], activities.json()["activities"]) == ([], [])
