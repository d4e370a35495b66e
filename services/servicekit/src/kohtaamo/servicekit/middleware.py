"""ASGI middleware at the edge of every HTTP API: unexpected errors, body limits.

Pure ASGI (not Starlette's BaseHTTPMiddleware), so bodies stream through untouched and an
error answer can be sent before the application reads a byte.
"""

from __future__ import annotations

import logging
import uuid
from typing import Any

from starlette.datastructures import Headers
from starlette.responses import JSONResponse
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from . import causation
from .errors import ApiError, default_code
from .unavailable import RETRY_AFTER_SECONDS, dependency_unavailable

log = logging.getLogger("kohtaamo.http")


def error_answer(error: ApiError) -> JSONResponse:
    headers = dict(error.headers)
    if error.status == 401:
        headers.setdefault("WWW-Authenticate", "Bearer")
    return JSONResponse(error.body(), status_code=error.status, headers=headers or None)


class UnexpectedErrors:
    """Turns a dependency that did not answer (unavailable.py) into 503 with ``Retry-After``,
    and any other unexpected exception into the one error shape with status 500: the exception
    and its traceback go to the log under the request's id (``X-Request-ID``, set by the
    causation middleware outside this one), never to the caller."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = False

        async def watch(message: Message) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, receive, watch)
        except Exception as exc:
            if dependency_unavailable(exc) and not started:
                log.warning("a dependency is unavailable answering %s %s: %s: %s",
                            scope.get("method"), _route_of(scope), type(exc).__name__, exc)
                await error_answer(_unavailable())(scope, receive, send)
                return
            cause = causation.current()
            request_id = str(cause.causation_id) if cause else str(uuid.uuid4())
            # Only method and route: paths and queries may carry identifiers.
            log.exception(
                "unexpected error answering %s %s (request id %s)",
                scope.get("method"), _route_of(scope), request_id,
            )
            if started:
                raise
            error = ApiError(
                500, default_code(500),
                f"an unexpected error occurred; quote request id {request_id} when reporting it",
                extra={"request_id": request_id},
            )
            await error_answer(error)(scope, receive, send)


def _unavailable() -> ApiError:
    return ApiError(503, default_code(503), "a service this one depends on is unavailable; nothing "
                    f"was stored: try again in {RETRY_AFTER_SECONDS} s",
                    headers={"Retry-After": str(RETRY_AFTER_SECONDS)})


def _route_of(scope: Scope) -> str:
    route: Any = scope.get("route")
    return getattr(route, "path", None) or "(no route)"


class BodyLimit:
    """Refuses a request body larger than ``max_bytes`` with 413, before the application
    reads or parses any of it: a declared ``Content-Length`` over the limit is refused
    unread; a streamed (chunked) body is read at most up to the limit, then refused.
    A body within the limit is handed to the application as it arrived."""

    def __init__(self, app: ASGIApp, max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = Headers(scope=scope).get("content-length")
        if declared is not None:
            if not declared.isdigit():
                await error_answer(ApiError(400, default_code(400), "Content-Length is not a number"))(
                    scope, receive, send
                )
                return
            if int(declared) > self.max_bytes:
                await self._too_large(scope, receive, send)
                return
        chunks: list[bytes] = []
        size = 0
        while True:
            message = await receive()
            if message["type"] == "http.disconnect":
                return  # the caller left; there is no one to answer
            body = message.get("body", b"")
            size += len(body)
            if size > self.max_bytes:
                await self._too_large(scope, receive, send)
                return
            chunks.append(body)
            if not message.get("more_body", False):
                break
        await self.app(scope, _replay(b"".join(chunks), receive), send)

    async def _too_large(self, scope: Scope, receive: Receive, send: Send) -> None:
        error = ApiError(
            413, default_code(413), f"the request body exceeds the limit of {self.max_bytes} bytes"
        )
        response = error_answer(error)
        response.headers["Connection"] = "close"
        await response(scope, receive, send)


def _replay(body: bytes, receive: Receive) -> Receive:
    delivered = False

    async def replay() -> Message:
        nonlocal delivered
        if not delivered:
            delivered = True
            return {"type": "http.request", "body": body, "more_body": False}
        return await receive()  # after the body: wait for the disconnect as usual

    return replay
