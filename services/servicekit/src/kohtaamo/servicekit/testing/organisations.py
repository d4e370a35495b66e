"""Organisations kept apart, tested the same way in every service.

A test lists the calls a member of organisation A makes to build up data (each one must
succeed), then ``trespass`` replays every one of them with a token of organisation B holding
the same role:

- a call naming a resource in its path answers 404 in the one error shape, and stores
  nothing;
- any other call (a list, a search, a creation of B's own) may answer, but never with an id
  of A's;
- afterwards A reads what it read before and gets the same answers.

``unreplayed`` names the operations of an app that take a path parameter and that the
scenario does not call, so a new route cannot escape the test.
"""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

import httpx


@dataclass(frozen=True)
class Call:
    operation: str  # "POST /clients/{client_id}/void", as in the OpenAPI document
    path: str
    role: str
    body: Any = None
    expect: int | None = None  # None: any 2xx
    params: Mapping[str, str] = field(default_factory=dict)
    # A listing filtered by the caller's organisation though its path names something (a
    # worker's caseload): it may answer, with none of A's ids, as for any unknown name.
    filtered: bool = False

    @property
    def method(self) -> str:
        return self.operation.split(" ", 1)[0]

    @property
    def names_a_resource(self) -> bool:
        return "{" in self.operation and not self.filtered

    @property
    def reads(self) -> bool:
        return self.method == "GET"


Headers = Callable[[str, str], Mapping[str, str]]  # (role, organisation) -> headers


class Scenario:
    """What organisation ``owner`` does, call by call; ``ids`` collects what the calls made."""

    def __init__(self, api: httpx.AsyncClient, headers: Headers, owner: str) -> None:
        self.api, self.headers, self.owner = api, headers, owner
        self.calls: list[Call] = []
        self.ids: set[str] = set()

    async def do(self, call: Call) -> Any:
        answer = await self._send(call, self.owner)
        succeeded = answer.is_success if call.expect is None else answer.status_code == call.expect
        assert succeeded, f"{call.operation}: {answer.status_code} {answer.text}"
        self.calls.append(call)
        body = answer.json() if answer.content and "json" in answer.headers.get("content-type", "") else None
        self.ids.update(_ids_in(body))
        return body

    def own(self, *ids: object) -> None:
        """Ids of A's that its answers do not carry (made by events, say)."""
        self.ids.update(str(i) for i in ids)

    async def _send(self, call: Call, organisation: str) -> httpx.Response:
        return await self.api.request(call.method, call.path, json=call.body,
                                      params=dict(call.params) or None,
                                      headers=dict(self.headers(call.role, organisation)))


_UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")


def _ids_in(body: Any) -> set[str]:
    return set(_UUID.findall(repr(body))) if body is not None else set()


async def trespass(scenario: Scenario, other: str, *,
                   stored: Callable[[], Awaitable[int] | int] | None = None,
                   compare_reads: bool = True) -> list[str]:
    """Replay ``scenario`` as organisation ``other``; every way it saw or changed A's data.
    ``stored`` counts what the service stored (its event store's last notification);
    ``compare_reads=False`` where A's answers change by themselves (figures "as of now")."""
    reads = [call for call in scenario.calls if call.reads and compare_reads]
    before = [await _read(scenario, call) for call in reads]
    problems = []
    for call in scenario.calls:
        count = await _count(stored)
        answer = await scenario._send(call, other)
        text = answer.text
        if call.names_a_resource:
            if answer.status_code != 404 or set(answer.json()) != {"error"}:
                problems.append(f"{call.operation} as {other}: {answer.status_code} {text[:300]}")
            elif await _count(stored) != count:
                problems.append(f"{call.operation} as {other}: answered 404 but stored something")
        # An id the caller sent may come back (a 404 naming it); any other of A's is a leak.
        sent = _ids_in(call.path) | _ids_in(call.body)
        leaked = sorted(i for i in scenario.ids - sent if i in text)
        if leaked:
            problems.append(f"{call.operation} as {other} saw ids of {scenario.owner}: {leaked}")
    after = [await _read(scenario, call) for call in reads]
    problems.extend(
        f"{call.operation}: {scenario.owner}'s answer changed"
        for call, was, now in zip(reads, before, after) if was != now
    )
    return problems


async def _read(scenario: Scenario, call: Call) -> tuple[int, Any]:
    answer = await scenario._send(call, scenario.owner)
    body = answer.json() if "json" in answer.headers.get("content-type", "") else answer.text
    return answer.status_code, _without_reads(body)


def _without_reads(body: Any) -> Any:
    """An access log grows with the owner's own reads; those are not the trespasser's doing."""
    if isinstance(body, dict) and "entries" in body:
        return {k: v for k, v in body.items() if k != "entries"}
    return body


async def _count(stored: Callable[[], Awaitable[int] | int] | None) -> int | None:
    if stored is None:
        return None
    value = stored()
    return await value if isinstance(value, Awaitable) else value


def unreplayed(document: Mapping[str, Any], calls: Iterable[Call]) -> list[str]:
    """Operations of ``document`` that name a resource in their path and no call makes."""
    made = {call.operation for call in calls}
    return sorted(
        f"{method.upper()} {path}"
        for path, item in document.get("paths", {}).items() if "{" in path
        for method in item if f"{method.upper()} {path}" not in made
    )
