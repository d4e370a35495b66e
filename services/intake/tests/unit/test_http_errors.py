"""Every status intake answers with has the one error shape (intake's real app)."""

import logging

import httpx
import pytest

from kohtaamo.servicekit.errors import ErrorResponse


def error_of(response: httpx.Response) -> ErrorResponse:
    body = response.json()
    assert set(body) == {"error"}
    return ErrorResponse.model_validate(body)


def stored_events(api) -> int:
    return api.app.state.intake.store.recorder.max_notification_id() or 0


async def test_malformed_json_is_400(api, auth_header):
    response = await api.post(
        "/clients",
        content=b'{"first_name": "Aino",',
        headers={**auth_header("intake_worker"), "Content-Type": "application/json"},
    )

    assert response.status_code == 400
    assert error_of(response).error.code == "malformed_json"
    assert stored_events(api) == 0


async def test_no_token_is_401_and_a_role_without_the_right_is_403(
    api, auth_header, registration_body
):
    anonymous = await api.post("/clients", json=registration_body())
    manager = await api.post("/clients", json=registration_body(), headers=auth_header("manager"))

    assert (anonymous.status_code, error_of(anonymous).error.code) == (401, "unauthenticated")
    assert anonymous.headers["www-authenticate"] == "Bearer"
    assert (manager.status_code, error_of(manager).error.code) == (403, "forbidden")


async def test_an_unknown_route_and_an_unknown_client_are_404(api, auth_header):
    route = await api.get("/no-such-thing", headers=auth_header("intake_worker"))
    client = await api.get(
        "/clients/8c1f0a52-5d0a-4c57-9b8a-3f0e6f5d2b11/consents",
        headers=auth_header("intake_worker"),
    )

    assert (route.status_code, error_of(route).error.code) == (404, "not_found")
    assert (client.status_code, error_of(client).error.code) == (404, "client_not_found")


async def test_a_wrong_method_is_405_and_allow_names_every_method_of_the_path(api, auth_header):
    response = await api.delete("/clients", headers=auth_header("intake_worker"))
    search = await api.get("/clients/search", headers=auth_header("intake_worker"))

    assert response.status_code == 405
    assert error_of(response).error.code == "method_not_allowed"
    assert response.headers["allow"] == "GET, POST"
    assert (search.status_code, search.headers["allow"]) == (405, "POST")


async def test_registering_a_person_twice_is_409_naming_the_existing_client(
    api, auth_header, registration_body
):
    body = registration_body()
    first = await api.post("/clients", json=body, headers=auth_header("intake_worker"))

    again = await api.post("/clients", json=body, headers=auth_header("intake_worker"))

    error = error_of(again).error
    assert (again.status_code, error.code) == (409, "already_registered")
    assert error.model_extra == {"client_id": first.json()["client_id"]}


async def test_reading_an_erased_client_is_410(api, auth_header, registration_body):
    client_id = (
        await api.post("/clients", json=registration_body(), headers=auth_header("intake_worker"))
    ).json()["client_id"]
    await api.post(
        f"/clients/{client_id}/erasure",
        json={"reason": "DATA_SUBJECT_REQUEST"},
        headers=auth_header("data_protection_officer"),
    )

    response = await api.get(
        f"/clients/{client_id}?purpose=CLIENT_WORK", headers=auth_header("caseworker")
    )

    assert (response.status_code, error_of(response).error.code) == (410, "client_erased")


async def test_a_body_over_the_limit_is_413_before_it_is_parsed(api, auth_header):
    # Far over 1 MiB and not JSON at all: parsed, it would answer 400 or 422.
    response = await api.post(
        "/clients",
        content=b"\xff{" * 2_000_000,
        headers={**auth_header("intake_worker"), "Content-Type": "application/json"},
    )

    assert response.status_code == 413
    assert error_of(response).error.code == "content_too_large"
    assert stored_events(api) == 0


@pytest.mark.parametrize(
    "content_type", ["text/plain", "application/x-www-form-urlencoded", "application/xml", None]
)
async def test_a_body_that_is_not_json_is_415(api, auth_header, registration_body, content_type):
    headers = auth_header("intake_worker") | (
        {"Content-Type": content_type} if content_type else {}
    )

    response = await api.post(
        "/clients",
        content=httpx.Request("POST", "/", json=registration_body()).content,
        headers=headers,
    )

    assert (response.status_code, error_of(response).error.code) == (415, "unsupported_media_type")
    assert stored_events(api) == 0


@pytest.mark.parametrize(
    "content_type",
    ["application/json", "application/json; charset=utf-8", "application/vnd.kohtaamo+json"],
)
async def test_json_media_types_are_taken(api, auth_header, registration_body, content_type):
    response = await api.post(
        "/clients",
        content=httpx.Request("POST", "/", json=registration_body()).content,
        headers={**auth_header("intake_worker"), "Content-Type": content_type},
    )

    assert response.status_code == 201


async def test_invalid_fields_are_422_with_a_message_each(api, auth_header, registration_body):
    response = await api.post(
        "/clients",
        json=registration_body(municipality_code="999", gender="ROBOT"),
        headers=auth_header("intake_worker"),
    )

    error = error_of(response).error
    assert (response.status_code, error.code) == (422, "invalid_request")
    assert {f.field for f in error.fields} == {"municipality_code", "gender"}
    assert all(f.message for f in error.fields)


async def test_an_unexpected_error_is_500_with_a_request_id_and_no_detail(
    api, auth_header, caplog, monkeypatch
):
    def broken(*args, **kwargs):
        raise RuntimeError("connection to 10.0.0.7 refused for user intake")

    monkeypatch.setattr(api.app.state.intake.listing, "page", broken)

    with caplog.at_level(logging.ERROR, logger="kohtaamo.http"):
        response = await api.get("/clients", headers=auth_header("intake_worker"))

    error = error_of(response).error
    assert (response.status_code, error.code) == (500, "internal_error")
    assert error.model_extra["request_id"] == response.headers["x-request-id"]
    assert "10.0.0.7" not in response.text and "RuntimeError" not in response.text
    assert any(response.headers["x-request-id"] in r.getMessage() for r in caplog.records)
