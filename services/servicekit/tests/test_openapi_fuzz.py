"""The fuzzing helper reports what is wrong, and cannot be left blind to a route."""

import pytest
from fastapi import Depends, FastAPI
from pydantic import BaseModel

from kohtaamo.servicekit.auth import require_roles
from kohtaamo.servicekit.errors import ApiError, FieldError
from kohtaamo.servicekit.http import create_api
from kohtaamo.servicekit.settings import AuthSettings
from kohtaamo.servicekit.fuzzing.openapi import fuzz_openapi


class Note(BaseModel):
    text: str


class Saved(BaseModel):
    id: int


def sample(*, broken: bool) -> FastAPI:
    app = create_api(title=f"sample-{broken}", auth=AuthSettings())

    @app.post("/notes", status_code=201, response_model=Saved)
    async def add(note: Note, _=Depends(require_roles("worker"))) -> Saved:
        if broken and len(note.text) > 2:  # a rule the schema does not state
            raise ApiError.invalid(FieldError("text", "too long"))
        return Saved(id=len(note.text))

    @app.get("/notes/count")
    async def count(_=Depends(require_roles("reader"))) -> int:
        if broken:
            raise RuntimeError("oops")
        return 0

    return app


ROLES = {"POST /notes": "worker", "GET /notes/count": "reader"}


def test_a_sound_app_passes():
    assert (
        fuzz_openapi(sample(broken=False), auth=AuthSettings(), roles=ROLES, max_examples=10) == []
    )


def test_server_errors_and_refused_valid_input_are_reported():
    failures = fuzz_openapi(sample(broken=True), auth=AuthSettings(), roles=ROLES, max_examples=20)

    reported = "\n".join(failures)
    assert "GET /notes/count" in reported and "not_a_server_error" in reported
    assert "POST /notes" in reported and "positive_data_acceptance" in reported


def test_a_refusal_of_a_field_not_listed_is_still_reported():
    failures = fuzz_openapi(
        sample(broken=True),
        auth=AuthSettings(),
        roles=ROLES,
        max_examples=20,
        refuses_valid_looking_input={"POST /notes": {"title": "a rule of another field"}},
    )

    assert any("refusals_name_only_known_rules" in f and "['text']" in f for f in failures)


def test_an_authenticated_operation_without_a_role_is_an_error():
    with pytest.raises(ValueError, match="GET /notes/count"):
        fuzz_openapi(sample(broken=False), auth=AuthSettings(), roles={"POST /notes": "worker"})


def test_a_role_the_operation_does_not_let_in_is_an_error():
    with pytest.raises(ValueError, match="POST /notes: reader"):
        fuzz_openapi(
            sample(broken=False), auth=AuthSettings(), roles={**ROLES, "POST /notes": "reader"}
        )
