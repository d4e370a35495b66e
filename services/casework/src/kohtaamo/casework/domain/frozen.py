"""One helper for the domain's frozen value objects."""

from __future__ import annotations

from typing import Any


def freeze(value: Any, *names: str) -> None:
    """Turn the named sequence fields of a frozen dataclass into tuples (callers pass lists)."""
    for name in names:
        object.__setattr__(value, name, tuple(getattr(value, name)))
