import pytest


def stored_events(api) -> int:
    return api.app.state.intake.store.recorder.max_notification_id() or 0


async def test_a_registration_answers_201_with_the_pseudonymous_id(api, auth_header, registration_body):
    response = await api.post("/clients", json=registration_body(), headers=auth_header("intake_worker"))

    assert response.status_code == 201
    assert set(response.json()) == {"client_id", "age_band"}


async def test_registering_the_same_code_again_answers_409_with_the_existing_id(
    api, auth_header, registration_body
):
    body = registration_body()
    first = await api.post("/clients", json=body, headers=auth_header("intake_worker"))

    again = await api.post("/clients", json=body | {"first_name": "Other"}, headers=auth_header("intake_worker"))

    assert again.status_code == 409
    assert again.json()["error"]["client_id"] == first.json()["client_id"]


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"personal_identity_code": "131052-308A"}, "personal_identity_code", "check character"),
        ({"personal_identity_code": "310252-308T"}, "personal_identity_code", "not a date"),
        ({"first_name": ""}, "first_name", "at least 1 character"),
        ({"municipality_code": "Helsinki"}, "municipality_code", "unknown municipality"),
        ({"municipality_code": "999"}, "municipality_code", "unknown municipality"),
        ({"referral_source": "ETHNICITY"}, "referral_source", "Input should be"),
        ({"registered_on": "2999-01-01"}, "registered_on", "future"),
    ],
)
async def test_bad_input_answers_422_with_a_message_for_the_field_and_stores_nothing(
    api, auth_header, registration_body, overrides, field, message
):
    response = await api.post(
        "/clients", json=registration_body(**overrides), headers=auth_header("intake_worker")
    )

    assert response.status_code == 422
    fields = {f["field"]: f["message"] for f in response.json()["error"]["fields"]}
    assert message in fields[field]
    assert stored_events(api) == 0


async def test_several_bad_fields_are_all_reported(api, auth_header, registration_body):
    body = registration_body(personal_identity_code="131052-308A")
    del body["last_name"]

    response = await api.post("/clients", json=body, headers=auth_header("intake_worker"))

    fields = {f["field"] for f in response.json()["error"]["fields"]}
    assert fields == {"personal_identity_code", "last_name"}


async def test_no_token_answers_401(api, registration_body):
    response = await api.post("/clients", json=registration_body())

    assert response.status_code == 401
    assert response.headers["www-authenticate"] == "Bearer"
    assert stored_events(api) == 0


async def test_a_role_without_the_right_answers_403(api, auth_header, registration_body):
    response = await api.post("/clients", json=registration_body(), headers=auth_header("manager"))

    assert response.status_code == 403
    assert stored_events(api) == 0


async def test_health_needs_no_token(api):
    response = await api.get("/health")

    assert response.json()["status"] == "ok"
