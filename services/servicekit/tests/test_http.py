"""create_api's edge on a small app of its own: shapes of the statuses intake has no route
for yet (429, 503), request ids, streamed bodies, the OpenAPI document."""

import logging
from uuid import UUID
from collections.abc import AsyncIterator

import httpx
import pytest
from fastapi import Depends, FastAPI
from pydantic import BaseModel
from starlette.exceptions import HTTPException

from kohtaamo.servicekit.auth import issue_token, require_roles
from kohtaamo.servicekit.errors import ApiError, ErrorResponse, error_responses
from kohtaamo.servicekit.http import create_api
from kohtaamo.servicekit.settings import AuthSettings

LIMIT = 1000


class Note(BaseModel):
    text: str


@pytest.fixture
def app() -> FastAPI:
    app = create_api(title="sample", auth=AuthSettings(), max_body_bytes=LIMIT)
    app.state.notes = []

    @app.post("/notes", status_code=201, responses=error_responses(409))
    async def add(note: Note, _=Depends(require_roles("worker"))) -> Note:
        app.state.notes.append(note.text)
        return note

    @app.get("/busy")
    async def busy() -> None:
        raise ApiError.unavailable(retry_after=7)

    @app.get("/slow-down")
    async def slow_down() -> None:
        raise ApiError.too_many_requests(retry_after=3)

    @app.get("/teapot")
    async def teapot() -> None:
        raise HTTPException(418)

    @app.get("/crash")
    async def crash() -> None:
        raise RuntimeError("the password is hunter2")

    return app


@pytest.fixture
async def http(app) -> AsyncIterator[httpx.AsyncClient]:
    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(app=app), base_url="http://sample"
    ) as client:
        yield client


def auth_header(role: str) -> dict[str, str]:
    return {
        "Authorization": "Bearer " + issue_token(AuthSettings(), sub="w", roles=[role], org="091")
    }


def the_one_shape(response: httpx.Response) -> ErrorResponse:
    body = response.json()
    assert set(body) == {"error"}
    return ErrorResponse.model_validate(body)


@pytest.mark.parametrize(
    ("path", "status", "code", "retry_after"),
    [("/busy", 503, "unavailable", "7"), ("/slow-down", 429, "too_many_requests", "3")],
)
async def test_overload_and_outage_answers_have_the_one_shape_and_retry_after(
    http, path, status, code, retry_after
):
    response = await http.get(path)

    assert response.status_code == status
    assert the_one_shape(response).error.code == code
    assert response.headers["retry-after"] == retry_after


async def test_any_http_exception_answers_the_one_shape(http):
    response = await http.get("/teapot")

    assert response.status_code == 418
    assert the_one_shape(response).error.code == "i'm_a_teapot"


async def test_an_unexpected_error_answers_500_without_its_text_and_is_logged_with_the_request_id(
    http, caplog
):
    with caplog.at_level(logging.ERROR, logger="kohtaamo.http"):
        response = await http.get("/crash")

    error = the_one_shape(response).error
    request_id = response.headers["x-request-id"]
    assert response.status_code == 500
    assert error.code == "internal_error" and error.model_extra == {"request_id": request_id}
    assert "hunter2" not in response.text and "RuntimeError" not in response.text
    (record,) = [r for r in caplog.records if request_id in r.getMessage()]
    assert "hunter2" in record.exc_text


async def test_a_refusal_before_the_route_carries_the_request_s_ids_too(http):
    response = await http.post("/notes", content=b"x" * (LIMIT + 1))

    assert response.status_code == 413
    assert UUID(response.headers["x-request-id"]) and UUID(response.headers["x-correlation-id"])


async def test_a_streamed_body_over_the_limit_is_refused_before_it_is_all_read(app, http):
    pulled = 0

    async def chunks() -> AsyncIterator[bytes]:
        nonlocal pulled
        for _ in range(100):
            pulled += 1
            yield b'{"text": "' + b"x" * 300

    response = await http.post(
        "/notes",
        content=chunks(),
        headers={**auth_header("worker"), "Content-Type": "application/json"},
    )

    assert response.status_code == 413
    assert the_one_shape(response).error.code == "content_too_large"
    assert "content-length" not in response.request.headers  # it was sent chunked
    assert pulled < 10
    assert app.state.notes == []


async def test_a_body_at_the_limit_is_taken(app, http):
    text = "x" * (LIMIT - len('{"text": ""}'))

    response = await http.post("/notes", json={"text": text}, headers=auth_header("worker"))

    assert response.status_code == 201
    assert app.state.notes == [text]


async def test_a_content_length_that_is_not_a_number_is_400(http):
    response = await http.post("/notes", content=b"{}", headers={"Content-Length": "12abc"})

    assert response.status_code == 400
    assert the_one_shape(response).error.code == "malformed_request"


@pytest.mark.parametrize(
    "content_type", ["application/json; charset=latin-1", "text/json", "application/jsonx"]
)
async def test_json_with_another_charset_or_a_look_alike_type_is_415(http, content_type):
    response = await http.post(
        "/notes",
        content=b'{"text": "a"}',
        headers={**auth_header("worker"), "Content-Type": content_type},
    )

    assert response.status_code == 415


async def test_every_operation_declares_its_errors_with_the_one_model(http):
    document = (await http.get("/openapi.json")).json()

    notes = document["paths"]["/notes"]["post"]["responses"]
    health = document["paths"]["/health"]["get"]["responses"]
    assert set(notes) == {"201", "400", "401", "403", "409", "413", "415", "422", "500"}
    assert set(health) == {"200", "500"}
    assert {
        r["content"]["application/json"]["schema"]["$ref"] for s, r in notes.items() if s != "201"
    } == {"#/components/schemas/ErrorResponse"}
    assert "HTTPValidationError" not in document["components"]["schemas"]
    assert notes["401"]["headers"]["WWW-Authenticate"]
    scheme = document["components"]["securitySchemes"]["HTTPBearer"]
    assert (scheme["scheme"], scheme["bearerFormat"]) == ("bearer", "JWT")
    assert "security" not in document["paths"]["/health"]["get"]


def test_a_service_model_named_like_the_error_model_is_refused_not_silently_used():
    class ErrorDetail(BaseModel):  # a service's own, different model of that name
        reason: str

    app = create_api(title="clash", auth=AuthSettings())

    @app.get("/thing", response_model=ErrorDetail)
    async def thing() -> ErrorDetail:
        return ErrorDetail(reason="x")

    with pytest.raises(ValueError, match="ErrorDetail"):
        app.openapi()
