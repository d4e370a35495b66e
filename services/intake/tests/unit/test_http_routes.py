"""The personal-data routes over HTTP (in-memory store): roles, purposes, 404/409/410."""

from uuid import uuid4

import pytest

WORKER, CASEWORKER, DPO, MANAGER = "intake_worker", "caseworker", "data_protection_officer", "manager"
DOMAINS = dict.fromkeys(
    ["housing", "relationships", "study_and_work_history", "finances", "health",
     "substance_use", "close_and_authority_network"], "SOME_NEED",
)


@pytest.fixture
async def client_id(api, auth_header, registration_body):
    response = await api.post("/clients", json=registration_body(), headers=auth_header(WORKER))
    return response.json()["client_id"]


def routes(client_id: str) -> dict[str, tuple[str, str, dict | None]]:
    consent_body = {"parties": ["KELA"], "purposes": ["REFERRAL"], "form": "WRITTEN"}
    assessment = {"assessor_roles": ["SOCIAL_WORKER"], "domains": DOMAINS, "decision": "GUIDANCE_ONLY"}
    return {
        "register": ("POST", "/clients", None),
        "list": ("GET", "/clients", None),
        "read": ("GET", f"/clients/{client_id}?purpose=CLIENT_WORK", None),
        "search": ("POST", "/clients/search", {"personal_identity_code": "150699-9025", "purpose": "IDENTITY_CHECK"}),
        "void": ("POST", f"/clients/{client_id}/void", {"reason": "RECORDED_IN_ERROR"}),
        "erase": ("POST", f"/clients/{client_id}/erasure", {"reason": "DATA_SUBJECT_REQUEST"}),
        "access-log": ("GET", f"/clients/{client_id}/access-log", None),
        "consent": ("POST", f"/clients/{client_id}/consents", consent_body),
        "consents": ("GET", f"/clients/{client_id}/consents", None),
        "withdraw": ("POST", f"/clients/{client_id}/consents/{uuid4()}/withdrawal", {}),
        "assess": ("POST", f"/clients/{client_id}/assessments", assessment),
        "assessments": ("GET", f"/clients/{client_id}/assessments?purpose=NEEDS_ASSESSMENT", None),
        "outreach": ("POST", "/outreach-contacts", {"channel": "STREET", "municipality_code": "091", "outcome": "INFO_GIVEN"}),
        "link": ("POST", f"/outreach-contacts/{uuid4()}/link", {"client_id": client_id}),
    }


ALLOWED = {
    "register": {WORKER}, "list": {WORKER, CASEWORKER, MANAGER}, "read": {WORKER, CASEWORKER, DPO},
    "search": {WORKER, CASEWORKER, DPO}, "void": {WORKER}, "erase": {DPO}, "access-log": {DPO},
    "consent": {WORKER}, "consents": {WORKER, CASEWORKER, DPO}, "withdraw": {WORKER},
    "assess": {WORKER}, "assessments": {WORKER, CASEWORKER, DPO}, "outreach": {WORKER}, "link": {WORKER},
}


@pytest.mark.parametrize("route", sorted(ALLOWED))
async def test_every_route_refuses_a_missing_token_and_every_role_not_allowed(api, auth_header, client_id, route):
    method, path, body = routes(client_id)[route]
    refused_roles = {WORKER, CASEWORKER, DPO, MANAGER} - ALLOWED[route]

    anonymous = await api.request(method, path, json=body)
    refused = [(await api.request(method, path, json=body, headers=auth_header(role))).status_code
               for role in sorted(refused_roles)]

    assert anonymous.status_code == 401
    assert refused == [403] * len(refused_roles)


async def test_a_manager_sees_no_personal_data_in_the_list(api, auth_header, client_id):
    response = await api.get("/clients", headers=auth_header(MANAGER))

    listed = response.json()["clients"]
    assert [c["client_id"] for c in listed] == [client_id]
    assert "Virtanen" not in response.text and "person" not in listed[0]


async def test_reading_personal_data_without_a_purpose_is_refused_and_not_logged(api, auth_header, client_id):
    response = await api.get(f"/clients/{client_id}", headers=auth_header(CASEWORKER))
    log = await api.get(f"/clients/{client_id}/access-log", headers=auth_header(DPO))

    assert response.status_code == 422
    assert response.json()["error"]["fields"][0]["field"] == "purpose"
    assert log.json()["entries"] == []


async def test_the_access_log_holds_exactly_the_reads_made(api, auth_header, client_id, registration_body):
    read = await api.get(f"/clients/{client_id}?purpose=CLIENT_PLAN", headers=auth_header(CASEWORKER, sub="cw-1"))
    code = read.json()["person"]["personal_identity_code"]
    await api.post("/clients/search", json={"personal_identity_code": code, "purpose": "IDENTITY_CHECK"},
                   headers=auth_header(WORKER, sub="iw-2"))

    log = await api.get(f"/clients/{client_id}/access-log", headers=auth_header(DPO))

    assert [(e["reader"], e["purpose"]) for e in log.json()["entries"]] == [("cw-1", "CLIENT_PLAN"), ("iw-2", "IDENTITY_CHECK")]


