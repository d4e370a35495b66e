"""What ``CopiedByContainers`` relies on: an aggregate's state is immutable values, held
directly or in dicts, lists and sets (the containers its copy renews)."""

from __future__ import annotations

import dataclasses
from datetime import date, datetime, time
from decimal import Decimal
from enum import Enum
from typing import Any
from uuid import UUID

LEAVES = (str, int, float, bytes, type(None), date, datetime, time, UUID, Decimal, Enum)


def frozen_value(value: Any) -> bool:
    if isinstance(value, LEAVES):
        return True
    if isinstance(value, tuple | frozenset):
        return all(frozen_value(v) for v in value)
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return value.__dataclass_params__.frozen and all(  # type: ignore[attr-defined]
            frozen_value(getattr(value, f.name)) for f in dataclasses.fields(value))
    return False


def mutable_parts(aggregate: Any) -> list[str]:
    """The attributes of ``aggregate`` holding something a copy would share and a command
    could change in place (empty when the cheap copy is safe)."""
    found = []
    for name, value in vars(aggregate).items():
        if name == "_pending_events":  # a list of the library's frozen events, renewed too
            continue
        held = ([*value.keys(), *value.values()] if isinstance(value, dict)
                else list(value) if isinstance(value, list | set) else [value])
        found += [f"{name}: {type(v).__name__}" for v in held if not frozen_value(v)]
    return found
