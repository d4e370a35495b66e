"""Whatever one organisation recorded in meetingplace, a member of another organisation
holding the same role can neither read nor change it (404), and nothing is stored."""

from datetime import date
from uuid import uuid4

from kohtaamo.contracts import examples
from kohtaamo.servicekit.consumer import Source
from kohtaamo.servicekit.testing import last_notification
from kohtaamo.servicekit.testing.organisations import Call, Scenario, trespass, unreplayed

from .test_http_roles import PLACE, WORKER, routes

OWNER, OTHER = "301", "743"
# Each route of test_http_roles, as its OpenAPI operation; the endings come last.
OPERATIONS = {
    "open place": "POST /meeting-places", "list places": "GET /meeting-places",
    "read place": "GET /meeting-places/{place_id}", "change place": "PATCH /meeting-places/{place_id}",
    "tallies": "POST /meeting-places/{place_id}/tallies",
    "correct": "PUT /meeting-places/{place_id}/tallies/{visit_date}/{time_slot}",
    "visit counts": "GET /meeting-places/{place_id}/visits", "plan activity": "POST /activities",
    "list activities": "GET /activities", "read activity": "GET /activities/{activity_id}",
    "hold activity": "POST /activities/{activity_id}/held",
    "participations": "POST /activities/{activity_id}/participations",
    "list participants": "GET /activities/{activity_id}/participations",
    "peer support": "POST /peer-support",
    "close place": "POST /meeting-places/{place_id}/closure",
}


async def test_another_organisation_neither_reads_nor_changes_meetingplaces_records(api, auth_header):
    # Given a place with tallies and a held activity with participants, of one organisation
    client = uuid4()
    for offset, fact in enumerate([examples.client_registered(client_id=client), examples.consent_recorded(
            client_id=client, consent_id=uuid4(), parties=["MEETING_PLACE"], purposes=["PARTICIPATION_RECORDING"],
            given_on=date(2013, 1, 1), valid_until=None)]):
        api.app.state.meetingplace.client_facts.apply(
            examples.envelope(fact, organisation_id=OWNER, event_id=uuid4()), Source("intake.clients", 0, offset))
    a = Scenario(api, lambda role, org: auth_header(role, org=org), OWNER)
    a.own(client)
    place = (await a.do(Call("POST /meeting-places", "/meeting-places", WORKER, PLACE)))["id"]
    activity = (await a.do(Call("POST /activities", "/activities", WORKER,
                                routes(place, "")["plan activity"][2])))["id"]
    for name, operation in OPERATIONS.items():
        method, path, body = routes(place, activity)[name]
        if name == "participations":
            body = {"participants": [{"client_id": str(client), "attended": False}]}
        if name not in ("open place", "plan activity"):
            await a.do(Call(operation, path, WORKER, body))
    await a.do(Call("POST /meeting-places/{place_id}/identified-visits", f"/meeting-places/{place}/identified-visits",
                    WORKER, {"client_id": str(client), "visit_date": "2013-03-05", "time_slot": "MORNING"}))
    # An activity to cancel (a held one cannot be), and a place's identified visit
    other = (await a.do(Call("POST /activities", "/activities", WORKER,
                             routes(place, "")["plan activity"][2])))["id"]
    await a.do(Call("POST /activities/{activity_id}/cancellation", *routes(place, other)["cancel activity"][1:2],
                    WORKER, routes(place, other)["cancel activity"][2]))

    # When a member of another organisation makes every one of those calls
    problems = await trespass(a, OTHER, stored=lambda: last_notification(api.app.state.meetingplace.store))

    # Then none reached the first organisation's records
    assert not problems, "\n".join(problems)
    assert not unreplayed(api.app.openapi(), a.calls)
