"""schemathesis against meetingplace's OpenAPI document, with every check, in process."""

from kohtaamo.meetingplace.adapters.http.schemas import MAX_ROWS
from kohtaamo.meetingplace.bootstrap import create_app
from kohtaamo.meetingplace.settings import MeetingplaceSettings
from kohtaamo.servicekit.fuzzing.openapi import fuzz_openapi

WORKER, MANAGER = "meetingplace_worker", "manager"
ROLES = {
    "POST /meeting-places": WORKER,
    "GET /meeting-places": MANAGER,
    "GET /meeting-places/{place_id}": MANAGER,
    "PATCH /meeting-places/{place_id}": WORKER,
    "POST /meeting-places/{place_id}/closure": WORKER,
    "POST /meeting-places/{place_id}/tallies": WORKER,
    "PUT /meeting-places/{place_id}/tallies/{visit_date}/{time_slot}": WORKER,
    "POST /meeting-places/{place_id}/identified-visits": WORKER,
    "GET /meeting-places/{place_id}/visits": MANAGER,
    "POST /activities": WORKER,
    "GET /activities": MANAGER,
    "GET /activities/{activity_id}": MANAGER,
    "POST /activities/{activity_id}/held": WORKER,
    "POST /activities/{activity_id}/cancellation": WORKER,
    "POST /activities/{activity_id}/participations": WORKER,
    "GET /activities/{activity_id}/participations": WORKER,
    "POST /peer-support": WORKER,
}


def each(prefix: str, rules: dict[str, str], limit: int = MAX_ROWS) -> dict[str, str]:
    """The same rules for every item of a list (``rows.0.visit_date``, ``rows.1...``)."""
    named = {f"{prefix}.{i}": "each once" for i in range(limit)}
    return named | {f"{prefix}.{i}.{field}": rule for i in range(limit) for field, rule in rules.items()}


PARTICIPANTS = each("participants", {
    "client_id": "each client once", "attended": "not in a cancelled activity, not beyond attendance",
    "compensation_eur": "only for attending"})
HOURS = each("opening_hours", {"closes": "after opens", "weekday": "each weekday once"}, 7)
# Rules JSON Schema cannot state: the fields each operation may refuse in input that fits.
CROSS_FIELD_RULES = {
    "POST /meeting-places": {"opened_on": "not in the future in Finland", **HOURS},
    "PATCH /meeting-places/{place_id}": {"changed_on": "not before the place opened", **HOURS},
    "POST /meeting-places/{place_id}/closure": {"closed_on": "not before the last day recorded"},
    "POST /meeting-places/{place_id}/tallies": each("rows", {
        "visit_date": "while the place is open", "time_slot": "a whole day or its parts, not both"}),
    "GET /meeting-places/{place_id}/visits": {"from": "not after to", "to": "at most 366 days"},
    "POST /meeting-places/{place_id}/identified-visits": {
        "visit_date": "while the place is open", "activity_id": "not one with sensitive membership"},
    "POST /activities": {"municipality_code": "the place's, or given without one",
                         "planned_on": "while the place is open"},
    "POST /activities/{activity_id}/held": {
        "started_at": "while the place is open, not on a future day",
        "attendee_count": "at least the identified participants who attended",
        "participants": "none where membership is sensitive", **PARTICIPANTS},
    "POST /activities/{activity_id}/participations": {
        "participants": "none where membership is sensitive", **PARTICIPANTS},
    "POST /peer-support": {"recipient_count": "exactly 1 when a client is named",
                           "municipality_code": "the place's", "provided_on": "while the place is open"},
}


def test_meetingplace_answers_as_its_openapi_document_says():
    app = create_app(MeetingplaceSettings(database_url="memory://"), kafka=False)

    failures = fuzz_openapi(app, auth=MeetingplaceSettings().auth, roles=ROLES,
                            refuses_valid_looking_input=CROSS_FIELD_RULES)

    assert not failures, f"{len(failures)} failures:\n\n" + "\n\n".join(failures)
