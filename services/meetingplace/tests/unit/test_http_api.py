"""The HTTP API: bad input is a 4xx in the one error shape with a message per field, and
nothing of the request is stored; what staff and managers read back."""

from datetime import date, timedelta
from uuid import uuid4

import pytest

from kohtaamo.contracts import examples
from kohtaamo.servicekit.messages import Source
from kohtaamo.servicekit.testing import last_notification

WORKER, MANAGER = "meetingplace_worker", "manager"
PLACE = {"name": "Kyläkulma", "municipality_code": "301", "premises": "RENTED_FLAT",
         "facilities": ["COMPUTER"], "opened_on": "2013-01-07",
         "opening_hours": [{"weekday": "MONDAY", "opens": "10:00", "closes": "16:00"}]}
TOMORROW = (date.today() + timedelta(days=2)).isoformat()


@pytest.fixture
def worker(auth_header):
    return auth_header(WORKER, org="301")


@pytest.fixture
async def place(api, worker) -> str:
    response = await api.post("/meeting-places", json=PLACE, headers=worker)
    assert response.status_code == 201, response.text
    return response.json()["id"]


@pytest.fixture
def stored(api):
    return lambda: last_notification(api.app.state.meetingplace.store)


def consent(api, client_id, org="301"):
    facts = api.app.state.meetingplace.client_facts
    for payload in (examples.client_registered(client_id=client_id),
                    examples.consent_recorded(client_id=client_id, consent_id=uuid4(), given_on=date(2013, 1, 1),
                                              valid_until=None)):
        facts.apply(examples.envelope(payload, organisation_id=org, event_id=uuid4()), Source("t", 0, 0))


def row(day="2013-03-04", slot="MORNING", headcount=3):
    return {"visit_date": day, "time_slot": slot, "headcount": headcount}


BAD_TALLIES = [
    ("negative headcount", [row(headcount=-1)], 422, "rows.0.headcount"),
    ("absurd headcount", [row(headcount=10_001)], 422, "rows.0.headcount"),
    ("unknown slot", [row(slot="NIGHT")], 422, "rows.0.time_slot"),
    ("not a date", [row(day="2013-02-30")], 422, "rows.0.visit_date"),
    ("future", [row(day=TOMORROW)], 422, "rows.0.visit_date"),
    ("before opening", [row(day="2012-12-31")], 422, "rows.0.visit_date"),
    ("duplicate row", [row(), row(slot="EVENING"), row(headcount=5)], 422, "rows.2"),
    ("no rows", [], 422, "rows"),
]


@pytest.mark.parametrize(("rows", "status", "field"), [b[1:] for b in BAD_TALLIES],
                         ids=[b[0] for b in BAD_TALLIES])
async def test_bad_tallies_are_refused_with_a_message_for_the_field_and_nothing_stored(
    api, worker, place, stored, rows, status, field
):
    before = stored()

    response = await api.post(f"/meeting-places/{place}/tallies", json={"rows": rows}, headers=worker)

    error = response.json()["error"]
    assert response.status_code == status
    assert field in [f["field"] for f in error["fields"]], error
    assert all(f["message"] for f in error["fields"])
    assert stored() == before


async def test_tallies_at_an_unknown_place_answer_404_and_after_closing_422(api, worker, place):
    unknown = await api.post(f"/meeting-places/{uuid4()}/tallies", json={"rows": [row()]}, headers=worker)
    await api.post(f"/meeting-places/{place}/closure", json={"closed_on": "2015-12-31"}, headers=worker)
    closed = await api.post(f"/meeting-places/{place}/tallies", json={"rows": [row(day="2016-01-04")]},
                            headers=worker)

    assert (unknown.status_code, unknown.json()["error"]["fields"][0]["field"]) == (404, "place_id")
    assert closed.status_code == 422
    assert "after the meeting place closed on 2015-12-31" in closed.json()["error"]["fields"][0]["message"]


