"""Every published payload, and the default registry built from them."""

from .envelope import Payload
from .intake.v1 import ClientRegistered
from .registry import Registry

PAYLOADS: tuple[type[Payload], ...] = (ClientRegistered,)


def default_registry() -> Registry:
    return Registry(PAYLOADS)
