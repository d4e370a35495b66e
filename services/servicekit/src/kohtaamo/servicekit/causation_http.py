"""Each HTTP request is the cause of whatever it saves (see causation.py).

The caller may pass ``X-Correlation-ID`` (a UUID) to tie the request to a wider action;
otherwise the request starts a new one. Every request gets its own id, which becomes the
causation id of the events it saves; both are returned as response headers.
"""

from __future__ import annotations

from uuid import UUID, uuid4

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from .causation import Cause, caused_by

CORRELATION_HEADER = b"x-correlation-id"
REQUEST_HEADER = b"x-request-id"


class CausationMiddleware:
    def __init__(self, app: ASGIApp) -> None:
        self._app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self._app(scope, receive, send)
            return
        request_id = uuid4()
        correlation_id = _given_correlation(scope) or request_id
        cause = Cause(correlation_id=correlation_id, causation_id=request_id)

        async def send_with_ids(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                headers.append((CORRELATION_HEADER, str(correlation_id).encode()))
                headers.append((REQUEST_HEADER, str(request_id).encode()))
                message = {**message, "headers": headers}
            await send(message)

        with caused_by(cause):
            await self._app(scope, receive, send_with_ids)


def _given_correlation(scope: Scope) -> UUID | None:
    for name, value in scope.get("headers", []):
        if name == CORRELATION_HEADER:
            try:
                return UUID(value.decode("latin-1"))
            except ValueError:
                return None  # not ours to trust: start a new correlation
    return None
