"""Kohtaamo's published language: integration events between services."""

from .catalogue import PAYLOADS, default_registry
from .envelope import Envelope, Payload
from .errors import ContractError, MalformedEvent, UnknownEventType, UnknownSchemaVersion
from .registry import Registry

__all__ = [
    "PAYLOADS",
    "ContractError",
    "Envelope",
    "MalformedEvent",
    "Payload",
    "Registry",
    "UnknownEventType",
    "UnknownSchemaVersion",
    "default_registry",
]
