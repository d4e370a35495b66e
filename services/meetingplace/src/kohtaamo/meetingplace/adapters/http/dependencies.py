"""What every route needs: the use cases, domain refusals as the one error shape, and the
error responses each route declares."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Any, TypeVar

from fastapi import Request
from kohtaamo.servicekit.errors import ApiError, FieldError, error_responses

from ...application.meetingplace import Meetingplace
from ...domain import errors

T = TypeVar("T")

_STATUS: list[tuple[type[Exception], int, str]] = [
    (errors.PlaceNotFound, 404, "meeting_place_not_found"),
    (errors.ActivityNotFound, 404, "activity_not_found"),
    (errors.ClientNotFound, 404, "client_not_found"),
    (errors.TallyNotFound, 404, "tally_not_found"),
    (errors.AlreadyCounted, 409, "already_counted"),
    (errors.AlreadyRecorded, 409, "already_recorded"),
    (errors.PlaceClosed, 409, "meeting_place_closed"),
    (errors.ActivityConcluded, 409, "activity_concluded"),
    (errors.ConsentMissing, 409, "consent_missing"),
    (errors.ClientInactive, 409, "client_inactive"),
    (errors.InvalidCommand, 422, "invalid_command"),
]


# What a 409 means on each kind of route; servicekit declares the others (401, 403, 404, 422...).
# A body naming a meeting place or a client of another organisation (or none) is a 404 too.
REFERS = error_responses(descriptions={
    404: "No such meeting place or client in the caller's organisation.",
    409: "The client has no consent in force for identified participation, or their "
         "registration was voided or erased."})
PLACE_CLOSED = error_responses(descriptions={409: "The meeting place is closed."})
ALREADY = error_responses(descriptions={409: (
    "Already counted or recorded (correct a tally instead), or no consent in force for "
    "identified participation, or the client's registration was voided or erased.")})
CONCLUDED = error_responses(descriptions={409: (
    "The activity was held or cancelled already, or is not yet either; or a participant "
    "has no consent in force, or was recorded already.")})


def meetingplace(request: Request) -> Meetingplace:
    return request.app.state.meetingplace


async def run(request: Request, command: Callable[..., T], *args: Any, **kwargs: Any) -> T:
    """Run a use case off the event loop; refusals become 4xx answers."""
    try:
        result = await asyncio.to_thread(command, *args, **kwargs)
    except errors.MeetingplaceError as exc:
        raise as_api_error(exc) from None
    request.app.state.relay.nudge()
    return result


def command(make: Callable[..., T], **fields: Any) -> T:
    """Build a command; an unknown code in it is a 422 for that field."""
    try:
        return make(**fields)
    except errors.MeetingplaceError as exc:
        raise as_api_error(exc) from None


def as_api_error(exc: errors.MeetingplaceError) -> ApiError:
    fields = [FieldError(field, message) for field, message in exc.problems]
    for kind, status, code in _STATUS:
        if isinstance(exc, kind):
            return ApiError(status, code, str(exc), fields)
    return ApiError(409, "refused", str(exc), fields)
