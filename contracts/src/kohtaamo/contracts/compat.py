"""Is a model's new JSON Schema a breaking change from its committed snapshot?

Breaking means some message that one side can produce would be rejected, or silently
misread, by the other side built against the other schema:

- a field removed (old consumers still require it),
- a field retyped, including made nullable or turned from integer into number,
- a new required field, or an optional field made required (old messages lack it),
- an enum value removed (old messages carry it),
- a constraint tightened (pattern changed, a bound or length limit added or narrowed).

Additive changes pass: a new optional field, a new enum value, a loosened bound, new
descriptions. (A new enum value is still rejected by consumers built before it: deploy
the consumers before a producer starts sending it.)
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

Schema = dict[str, Any]

_LOWER_BOUNDS = ("minimum", "exclusiveMinimum", "minLength", "minItems")
_UPPER_BOUNDS = ("maximum", "exclusiveMaximum", "maxLength", "maxItems")


def breaking_changes(old: Schema, new: Schema) -> list[str]:
    """Every breaking difference from ``old`` to ``new``, as readable sentences."""
    return list(_Comparison(old, new).compare(old, new, "", frozenset()))


class _Comparison:
    def __init__(self, old_root: Schema, new_root: Schema) -> None:
        self._roots = (old_root, new_root)

    def compare(self, old: Schema, new: Schema, path: str, seen: frozenset) -> Iterator[str]:
        old, new = _resolve(old, self._roots[0]), _resolve(new, self._roots[1])
        if (id(old), id(new)) in seen:  # a recursive model: already compared on this path
            return
        seen = seen | {(id(old), id(new))}
        where = path or "<root>"
        kind = _kind(old)
        if kind != _kind(new):
            yield f"{where}: type changed from {_describe(old)} to {_describe(new)}"
            return
        yield from _tightened(old, new, where)
        if kind == "object":
            yield from self._objects(old, new, path, seen)
        elif kind == "array":
            yield from self.compare(old.get("items", {}), new.get("items", {}), f"{path}[]", seen)
        elif kind == "enum":
            removed = [v for v in old["enum"] if v not in new["enum"]]
            if removed:
                yield f"{where}: enum value removed: {', '.join(map(str, removed))}"
        elif kind == "const" and old["const"] != new["const"]:
            yield f"{where}: constant changed from {old['const']!r} to {new['const']!r}"
        elif kind == "union":
            yield from self._unions(old, new, path, seen)

    def _objects(self, old: Schema, new: Schema, path: str, seen: frozenset) -> Iterator[str]:
        old_fields, new_fields = old.get("properties", {}), new.get("properties", {})
        old_required, new_required = set(old.get("required", ())), set(new.get("required", ()))
        for name, field in old_fields.items():
            here = f"{path}.{name}" if path else name
            if name not in new_fields:
                yield f"{here}: field removed"
            else:
                yield from self.compare(field, new_fields[name], here, seen)
        for name in sorted(new_required - old_required):
            here = f"{path}.{name}" if path else name
            yield (f"{here}: optional field became required" if name in old_fields
                   else f"{here}: new required field")

    def _unions(self, old: Schema, new: Schema, path: str, seen: frozenset) -> Iterator[str]:
        where = path or "<root>"
        old_branches = [_resolve(b, self._roots[0]) for b in _branches(old)]
        new_branches = [_resolve(b, self._roots[1]) for b in _branches(new)]
        unmatched = list(new_branches)
        for branch in old_branches:
            twin = next((b for b in unmatched if _kind(b) == _kind(branch)), None)
            if twin is None:
                yield f"{where}: no longer accepts {_describe(branch)}"
                continue
            unmatched.remove(twin)
            yield from self.compare(branch, twin, path, seen)
        for branch in unmatched:
            yield f"{where}: now also sends {_describe(branch)}, which old consumers reject"


def _resolve(node: Schema, root: Schema) -> Schema:
    for _ in range(32):  # a chain of references, never a loop in pydantic's output
        if "$ref" in node:
            name = node["$ref"].removeprefix("#/$defs/")
            node = {**root["$defs"][name], **{k: v for k, v in node.items() if k != "$ref"}}
        elif len(node.get("allOf", ())) == 1:  # older pydantic wraps a described $ref
            node = {**node["allOf"][0], **{k: v for k, v in node.items() if k != "allOf"}}
        else:
            return node
    raise ValueError("unresolvable $ref chain")


def _branches(node: Schema) -> list[Schema]:
    return list(node.get("anyOf", ())) + list(node.get("oneOf", ()))


def _kind(node: Schema) -> str:
    if "enum" in node:
        return "enum"
    if "const" in node:
        return "const"
    if "anyOf" in node or "oneOf" in node:
        return "union"
    kind = node.get("type")
    if kind == "object" or "properties" in node:
        return "object"
    if kind is None:
        return "any"
    return f"{kind}:{node['format']}" if "format" in node else str(kind)


def _describe(node: Schema) -> str:
    kind = _kind(node)
    if kind == "union":
        return " | ".join(_describe(b) for b in _branches(node))
    return f"{kind} {node['title']}" if kind in ("enum", "object") and "title" in node else kind


def _tightened(old: Schema, new: Schema, where: str) -> Iterator[str]:
    if old.get("pattern") != new.get("pattern") and "pattern" in new:
        yield f"{where}: pattern changed from {old.get('pattern')!r} to {new['pattern']!r}"
    if new.get("uniqueItems") and not old.get("uniqueItems"):
        yield f"{where}: items must now be unique"
    if new.get("multipleOf") not in (None, old.get("multipleOf")):
        yield f"{where}: multipleOf changed to {new['multipleOf']}"
    for key in _LOWER_BOUNDS:
        if key in new and (key not in old or new[key] > old[key]):
            yield f"{where}: {key} raised to {new[key]}"
    for key in _UPPER_BOUNDS:
        if key in new and (key not in old or new[key] < old[key]):
            yield f"{where}: {key} lowered to {new[key]}"