async def test_a_slot_counted_twice_is_a_409_and_the_correction_replaces_it(api, worker, auth_header, place):
    first = await api.post(f"/meeting-places/{place}/tallies", json={"rows": [row(headcount=7)]}, headers=worker)
    again = await api.post(f"/meeting-places/{place}/tallies", json={"rows": [row(headcount=7)]}, headers=worker)
    corrected = await api.put(f"/meeting-places/{place}/tallies/2013-03-04/MORNING", json={"headcount": 0},
                              headers=worker)
    counts = await api.get(f"/meeting-places/{place}/visits?from=2013-03-04&to=2013-03-04",
                           headers=auth_header(MANAGER, org="301"))

    assert (first.status_code, again.status_code, corrected.status_code) == (201, 409, 200)
    assert again.json()["error"]["code"] == "already_counted"
    assert corrected.json() | {"visit_id": None} == {"visit_id": None, "headcount": 0, "previous": 7,
                                                     "changed": True}
    assert corrected.json()["visit_id"] == first.json()["visit_ids"][0]
    assert counts.json()["days"][0]["total"] == 0


async def test_an_identified_visit_is_refused_without_consent_and_accepted_with_it(api, worker, place):
    client_id = str(uuid4())
    body = {"client_id": client_id, "visit_date": "2016-03-04", "time_slot": "AFTERNOON"}

    unknown = await api.post(f"/meeting-places/{place}/identified-visits", json=body, headers=worker)
    api.app.state.meetingplace.client_facts.apply(
        examples.envelope(examples.client_registered(client_id=client_id), organisation_id="301"),
        Source("t", 0, 0))
    without = await api.post(f"/meeting-places/{place}/identified-visits", json=body, headers=worker)
    consent(api, client_id)
    accepted = await api.post(f"/meeting-places/{place}/identified-visits", json=body, headers=worker)

    assert (unknown.status_code, unknown.json()["error"]["code"]) == (404, "client_not_found")
    assert (without.status_code, without.json()["error"]["code"]) == (409, "consent_missing")
    assert without.json()["error"]["fields"][0]["field"] == "client_id"
    assert accepted.status_code == 201


async def test_a_manager_sees_counts_but_never_a_client_id(api, worker, auth_header, place):
    client_id = uuid4()
    consent(api, client_id)
    await api.post(f"/meeting-places/{place}/identified-visits", headers=worker, json={
        "client_id": str(client_id), "visit_date": "2016-03-04", "time_slot": "MORNING"})
    activity = (await api.post("/activities", headers=worker, json={
        "activity_type": "PEER_GROUP", "theme": "PEER_SUPPORT", "organisers": ["NGO"],
        "planned_on": "2016-03-04", "sensitive_membership": False, "meeting_place_id": place})).json()["id"]
    await api.post(f"/activities/{activity}/held", headers=worker, json={
        "started_at": "2016-03-04T17:00:00+02:00", "duration_min": 90, "attendee_count": 4,
        "participants": [{"client_id": str(client_id), "attended": True, "compensation_eur": "9.00"}]})
    manager = auth_header(MANAGER, org="301")

    reads = [await api.get(path, headers=manager) for path in (
        f"/meeting-places/{place}/visits?from=2016-03-01&to=2016-03-31", "/activities",
        f"/activities/{activity}")]
    staff = await api.get(f"/activities/{activity}/participations", headers=worker)

    assert [r.status_code for r in reads] == [200, 200, 200]
    assert all(str(client_id) not in r.text for r in reads)
    assert reads[0].json()["days"][0]["slots"][0]["identified"] == 1
    assert reads[2].json()["identified_attendees"] == 1 and reads[2].json()["anonymous_attendees"] == 3
    assert staff.json()["participants"] == [{"client_id": str(client_id), "attended": True,
                                             "compensation_eur": "9.00", "participated_on": "2016-03-04"}]


@pytest.mark.parametrize(("name", "fragment"), [
    ("Kylä\x00kulma", "control"), ("Kylä\u202ekulma", "control"), ("", "at least 1"), (" " * 3, "blank"),
    ("x" * 101, "at most 100"),
])
async def test_a_name_with_hidden_characters_or_of_no_length_is_refused(api, worker, stored, name, fragment):
    before = stored()

    response = await api.post("/meeting-places", json=PLACE | {"name": name}, headers=worker)

    [field] = response.json()["error"]["fields"]
    assert (response.status_code, field["field"]) == (422, "name")
    assert fragment in field["message"]
    assert stored() == before


