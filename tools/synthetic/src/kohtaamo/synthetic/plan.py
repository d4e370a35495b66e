"""What the loader will send, as data: commands in order, with references to ids that the
services answer only when the earlier command is made (a client's id, a plan's id).

Pure (no I/O), so a programme can be generated and checked without any service, and so
that the same seed always gives the same commands, whatever ids the services hand out.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from enum import Enum
from typing import Any


@dataclass(frozen=True)
class Ref:
    """An id an earlier command answered: ``Ref("plan", 7)`` is client 7's plan's id."""

    name: str
    owner: int | str


@dataclass(frozen=True)
class Actor:
    """Who sends a command: a staff member's token (``sub``, roles, organisation, team)."""

    sub: str
    role: str
    org: str
    team: str | None = None


class Race(Enum):
    """How a command waits for what another service learns over the transport."""

    NONE = "none"
    APPEAR = "appear"  # a read that answers 404 until the client's registration arrives
    CONSENT = "consent"  # a command refused (404, 409 consent_missing) until the consent arrives


@dataclass(frozen=True)
class Command:
    service: str  # intake, casework, meetingplace
    method: str
    route: str  # the path with {placeholders}, each a Ref in ``path``
    actor: Actor
    body: dict[str, Any] | None = None
    path: dict[str, Ref] = field(default_factory=dict)
    saves: dict[str, str] = field(default_factory=dict)  # Ref name -> key of the JSON answer
    owner: int | str = 0  # whose Refs ``saves`` fills in
    race: Race = Race.NONE
    events: tuple[tuple[str, int], ...] = ()  # (topic, events) expected once it succeeds
    day: date | None = None  # the effective date, for the programme's own bookkeeping

    @property
    def key(self) -> str:
        """The route as counted in the summary: ``POST /clients/{client}/plans``."""
        return f"{self.method} {self.route}"


def client_ref(n: int) -> Ref:
    return Ref("client", n)
