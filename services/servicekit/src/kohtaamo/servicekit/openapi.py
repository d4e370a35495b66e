"""The OpenAPI document, completed: every operation declares the errors it can answer with
the one error model, on top of those its route declares itself (``error_responses``).

Defaults, by what an operation takes: 500 on every one; 400, 413 and 415 where there is a
request body; 422 where there is any input; 401 and 403 where a token is required; 404
where the path names a resource.
"""

from __future__ import annotations

import json
from typing import Any

from fastapi import FastAPI

from .errors import ErrorResponse, error_response

_REF = "#/components/schemas/{model}"
_METHODS = ("get", "put", "post", "delete", "patch", "head", "options", "trace")


def install_openapi(app: FastAPI) -> None:
    """Complete the document FastAPI builds (once, then cached like FastAPI's own)."""
    build = app.openapi

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            app.openapi_schema = complete(build())
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]


def complete(document: dict[str, Any]) -> dict[str, Any]:
    schemas = document.setdefault("components", {}).setdefault("schemas", {})
    _add_error_model(schemas)
    for path, item in document.get("paths", {}).items():
        for method in _METHODS:
            if method in item:
                _complete_operation(path, item[method])
    if "/HTTPValidationError" not in json.dumps(document.get("paths", {})):
        # FastAPI's own validation error models: every 422 now refers to ErrorResponse.
        schemas.pop("HTTPValidationError", None)
        schemas.pop("ValidationError", None)
    return document


def _complete_operation(path: str, operation: dict[str, Any]) -> None:
    responses = operation.setdefault("responses", {})
    has_body = "requestBody" in operation
    has_input = has_body or bool(operation.get("parameters"))
    statuses = {500}
    if has_body:
        statuses |= {400, 413, 415}
    if has_input:
        statuses.add(422)
    if operation.get("security"):
        statuses |= {401, 403}
    if "{" in path:
        statuses.add(404)
    for status in sorted(statuses):
        key = str(status)
        existing = responses.get(key)
        if existing is None or _is_fastapi_validation_error(existing):
            responses[key] = _as_openapi(error_response(status))


def _as_openapi(entry: dict[str, Any]) -> dict[str, Any]:
    response: dict[str, Any] = {
        "description": entry["description"],
        "content": {"application/json": {"schema": {"$ref": _REF.format(model="ErrorResponse")}}},
    }
    if "headers" in entry:
        response["headers"] = entry["headers"]
    return response


def _is_fastapi_validation_error(response: dict[str, Any]) -> bool:
    schema = response.get("content", {}).get("application/json", {}).get("schema", {})
    return bool(schema.get("$ref", "").endswith("/HTTPValidationError"))


def _add_error_model(schemas: dict[str, Any]) -> None:
    generated = ErrorResponse.model_json_schema(ref_template=_REF)
    for name, definition in [*generated.pop("$defs", {}).items(), ("ErrorResponse", generated)]:
        existing = schemas.setdefault(name, definition)
        if existing != definition:
            # A service's own model of that name would silently stand in for the error model.
            raise ValueError(f"the OpenAPI component {name!r} is servicekit's error model; "
                             "rename the service's model")
