"""The domain's frozen value objects: a helper to build them, and the cheap copy of an
aggregate that holds only them."""

from __future__ import annotations

from typing import Any


def freeze(value: Any, *names: str) -> None:
    """Turn the named sequence fields of a frozen dataclass into tuples (callers pass lists)."""
    for name in names:
        object.__setattr__(value, name, tuple(getattr(value, name)))


class CopiedByContainers:
    """An aggregate whose state is immutable values (frozen dataclasses, tuples, strings,
    dates, UUIDs) and the dicts and lists that hold them.

    The library deep-copies a cached aggregate for every command, so that the command's
    changes stay off the cache until saved. Here only the containers change (a value is
    replaced, never changed in place), so a copy with new containers and the same values
    is as independent, and far cheaper for a file with years of history. A test checks
    that the values stay immutable.
    """

    def __deepcopy__(self, memo: dict[int, Any]) -> Any:
        copy = object.__new__(type(self))
        copy.__dict__.update({name: value.copy() if isinstance(value, (dict, list, set)) else value
                              for name, value in self.__dict__.items()})
        memo[id(self)] = copy
        return copy
