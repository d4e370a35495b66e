"""Sending one command: its ids filled in, the actor's token, and a bounded wait where the
answer depends on what the transport has delivered yet (never a blind sleep)."""

from __future__ import annotations

import asyncio
import time
from collections import Counter
from dataclasses import dataclass
from typing import Any

import httpx

from kohtaamo.servicekit.auth import issue_token
from kohtaamo.servicekit.settings import AuthSettings

from .plan import Actor, Command, Race, Ref

# Answers that mean "not yet" for a command that waits on the transport: the client's
# registration or consent has not reached this service.
NOT_YET = {Race.APPEAR: {(404, "client_not_known")},
           Race.CONSENT: {(404, "client_not_known"), (404, "client_not_found"), (409, "consent_missing")}}
BUSY = (429, 503)  # the service says when to try again


@dataclass
class Targets:
    """One HTTP client per service (a real URL, or an ASGI transport to an in-process app)."""

    intake: httpx.AsyncClient
    casework: httpx.AsyncClient
    meetingplace: httpx.AsyncClient
    reporting: httpx.AsyncClient

    def of(self, service: str) -> httpx.AsyncClient:
        return getattr(self, service)

    async def aclose(self) -> None:
        for service in ("intake", "casework", "meetingplace", "reporting"):
            await self.of(service).aclose()


def url_client(url: str, concurrency: int) -> httpx.AsyncClient:
    """A client of a service at a real URL. Idle connections are dropped before the server's
    keep-alive (uvicorn: 5 s) would close them under a request on its way; connecting again
    is retried, a request never is."""
    limits = httpx.Limits(max_connections=concurrency, max_keepalive_connections=concurrency, keepalive_expiry=2)
    return httpx.AsyncClient(base_url=url, timeout=60, limits=limits,
                             transport=httpx.AsyncHTTPTransport(retries=3, limits=limits))


def asgi_client(app: Any, name: str) -> httpx.AsyncClient:
    """A client of an app in this process, called without a socket (an error inside the app
    answers 500, as over HTTP, instead of raising into the loader)."""
    return httpx.AsyncClient(transport=httpx.ASGITransport(app=app, raise_app_exceptions=False),
                             base_url=f"http://{name}", timeout=60)


class LoadError(Exception):
    """A command failed: the route, the status and the message of the service's answer."""

    def __init__(self, command: Command, status: int | None, message: str) -> None:
        where = f"{command.service} {command.key}"
        super().__init__(f"{where} -> {status}: {message}" if status else f"{where}: {message}")
        self.command, self.status, self.message = command, status, message


class Sender:
    def __init__(self, targets: Targets, auth: AuthSettings, *, wait_seconds: float) -> None:
        self._targets, self._auth, self._wait = targets, auth, wait_seconds
        self._tokens: dict[Actor, str] = {}
        self.ids: dict[tuple[str, str], str] = {}
        self.requests: Counter[str] = Counter()
        self.events: Counter[str] = Counter()
        self.waits = 0  # answers that said "not yet" and were asked again

    def _token(self, actor: Actor) -> str:
        if actor not in self._tokens:
            self._tokens[actor] = issue_token(self._auth, sub=actor.sub, roles=[actor.role], org=actor.org,
                                              team=actor.team)
        return self._tokens[actor]

    def resolve(self, value: Any) -> Any:
        if isinstance(value, Ref):
            if value.owner == "literal":
                return value.name
            return self.ids[value.name, str(value.owner)]
        if isinstance(value, dict):
            return {k: self.resolve(v) for k, v in value.items()}
        if isinstance(value, list):
            return [self.resolve(v) for v in value]
        return value

    async def send(self, command: Command) -> dict[tuple[str, str], str]:
        """Send ``command`` (asking again while the answer is "not yet"); the ids it saved."""
        http = self._targets.of(command.service)
        url = command.route.format(**{k: self.resolve(ref) for k, ref in command.path.items()})
        body = self.resolve(command.body) if command.body is not None else None
        headers = {"Authorization": f"Bearer {self._token(command.actor)}"}
        deadline, pause = time.monotonic() + self._wait, 0.02
        while True:
            try:
                response = await http.request(command.method, url, json=body, headers=headers)
            except httpx.TransportError as exc:
                raise LoadError(command, None, f"cannot reach {command.service} at {http.base_url}: "
                                               f"{type(exc).__name__} {exc}") from None
            self.requests[command.key] += 1
            if response.is_success:
                break
            retry = _retry_after(response) if response.status_code in BUSY else None
            if retry is None and (response.status_code, _code(response)) in NOT_YET.get(command.race, ()):
                retry = pause
                # Up to a second: in a large load a consumer can be minutes behind, and each
                # ask is a request the services serve on the loader's core.
                pause = min(pause * 2, 1.0)
            if retry is None:
                raise LoadError(command, response.status_code, _message(response))
            if time.monotonic() + retry > deadline:
                raise LoadError(command, response.status_code,
                                f"still '{_message(response)}' after {self._wait:g} s: is the service "
                                "consuming intake's events?")
            self.waits += 1
            await asyncio.sleep(retry)  # polling: the next answer says whether it has arrived
        saved: dict[tuple[str, str], str] = {}
        if command.saves:
            answer = response.json()
            saved = {(name, str(command.owner)): str(answer[key]) for name, key in command.saves.items()}
            self.ids.update(saved)
        for topic, count in command.events:
            self.events[topic] += count
        return saved


def _retry_after(response: httpx.Response) -> float:
    try:
        return max(0.05, float(response.headers.get("Retry-After", "1")))
    except ValueError:
        return 1.0


def _code(response: httpx.Response) -> str | None:
    try:
        return response.json()["error"]["code"]
    except (ValueError, KeyError, TypeError):
        return None


def _message(response: httpx.Response) -> str:
    """The error body's message, with the fields it names (the one error shape)."""
    try:
        error = response.json()["error"]
    except (ValueError, KeyError, TypeError):
        return response.text[:200] or response.reason_phrase
    fields = "; ".join(f"{f.get('field')}: {f.get('message')}" for f in error.get("fields") or [])
    return f"{error.get('code')}: {error.get('message')}" + (f" ({fields})" if fields else "")
