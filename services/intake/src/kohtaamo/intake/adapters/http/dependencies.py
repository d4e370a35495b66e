"""What every route needs: the use cases, the caller, domain errors as HTTP errors."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from eventsourcing.persistence import RecordConflictError
from fastapi import Request
from kohtaamo.servicekit.errors import ApiError, FieldError

from ...application.intake import Intake
from ...domain import errors
from ..roles import CASEWORKER, DATA_PROTECTION_OFFICER, INTAKE_WORKER, MANAGER

T = TypeVar("T")

# Who may do what (adapters/roles.py names the roles).
RECORDS = (INTAKE_WORKER,)
READS_PERSONAL = (INTAKE_WORKER, CASEWORKER, DATA_PROTECTION_OFFICER)
LISTS = (INTAKE_WORKER, CASEWORKER, MANAGER)
PROTECTS = (DATA_PROTECTION_OFFICER,)

_STATUS: list[tuple[type[Exception], int, str]] = [
    (errors.AlreadyRegistered, 409, "already_registered"),
    (errors.ClientNotFound, 404, "client_not_found"),
    (errors.OutreachContactNotFound, 404, "outreach_contact_not_found"),
    (errors.ConsentNotFound, 404, "consent_not_found"),
    (errors.ClientErasedError, 410, "client_erased"),
    (errors.ClientInactive, 409, "client_inactive"),
    (errors.ConsentNotActive, 409, "consent_not_active"),
    (errors.ConsentMissing, 409, "consent_missing"),
    (errors.AlreadyLinked, 409, "already_linked"),
    (errors.InvalidCommand, 422, "invalid_command"),
]


async def intake(request: Request) -> Intake:  # async: no worker thread for a lookup
    return request.app.state.intake


async def run(request: Request, command: Callable[..., T], *args: Any, **kwargs: Any) -> T:
    """Run a use case off the event loop; refusals become 4xx answers."""
    try:
        result = await request.app.state.offload(command, *args, **kwargs)
    except errors.IntakeError as exc:
        raise as_api_error(exc) from None
    except RecordConflictError:  # another request changed the same record first
        raise ApiError(409, "concurrent_change", "the record was changed by another request at "
                       "the same time; nothing was saved: read it again and retry") from None
    request.app.state.relay.nudge()
    return result


def command(make: Callable[..., T], **fields: Any) -> T:
    """Build a command; an unknown code in it is a 422 for that field."""
    try:
        return make(**fields)
    except errors.IntakeError as exc:
        raise as_api_error(exc) from None


def as_api_error(exc: errors.IntakeError) -> ApiError:
    fields = [FieldError(exc.field, str(exc))] if exc.field else []
    for kind, status, code in _STATUS:
        if isinstance(exc, kind):
            extra = {"client_id": str(exc.client_id)} if isinstance(exc, errors.AlreadyRegistered) else {}
            return ApiError(status, code, str(exc), fields, extra=extra)
    return ApiError(400, "refused", str(exc), fields)
