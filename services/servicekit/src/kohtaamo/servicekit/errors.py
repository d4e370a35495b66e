"""The one error shape every HTTP API answers with, for every status.

``{"error": {"code": ..., "message": ..., "fields": [{"field": ..., "message": ...}]}}``:
``fields`` names each invalid input with its own message (empty when no field is to blame).
Some errors add members to ``error`` (e.g. ``request_id`` on a 500).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from http import HTTPStatus
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

# The code each status answers with unless the raiser names a more specific one.
DEFAULT_CODES: dict[int, str] = {
    400: "malformed_request",
    401: "unauthenticated",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    406: "not_acceptable",
    409: "conflict",
    410: "gone",
    413: "content_too_large",
    415: "unsupported_media_type",
    422: "invalid_request",
    429: "too_many_requests",
    500: "internal_error",
    503: "unavailable",
}


def default_code(status: int) -> str:
    if status in DEFAULT_CODES:
        return DEFAULT_CODES[status]
    try:
        return HTTPStatus(status).phrase.lower().replace(" ", "_").replace("-", "_")
    except ValueError:
        return "error"


@dataclass(frozen=True)
class FieldError:
    field: str
    message: str


@dataclass
class ApiError(Exception):
    """Raised by adapters; rendered as ``{"error": {code, message, fields}}``."""

    status: int
    code: str
    message: str
    fields: list[FieldError] = field(default_factory=list)
    extra: dict[str, object] = field(default_factory=dict)
    headers: dict[str, str] = field(default_factory=dict)

    def body(self) -> dict[str, object]:
        return {
            "error": {
                "code": self.code,
                "message": self.message,
                "fields": [{"field": f.field, "message": f.message} for f in self.fields],
                **self.extra,
            }
        }

    @classmethod
    def invalid(cls, *fields: FieldError) -> ApiError:
        """422 naming each invalid field."""
        return cls(422, DEFAULT_CODES[422], "the request has invalid fields", list(fields))

    @classmethod
    def too_many_requests(cls, retry_after: int, message: str = "too many requests") -> ApiError:
        return cls(429, DEFAULT_CODES[429], message, headers={"Retry-After": str(retry_after)})

    @classmethod
    def unavailable(
        cls, retry_after: int, message: str = "the service cannot answer now; try again later"
    ) -> ApiError:
        return cls(503, DEFAULT_CODES[503], message, headers={"Retry-After": str(retry_after)})


# The same shape as pydantic models, for the OpenAPI documents.


class FieldMessage(BaseModel):
    field: str = Field(description="the input at fault, e.g. `person.first_name` or `registered_to`")
    message: str


class ErrorDetail(BaseModel):
    model_config = ConfigDict(extra="allow", json_schema_extra={"additionalProperties": True})

    code: str = Field(description="stable, machine-readable, e.g. `client_not_found`")
    message: str = Field(description="for people")
    fields: list[FieldMessage] = Field(description="one entry per invalid input; may be empty")


class ErrorResponse(BaseModel):
    """Every error of every status has this shape."""

    error: ErrorDetail


_DESCRIPTIONS: dict[int, str] = {
    400: "Malformed request: the body is not valid JSON, or a header is malformed.",
    401: "No valid bearer token.",
    403: "The token's roles do not allow this.",
    404: "No such resource in the caller's organisation.",
    405: "The path does not take this method; `Allow` lists those it takes.",
    409: "The request conflicts with what is already recorded.",
    410: "The resource existed and is gone for good.",
    413: "The body exceeds the service's limit; nothing was read further.",
    415: "The body is not JSON (`application/json` or `application/*+json`, UTF-8).",
    422: "Invalid input: `fields` names each invalid field with a message.",
    429: "Too many requests; `Retry-After` says when to try again.",
    500: "Unexpected error; `request_id` identifies it in the service's log.",
    503: "Temporarily unavailable; `Retry-After` says when to try again.",
}

_HEADERS: dict[int, dict[str, Any]] = {
    401: {"WWW-Authenticate": {"schema": {"type": "string"}, "description": "`Bearer`"}},
    405: {"Allow": {"schema": {"type": "string"}, "description": "the methods the path takes"}},
    429: {"Retry-After": {"schema": {"type": "integer"}, "description": "seconds to wait"}},
    503: {"Retry-After": {"schema": {"type": "integer"}, "description": "seconds to wait"}},
}


def error_response(status: int, description: str | None = None) -> dict[str, Any]:
    """One entry of a FastAPI ``responses=`` mapping: the error model, a description."""
    entry: dict[str, Any] = {
        "model": ErrorResponse,
        "description": description or _DESCRIPTIONS.get(status) or HTTPStatus(status).phrase,
    }
    if status in _HEADERS:
        entry["headers"] = _HEADERS[status]
    return entry


def error_responses(
    *statuses: int, descriptions: Mapping[int, str] | None = None
) -> dict[int | str, dict[str, Any]]:
    """``responses=error_responses(404, 409, descriptions={409: "already registered"})`` for a
    route or a router; a status in ``descriptions`` only is declared too."""
    described = dict(descriptions or {})
    return {
        status: error_response(status, described.get(status))
        for status in sorted({*statuses, *described})
    }
