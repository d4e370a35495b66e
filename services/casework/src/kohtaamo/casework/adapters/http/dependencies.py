"""What every route needs: the use cases, the caller as staff, refusals as HTTP errors."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from fastapi import Depends, Request
from kohtaamo.servicekit.auth import Principal, require_roles
from kohtaamo.servicekit.errors import ApiError, FieldError, error_responses

from ...application.access import NotPermitted
from ...application.casework import Casework
from ...application.staff import Staff
from ...domain import errors

T = TypeVar("T")

_STATUS: list[tuple[type[Exception], int, str]] = [
    (errors.ClientNotKnown, 404, "client_not_known"),
    (NotPermitted, 403, "not_permitted"),
    (errors.ClientErased, 410, "client_erased"),
    (errors.FileClosed, 409, "file_closed"),
    (errors.ConsentMissing, 409, "consent_missing"),
    (errors.Conflict, 409, "conflict"),
    (errors.InvalidCommand, 422, "invalid_command"),
]

# What routes answer beyond the statuses every route declares (servicekit.openapi): a command
# may meet a closed file or a contradiction (409) or an erased client (410); a read of
# private text an erased client (410).
COMMAND = error_responses(descriptions={
    409: "The file is closed (voided registration, ended relationship), a consent is missing "
         "(`party` and `purpose` name what it must cover), or the command contradicts the record.",
    410: "The client was erased: nothing more is recorded.",
})
PRIVATE_READ = error_responses(descriptions={410: "The client was erased: the private text is gone."})


def casework(request: Request) -> Casework:
    return request.app.state.casework


def staff_with(*roles: str) -> Callable[..., Staff]:
    """A dependency: the caller, holding one of ``roles``, as casework knows staff."""

    def as_staff(principal: Principal = Depends(require_roles(*roles)),
                 app: Casework = Depends(casework)) -> Staff:
        return app.worker_ids.staff(sub=principal.sub, roles=principal.roles,
                                    organisation_id=principal.org, team=principal.team)

    return as_staff


async def run(request: Request, use_case: Callable[..., T], *args: Any) -> T:
    """Run a use case off the event loop (on the service's own threads, sized for group
    commit); refusals become 4xx answers."""
    try:
        result = await request.app.state.offload(use_case, *args)
    except errors.CaseworkError as exc:
        raise as_api_error(exc, request) from None
    request.app.state.relay.nudge()
    return result


def build(make: Callable[..., T], **fields: Any) -> T:
    """Build a command or value; a rule it breaks is a 422 for that field."""
    try:
        return make(**fields)
    except errors.CaseworkError as exc:
        raise as_api_error(exc) from None


def as_api_error(exc: errors.CaseworkError, request: Request | None = None) -> ApiError:
    fields = [FieldError(exc.field, str(exc))] if exc.field else []
    if isinstance(exc, errors.NotFound):
        # A missing id in the path is a missing resource; one named in the body is a bad field.
        in_path = request is not None and exc.field in request.path_params
        return ApiError(404 if in_path else 422, "not_found", str(exc), fields)
    for kind, status, code in _STATUS:
        if isinstance(exc, kind):
            extra = ({"party": exc.party, "purpose": exc.purpose}
                     if isinstance(exc, errors.ConsentMissing) else {})
            return ApiError(status, code, str(exc), fields, extra=extra)
    return ApiError(400, "refused", str(exc), fields)