async def test_a_name_is_stored_in_one_normal_form(api, worker):
    decomposed = "Kyla\u0308kulma"  # "ä" as a + combining diaeresis

    created = await api.post("/meeting-places", json=PLACE | {"name": decomposed}, headers=worker)
    read = await api.get(f"/meeting-places/{created.json()['id']}", headers=worker)

    assert read.json()["name"] == "Kyläkulma"


@pytest.mark.parametrize(("body", "field"), [
    ({"municipality_code": "999"}, "municipality_code"),
    ({"premises": "CASTLE"}, "premises"),
    ({"facilities": ["COMPUTER", "COMPUTER"]}, "facilities"),
    ({"opening_hours": [{"weekday": "MONDAY", "opens": "16:00", "closes": "10:00"}]}, "opening_hours.0.closes"),
    ({"opened_on": TOMORROW}, "opened_on"),
    ({"surprise": 1}, "surprise"),
])
async def test_a_place_with_a_bad_field_is_refused_for_that_field(api, worker, stored, body, field):
    before = stored()

    response = await api.post("/meeting-places", json=PLACE | body, headers=worker)

    assert response.status_code == 422
    assert field in [f["field"] for f in response.json()["error"]["fields"]]
    assert stored() == before


ACTIVITY = {"activity_type": "GROUP_COACHING", "theme": "WORK_AND_ACTIVATION", "organisers": ["PROJECT"],
            "planned_on": "2016-04-12", "sensitive_membership": False}


async def test_an_activity_at_an_unknown_place_is_a_404_for_that_field(api, worker, stored):
    before = stored()

    response = await api.post("/activities", json=ACTIVITY | {"meeting_place_id": str(uuid4())}, headers=worker)

    assert response.status_code == 404
    assert response.json()["error"]["fields"][0]["field"] == "meeting_place_id"
    assert stored() == before


async def test_the_activity_rules_answer_over_http(api, worker, place):
    client_id = uuid4()
    consent(api, client_id)
    sensitive = (await api.post("/activities", json=ACTIVITY | {"meeting_place_id": place,
                                                                "sensitive_membership": True},
                                headers=worker)).json()["id"]
    cancelled = (await api.post("/activities", json=ACTIVITY | {"meeting_place_id": place},
                                headers=worker)).json()["id"]
    await api.post(f"/activities/{cancelled}/cancellation", headers=worker,
                   json={"cancelled_on": "2016-04-05", "reason": "TOO_FEW_SIGNUPS", "signup_count": 1})
    participant = {"client_id": str(client_id), "attended": True}

    linked = await api.post(f"/activities/{sensitive}/held", headers=worker, json={
        "started_at": "2016-04-12T10:00:00+03:00", "duration_min": 60, "attendee_count": 5,
        "participants": [participant]})
    attended_cancelled = await api.post(f"/activities/{cancelled}/participations", headers=worker,
                                        json={"participants": [participant]})
    too_many = await api.post(f"/activities/{sensitive}/held", headers=worker, json={
        "started_at": "2016-04-12T10:00:00+03:00", "duration_min": 60, "attendee_count": 20_000})

    assert (linked.status_code, linked.json()["error"]["fields"][0]["field"]) == (422, "participants")
    assert attended_cancelled.status_code == 422
    assert attended_cancelled.json()["error"]["fields"][0]["field"] == "participants.0.attended"
    assert (too_many.status_code, too_many.json()["error"]["fields"][0]["field"]) == (422, "attendee_count")


async def test_metrics_are_scraped_without_a_token_and_count_meetingplace_requests(api, worker, place):
    # given a request the service answered
    assert (await api.get("/meeting-places", headers=worker)).status_code == 200
    # when Prometheus scrapes
    answer = await api.get("/metrics")
    # then the text format counts it under its route template
    assert answer.status_code == 200 and answer.headers["content-type"].startswith("text/plain")
    assert 'kohtaamo_http_requests_total{method="GET",route="/meeting-places",status="200"} 1.0' in answer.text
