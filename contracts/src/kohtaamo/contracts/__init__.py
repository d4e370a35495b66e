"""Kohtaamo's published language: integration events between services."""

from . import topics
from .catalogue import PAYLOADS, default_registry
from .envelope import Envelope, Payload
from .errors import ContractError, MalformedEvent, UnknownEventType, UnknownSchemaVersion
from .registry import Registry
from .routing import ROUTES, Route, route_for

__all__ = [
    "PAYLOADS",
    "ROUTES",
    "ContractError",
    "Envelope",
    "MalformedEvent",
    "Payload",
    "Registry",
    "Route",
    "UnknownEventType",
    "UnknownSchemaVersion",
    "default_registry",
    "route_for",
    "topics",
]
