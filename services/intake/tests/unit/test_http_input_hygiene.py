"""Text that could hide or disguise something, addresses that are not addresses, numbers
taken for dates: each refused with 422 naming the field, nothing stored (issue 7, defect 5)."""

import pytest


def stored_events(api) -> int:
    return api.app.state.intake.store.recorder.max_notification_id() or 0


def refused_fields(response) -> dict[str, str]:
    assert response.status_code == 422
    return {f["field"]: f["message"] for f in response.json()["error"]["fields"]}


@pytest.mark.parametrize(
    ("overrides", "field", "says"),
    [
        ({"first_name": "Aino\x00"}, "first_name", "U+0000"),
        ({"last_name": "Virta\u202enen"}, "last_name", "U+202E (right-to-left override)"),
        ({"last_name": "Virtanen\u2067"}, "last_name", "U+2067"),
        ({"first_name": "Ai\u200bno"}, "first_name", "U+200B"),
        ({"postal_address": "Katu 1\nHelsinki"}, "postal_address", "U+000A"),
        ({"email": "a@b.fi'--"}, "email", "not a valid e-mail address"),
        ({"phone": "12345"}, "phone", "not a valid phone number"),
        ({"registered_on": 0}, "registered_on", "YYYY-MM-DD"),
        ({"project_id": "S2039\x07"}, "project_id", "pattern"),
    ],
)
async def test_a_registration_with_hidden_characters_or_a_false_address_is_refused(
    api, auth_header, registration_body, overrides, field, says
):
    response = await api.post(
        "/clients", json=registration_body(**overrides), headers=auth_header("intake_worker")
    )

    assert says in refused_fields(response)[field]
    assert stored_events(api) == 0


@pytest.mark.parametrize("registered_to", ["0", "1700000000", "2024-2-3", "31.12.2024"])
async def test_a_list_filter_date_must_be_a_date(api, auth_header, registered_to):
    response = await api.get(
        f"/clients?registered_to={registered_to}", headers=auth_header("intake_worker")
    )

    assert "YYYY-MM-DD" in refused_fields(response)["registered_to"]


async def test_an_assessment_detail_may_have_lines_but_no_override(
    api, auth_header, registration_body
):
    client_id = (
        await api.post("/clients", json=registration_body(), headers=auth_header("intake_worker"))
    ).json()["client_id"]
    before = stored_events(api)
    assessment = {
        "assessor_roles": ["SOCIAL_WORKER"],
        "decision": "GUIDANCE_ONLY",
        "domains": dict.fromkeys(
            [
                "housing",
                "relationships",
                "study_and_work_history",
                "finances",
                "health",
                "substance_use",
                "close_and_authority_network",
            ],
            "NO_NEED",
        ),
    }

    refused = await api.post(
        f"/clients/{client_id}/assessments",
        json=assessment | {"details": {"housing": "asuu\u202e yksin"}},
        headers=auth_header("intake_worker"),
    )
    taken = await api.post(
        f"/clients/{client_id}/assessments",
        json=assessment | {"details": {"housing": "asuu yksin\r\n\tvuokralla"}},
        headers=auth_header("intake_worker"),
    )

    assert "U+202E" in refused_fields(refused)["details.housing"]
    assert taken.status_code == 201
    assert stored_events(api) == before + 1


async def test_names_are_stored_in_nfc_and_phones_in_e164(api, auth_header, registration_body):
    registered = await api.post(
        "/clients",
        json=registration_body(
            first_name="A\u0308ino", phone="040 123 4567", email="Aino@Kunta.FI"
        ),
        headers=auth_header("intake_worker"),
    )

    record = await api.get(
        f"/clients/{registered.json()['client_id']}?purpose=CLIENT_WORK",
        headers=auth_header("caseworker"),
    )

    person = record.json()["person"]
    assert (person["first_name"], person["phone"], person["email"]) == (
        "\u00c4ino",
        "+358401234567",
        "Aino@kunta.fi",
    )
