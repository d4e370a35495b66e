"""Whatever one organisation recorded in intake, a member of another organisation holding the
same role can neither read nor change it (404), for every route that names a client, a
consent or an outreach contact."""

from kohtaamo.servicekit.testing import last_notification
from kohtaamo.servicekit.testing.organisations import Call, Scenario, trespass, unreplayed

OWNER, OTHER = "091", "837"
DOMAINS = dict.fromkeys(
    ["housing", "relationships", "study_and_work_history", "finances", "health",
     "substance_use", "close_and_authority_network"], "SOME_NEED",
)


async def test_another_organisation_neither_reads_nor_changes_intakes_records(
        api, auth_header, registration_body):
    # Given an organisation's client with consents, an assessment, an outreach contact
    a = Scenario(api, lambda role, org: auth_header(role, org=org), OWNER)
    body = registration_body()
    client = (await a.do(Call("POST /clients", "/clients", "intake_worker", body, expect=201)))["client_id"]
    base = f"/clients/{client}"
    await a.do(Call("GET /clients", "/clients", "intake_worker"))
    await a.do(Call("GET /clients/{client_id}", base, "caseworker", params={"purpose": "CLIENT_WORK"}))
    await a.do(Call("POST /clients/search", "/clients/search", "caseworker",
                    {"personal_identity_code": body["personal_identity_code"], "purpose": "IDENTITY_CHECK"}))
    consent = await a.do(Call("POST /clients/{client_id}/consents", f"{base}/consents", "intake_worker",
                              {"parties": ["OWN_ORGANISATION"], "purposes": ["REFERRAL", "OUTREACH_FOLLOW_UP"],
                               "form": "WRITTEN"}, expect=201))
    await a.do(Call("GET /clients/{client_id}/consents", f"{base}/consents", "caseworker"))
    await a.do(Call("POST /clients/{client_id}/assessments", f"{base}/assessments", "intake_worker",
                    {"assessor_roles": ["SOCIAL_WORKER"], "domains": DOMAINS, "decision": "GUIDANCE_ONLY"},
                    expect=201))
    await a.do(Call("GET /clients/{client_id}/assessments", f"{base}/assessments", "caseworker",
                    params={"purpose": "NEEDS_ASSESSMENT"}))
    contact = await a.do(Call("POST /outreach-contacts", "/outreach-contacts", "intake_worker",
                              {"channel": "STREET", "municipality_code": "091", "outcome": "INFO_GIVEN"},
                              expect=201))
    await a.do(Call("POST /outreach-contacts/{contact_id}/link",
                    f"/outreach-contacts/{contact['id']}/link", "intake_worker", {"client_id": client}, expect=204))
    await a.do(Call("GET /clients/{client_id}/access-log", f"{base}/access-log", "data_protection_officer"))
    # The changes that end a record come last, so each is tried while the record stands.
    await a.do(Call("POST /clients/{client_id}/consents/{consent_id}/withdrawal",
                    f"{base}/consents/{consent['id']}/withdrawal", "intake_worker", {},
                    expect=204))
    await a.do(Call("POST /clients/{client_id}/void", f"{base}/void", "intake_worker",
                    {"reason": "RECORDED_IN_ERROR"}))
    second = (await api.post("/clients", json=registration_body(),
                             headers=auth_header("intake_worker", org=OWNER))).json()["client_id"]
    a.own(second)
    await a.do(Call("POST /clients/{client_id}/erasure", f"/clients/{second}/erasure",
                    "data_protection_officer", {"reason": "DATA_SUBJECT_REQUEST"}))

    # When a member of another organisation makes every one of those calls
    problems = await trespass(a, OTHER, stored=lambda: last_notification(api.app.state.intake.store))

    # Then none reached the first organisation's records, and every route was tried
    assert not problems, "\n".join(problems)
    assert not unreplayed(api.app.openapi(), a.calls)
