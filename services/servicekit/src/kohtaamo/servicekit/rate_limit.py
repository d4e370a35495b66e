"""Too many requests from one caller answer 429 with ``Retry-After``, before any work is done.

A token bucket per caller: ``burst`` requests at once, refilled at ``per_second``. The
caller is the verified token's organisation and subject; a request without a valid token
counts against its client address, so forged tokens with made-up subjects share one bucket.
``/health`` and ``/metrics`` are never limited (monitoring must see an overloaded service).
The defaults let far more through than a person or the test suites ever send; they stop a
runaway script. Buckets live in the process (one per instance); the least recently seen are
forgotten beyond ``max_callers``.
"""

from __future__ import annotations

import math
import time
from collections import OrderedDict
from collections.abc import Callable

from starlette.requests import Request
from starlette.types import ASGIApp, Receive, Scope, Send

from .errors import ApiError
from .middleware import error_answer
from .session import SESSION_COOKIE
from .settings import RateLimitSettings

UNLIMITED_PATHS = frozenset({"/health", "/metrics"})


class Buckets:
    def __init__(self, settings: RateLimitSettings, clock: Callable[[], float] = time.monotonic) -> None:
        self._settings, self._clock = settings, clock
        self._buckets: OrderedDict[str, tuple[float, float]] = OrderedDict()  # key -> (tokens, at)

    def take(self, key: str) -> float:
        """Take one request from ``key``'s bucket: 0 if allowed, else seconds until one is."""
        now = self._clock()
        rate, burst = self._settings.per_second, float(self._settings.burst)
        tokens, at = self._buckets.pop(key, (burst, now))
        tokens = min(burst, tokens + (now - at) * rate)
        wait = 0.0 if tokens >= 1 else (1 - tokens) / rate
        self._buckets[key] = (tokens - 1 if wait == 0 else tokens, now)
        if len(self._buckets) > self._settings.max_callers:
            self._buckets.popitem(last=False)
        return wait


class RateLimit:
    """Pure ASGI, so a refused request costs no routing, no body and no thread."""

    def __init__(self, app: ASGIApp, settings: RateLimitSettings,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.app, self.settings = app, settings
        self.buckets = Buckets(settings, clock)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or not self.settings.enabled or scope["path"] in UNLIMITED_PATHS:
            await self.app(scope, receive, send)
            return
        wait = self.buckets.take(_caller(scope))
        if wait == 0:
            await self.app(scope, receive, send)
            return
        seconds = max(1, math.ceil(wait))
        error = ApiError.too_many_requests(seconds, f"too many requests; try again in {seconds} s")
        await error_answer(error)(scope, receive, send)


def _caller(scope: Scope) -> str:
    request = Request(scope)
    header = request.headers.get("authorization", "")
    token = header[7:].strip() if header[:7].lower() == "bearer " else request.cookies.get(SESSION_COOKIE)
    verifier = getattr(getattr(scope.get("app"), "state", None), "token_verifier", None)
    if token and verifier is not None:
        try:
            principal = verifier.verify(token)
        except ApiError:
            pass
        else:
            return f"token:{principal.org}:{principal.sub}"
    client = scope.get("client")
    return f"client:{client[0] if client else 'unknown'}"
