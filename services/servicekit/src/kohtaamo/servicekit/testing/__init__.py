"""Checks every service's tests share: what the application stored can be published.

The shape of each service's generative test: drive the application's commands with arbitrary,
valid-looking input (hypothesis); a command is either refused with nothing stored, or stored
and then every new notification translates into an envelope the registry parses. An event
that fails here would stop that service's outbox in production.
"""

from __future__ import annotations

from typing import Any

from eventsourcing.application import Application

from kohtaamo.contracts import default_registry

from ..outgoing import Outgoing, Translate

_REGISTRY = default_registry()


def publishable(store: Application[Any], translate: Translate, *, after: int = 0) -> list[Outgoing]:
    """Translate every notification after ``after``; fail on the first one that cannot go out."""
    published = []
    for n in store.recorder.select_notifications(start=after, limit=10**6, inclusive_of_start=False):
        event = store.mapper.to_domain_event(n)
        try:
            out = translate(event)
            if out is not None:
                parsed = _REGISTRY.parse(out.envelope.to_bytes())
                assert parsed == out.envelope, "the envelope does not survive its own bytes"
                published.append(out)
        except Exception as exc:
            raise AssertionError(
                f"stored event {type(event).__qualname__} (notification {n.id}) cannot be "
                f"published: {type(exc).__name__}: {exc}"
            ) from exc
    return published


def last_notification(store: Application[Any]) -> int:
    return store.recorder.max_notification_id() or 0
