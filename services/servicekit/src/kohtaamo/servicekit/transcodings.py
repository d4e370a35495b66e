"""Transcodings for values the eventsourcing library cannot store by default (pure)."""

from __future__ import annotations

import dataclasses
from datetime import date
from typing import Any

from eventsourcing.persistence import Transcoding


class DateAsISO(Transcoding):
    """Lets domain events carry ``datetime.date`` values (the library has no default for it)."""

    type = date
    name = "date_iso"

    def encode(self, obj: date) -> str:
        return obj.isoformat()

    def decode(self, data: str) -> date:
        return date.fromisoformat(data)


class DataclassAsDict(Transcoding):
    """Lets domain events carry a frozen dataclass value (a value object) as its fields.

    Decoding sets the fields without calling ``__init__``: replaying history never re-runs a
    value object's rules (they may have tightened since the event was stored). Lists come
    back as tuples, as the value objects keep them; a field added later with a default gets
    the default in events stored before it.
    """

    def __init__(self, kind: type, name: str) -> None:
        if not dataclasses.is_dataclass(kind):
            raise TypeError(f"{kind.__qualname__} is not a dataclass")
        self.type = kind
        self.name = name

    def encode(self, obj: Any) -> dict[str, Any]:
        return {f.name: getattr(obj, f.name) for f in dataclasses.fields(obj)}

    def decode(self, data: dict[str, Any]) -> Any:
        obj = object.__new__(self.type)
        for f in dataclasses.fields(self.type):
            if f.name in data:
                value = data[f.name]
            elif f.default is not dataclasses.MISSING:
                value = f.default
            elif f.default_factory is not dataclasses.MISSING:
                value = f.default_factory()
            else:
                raise ValueError(f"stored {self.name} has no {f.name}")
            object.__setattr__(obj, f.name, tuple(value) if isinstance(value, list) else value)
        return obj