async def test_after_erasure_personal_reads_answer_410(api, auth_header, client_id):
    code = (await api.get(f"/clients/{client_id}?purpose=CLIENT_WORK", headers=auth_header(WORKER))).json()["person"]["personal_identity_code"]

    erased = await api.post(f"/clients/{client_id}/erasure", json={"reason": "DATA_SUBJECT_REQUEST"}, headers=auth_header(DPO))
    read = await api.get(f"/clients/{client_id}?purpose=CLIENT_WORK", headers=auth_header(WORKER))
    search = await api.post("/clients/search", json={"personal_identity_code": code, "purpose": "IDENTITY_CHECK"},
                            headers=auth_header(WORKER))

    assert erased.json()["status"] == "erased"
    assert read.status_code == 410
    assert search.status_code == 404
    assert "Virtanen" not in read.text


@pytest.mark.parametrize("how", ["void", "erase"])
async def test_a_voided_or_erased_client_cannot_be_assessed_or_consented(api, auth_header, client_id, how):
    if how == "void":
        await api.post(f"/clients/{client_id}/void", json={"reason": "DUPLICATE"}, headers=auth_header(WORKER))
    else:
        await api.post(f"/clients/{client_id}/erasure", json={"reason": "DATA_SUBJECT_REQUEST"}, headers=auth_header(DPO))
    stored = api.app.state.intake.store.recorder.max_notification_id()
    _, path, body = routes(client_id)["assess"]

    assessed = await api.post(path, json=body, headers=auth_header(WORKER))
    consented = await api.post(*routes(client_id)["consent"][1:2], json=routes(client_id)["consent"][2], headers=auth_header(WORKER))

    assert (assessed.status_code, consented.status_code) == (409, 409)
    assert assessed.json()["error"]["code"] == "client_inactive"
    assert api.app.state.intake.store.recorder.max_notification_id() == stored


async def test_withdrawing_a_consent_that_does_not_exist_answers_404(api, auth_header, client_id):
    response = await api.post(f"/clients/{client_id}/consents/{uuid4()}/withdrawal", json={}, headers=auth_header(WORKER))

    assert response.status_code == 404
    assert response.json()["error"]["code"] == "consent_not_found"


async def test_a_consent_recorded_over_http_is_listed_and_withdrawn(api, auth_header, client_id):
    created = await api.post(f"/clients/{client_id}/consents", json={
        "parties": ["KELA", "TE_OFFICE"], "purposes": ["REFERRAL"], "form": "ORAL_DOCUMENTED"}, headers=auth_header(WORKER))
    consent_id = created.json()["id"]

    listed = await api.get(f"/clients/{client_id}/consents", headers=auth_header(CASEWORKER))
    withdrawn = await api.post(f"/clients/{client_id}/consents/{consent_id}/withdrawal", json={}, headers=auth_header(WORKER))
    after = await api.get(f"/clients/{client_id}/consents", headers=auth_header(CASEWORKER))

    assert [c["consent_id"] for c in listed.json()["consents"]] == [consent_id]
    assert withdrawn.status_code == 204
    assert after.json()["consents"] == []


@pytest.mark.parametrize(
    ("path", "body", "field"),
    [
        ("/clients/{id}/consents", {"parties": [], "purposes": ["REFERRAL"], "form": "WRITTEN"}, "parties"),
        ("/clients/{id}/consents", {"parties": ["KELA"], "purposes": ["REFERRAL"], "form": "WRITTEN",
                                    "given_on": "2016-05-01", "valid_until": "2016-04-01"}, "valid_until"),
        ("/clients/{id}/consents", {"parties": ["ETHNIC_GROUP"], "purposes": ["REFERRAL"], "form": "WRITTEN"}, "parties.0"),
        ("/clients/{id}/assessments", {"assessor_roles": ["NURSE"], "domains": {"housing": "NO_NEED"},
                                       "decision": "NO_NEED"}, "domains.health"),
        ("/clients/{id}/assessments", {"assessor_roles": ["NURSE"], "domains": DOMAINS, "decision": "NO_NEED",
                                       "details": {"religion": "x"}}, "details"),
        ("/outreach-contacts", {"channel": "STREET", "municipality_code": "000", "outcome": "INFO_GIVEN"}, "municipality_code"),
        ("/outreach-contacts", {"channel": "STREET", "municipality_code": "091", "outcome": "INFO_GIVEN",
                                "contacted_on": "2999-01-01"}, "contacted_on"),
    ],
)
async def test_bad_input_names_the_field_and_stores_nothing(api, auth_header, client_id, path, body, field):
    stored = api.app.state.intake.store.recorder.max_notification_id()

    response = await api.post(path.format(id=client_id), json=body, headers=auth_header(WORKER))

    assert response.status_code == 422
    assert field in [f["field"] for f in response.json()["error"]["fields"]]
    assert api.app.state.intake.store.recorder.max_notification_id() == stored


