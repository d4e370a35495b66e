"""Every refusal as the one error shape: our ApiError, Starlette's HTTPException (unknown
routes, wrong methods), FastAPI's validation errors (malformed JSON is 400, invalid fields
422), and a non-JSON body (415)."""

from __future__ import annotations

import email.message
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.routing import APIRoute, iter_route_contexts
from starlette.exceptions import HTTPException
from starlette.responses import Response

from .contention import RETRY_AFTER_S, Contended
from .errors import ApiError, FieldError, default_code
from .middleware import error_answer


def install_error_handlers(app: FastAPI) -> None:
    app.add_exception_handler(ApiError, _api_error)
    app.add_exception_handler(HTTPException, _http_exception)
    app.add_exception_handler(RequestValidationError, _validation_error)
    app.add_exception_handler(Contended, _contended)


async def _contended(_: Request, exc: Exception) -> Response:
    return error_answer(ApiError.unavailable(RETRY_AFTER_S, str(exc)))


async def _api_error(_: Request, exc: Exception) -> Response:
    assert isinstance(exc, ApiError)
    return error_answer(exc)


async def _http_exception(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, HTTPException)
    headers = dict(exc.headers or {})
    message = exc.detail if isinstance(exc.detail, str) and exc.detail else default_code(exc.status_code)
    if exc.status_code == 405:
        # Starlette names the methods of one route only; name those of the whole path.
        allowed = _allowed_methods(request)
        headers["Allow"] = ", ".join(allowed)
        message = f"{request.method} is not allowed here; the path takes {', '.join(allowed) or 'none'}"
    elif exc.status_code == 404 and message == "Not Found":
        message = "no such resource"
    error = ApiError(exc.status_code, default_code(exc.status_code), message, headers=headers)
    return error_answer(error)


def _allowed_methods(request: Request) -> list[str]:
    """The methods of the most specific path template the request's path matches (as
    OpenAPI matches paths: ``/clients/search`` before ``/clients/{client_id}``)."""
    path = request.scope.get("path", "")
    by_template: dict[str, set[str]] = {}
    for route in iter_route_contexts(request.app.routes):
        regex = getattr(route, "path_regex", None)
        if regex is not None and regex.match(path):
            by_template.setdefault(route.path, set()).update(route.methods or ())
    if not by_template:
        return []
    best = min(by_template, key=lambda template: template.count("{"))
    return sorted(by_template[best])


async def _validation_error(_: Request, exc: Exception) -> Response:
    assert isinstance(exc, RequestValidationError)
    errors = exc.errors()
    malformed = [e for e in errors if e.get("type") == "json_invalid"]
    if malformed:
        detail = (malformed[0].get("ctx") or {}).get("error", "invalid JSON")
        position = malformed[0]["loc"][-1] if malformed[0].get("loc") else None
        where = f" at character {position}" if isinstance(position, int) else ""
        return error_answer(
            ApiError(400, "malformed_json", f"the body is not valid JSON: {detail}{where}")
        )
    fields = [FieldError(_field_name(e["loc"]), _message(e)) for e in errors]
    return error_answer(ApiError.invalid(*fields))


def _field_name(loc: tuple[Any, ...]) -> str:
    # ("body", "person", "first_name") -> "person.first_name"; ("query", "cursor") -> "cursor"
    parts = [str(p) for p in loc if p not in ("body", "query", "path", "header")]
    return ".".join(parts) or "body"


def _message(err: dict[str, Any]) -> str:
    return str(err.get("msg", "invalid")).removeprefix("Value error, ")


async def json_body_only(request: Request) -> None:
    """App-wide dependency: a route that takes a JSON body refuses any other media type with
    415 (``application/json`` and ``application/*+json``, UTF-8 if a charset is named).
    Dependencies run before the body is validated, so 415 comes before any 422."""
    route = request.scope.get("route")
    if not isinstance(route, APIRoute) or route.body_field is None:
        return
    content_type = request.headers.get("content-type")
    if content_type is None:
        if await request.body():
            raise _unsupported("a body needs Content-Type: application/json")
        return  # no body at all: validation says which fields are missing
    if not is_json_media_type(content_type):
        raise _unsupported(f"the body must be application/json, not {content_type[:80]!r}")


def is_json_media_type(content_type: str) -> bool:
    message = email.message.Message()
    message["content-type"] = content_type
    subtype = message.get_content_subtype()
    charset = message.get_param("charset")
    if isinstance(charset, tuple):  # RFC 2231 form
        charset = charset[2]
    return (
        message.get_content_maintype() == "application"
        and (subtype == "json" or subtype.endswith("+json"))
        and (charset is None or str(charset).lower() in ("utf-8", "utf8"))
    )


def _unsupported(message: str) -> ApiError:
    return ApiError(415, default_code(415), message)
