"""A casework command added to a client's path."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from .plan import Actor, Command, Ref, client_ref

if TYPE_CHECKING:
    from .clients import Client

CLIENTS = "casework.clients"
PERIODS = "casework.work-activities"


def cw(me: Client, actor: Actor, route: str, body: dict[str, Any] | None, day: date, *,
       topic: str = CLIENTS, path: dict[str, Ref] | None = None, **options: Any) -> Command:
    command = Command("casework", "POST", route, actor, body, path={"client": client_ref(me.n), **(path or {})},
                      owner=me.n, events=((topic, 1),), day=day, **options)
    me.commands.append(command)
    return command