async def test_an_outreach_contact_is_linked_over_http_once_the_client_consents(api, auth_header, client_id):
    contact = (await api.post("/outreach-contacts", json={"channel": "HOME_VISIT", "municipality_code": "091",
                                                          "outcome": "WANTS_SERVICE"}, headers=auth_header(WORKER))).json()["id"]

    refused = await api.post(f"/outreach-contacts/{contact}/link", json={"client_id": client_id}, headers=auth_header(WORKER))
    await api.post(f"/clients/{client_id}/consents", json={"parties": ["OWN_ORGANISATION"],
                   "purposes": ["OUTREACH_FOLLOW_UP"], "form": "WRITTEN"}, headers=auth_header(WORKER))
    linked = await api.post(f"/outreach-contacts/{contact}/link", json={"client_id": client_id}, headers=auth_header(WORKER))

    assert (refused.status_code, refused.json()["error"]["code"]) == (409, "consent_missing")
    assert linked.status_code == 204


async def test_assessment_details_are_read_back_with_a_purpose_and_the_read_is_logged(api, auth_header, client_id):
    _, path, body = routes(client_id)["assess"]
    await api.post(path, json=body | {"details": {"finances": "Ulosotossa kaksi velkaa"}}, headers=auth_header(WORKER))

    read = await api.get(f"/clients/{client_id}/assessments?purpose=NEEDS_ASSESSMENT", headers=auth_header(CASEWORKER, sub="cw-9"))
    log = await api.get(f"/clients/{client_id}/access-log", headers=auth_header(DPO))

    assessment = read.json()["assessments"][0]
    assert assessment["details"] == {"finances": "Ulosotossa kaksi velkaa"}
    assert assessment["decision"] == "GUIDANCE_ONLY"
    assert [(e["reader"], e["action"]) for e in log.json()["entries"]] == [("cw-9", "read-assessments")]


async def test_the_list_is_filtered_by_status_and_municipality(api, auth_header, registration_body):
    ids = []
    for municipality in ("091", "837", "837"):
        response = await api.post("/clients", json=registration_body(municipality_code=municipality), headers=auth_header(WORKER))
        ids.append(response.json()["client_id"])
    await api.post(f"/clients/{ids[2]}/void", json={"reason": "RECORDED_IN_ERROR"}, headers=auth_header(WORKER))

    active_837 = await api.get("/clients?municipality_code=837&status=active", headers=auth_header(MANAGER))
    voided = await api.get("/clients?status=voided", headers=auth_header(MANAGER))
    bad = await api.get("/clients?status=lost", headers=auth_header(MANAGER))

    assert [c["client_id"] for c in active_837.json()["clients"]] == [ids[1]]
    assert [c["client_id"] for c in voided.json()["clients"]] == [ids[2]]
    assert bad.status_code == 422


@pytest.mark.parametrize(
    ("path", "body", "field"),
    [
        ("/clients/{id}/assessments", {"assessor_roles": ["NURSE"], "multi_professional": True,
                                       "domains": DOMAINS, "decision": "NO_NEED"}, "assessor_roles"),
        ("/clients/{id}/assessments", {"assessor_roles": ["NURSE", "NURSE"], "domains": DOMAINS,
                                       "decision": "NO_NEED"}, "assessor_roles"),
        ("/clients/{id}/void", {"reason": "DUPLICATE", "duplicate_of": "{id}"}, "duplicate_of"),
        ("/clients/{id}/void", {"reason": "RECORDED_IN_ERROR", "duplicate_of": "{other}"}, "duplicate_of"),
        ("/clients/{id}/consents", {"parties": ["KELA", "KELA"], "purposes": ["REFERRAL"], "form": "WRITTEN"}, "parties"),
    ],
    ids=["multi-professional-alone", "role-twice", "duplicate-of-itself", "duplicate-of-without-reason",
         "party-twice"],
)
async def test_what_the_contracts_would_refuse_is_refused_before_it_is_stored(
    api, auth_header, client_id, registration_body, path, body, field
):
    other = (await api.post("/clients", json=registration_body(), headers=auth_header(WORKER))).json()["client_id"]
    stored = api.app.state.intake.store.recorder.max_notification_id()
    filled = {k: (v.format(id=client_id, other=other) if isinstance(v, str) else v) for k, v in body.items()}

    response = await api.post(path.format(id=client_id), json=filled, headers=auth_header(WORKER))

    assert response.status_code == 422, response.text
    assert field in [f["field"] for f in response.json()["error"]["fields"]]
    assert api.app.state.intake.store.recorder.max_notification_id() == stored
