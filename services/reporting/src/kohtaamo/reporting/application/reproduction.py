"""A publication computed again from the facts, exactly as it was closed: the definitions it
stored, as of its closing moment, only what had been read up to its log positions.

The exact numbers are compared, but a difference is reported in the published form only
(which field differs, and what was shown): a reproduction reveals no suppressed number.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from .engine import Engine
from .evaluation import Figure, Scope
from .publication import publish
from .published import Publication, PublishedFigure, comparable, raw


@dataclass(frozen=True)
class Difference:
    code: str
    basis: str
    fields: list[str]  # e.g. ["numerator", "value"] or ["table.cells[2][1]"]
    published: dict[str, Any]  # as published
    recomputed: dict[str, Any]  # the recomputed figure, disclosure control applied


@dataclass(frozen=True)
class Reproduction:
    publication: Publication
    figures: int
    differences: list[Difference]

    @property
    def reproduced(self) -> bool:
        return not self.differences


async def recompute(engine: Engine, publication: Publication, as_of: datetime | None = None
                    ) -> list[Figure]:
    """The publication's figures with its own definitions and periods: as closed (bound to
    its log positions) or, given ``as_of``, as known then."""
    scope = Scope(publication.project, publication.project.organisations)
    items = [(f.indicator, f.period) for f in publication.figures]
    if as_of is None:
        return await engine.evaluate_many(items, scope, publication.closed_at,
                                          through=publication.positions)
    return await engine.evaluate_many(items, scope, as_of)


async def reproduce(engine: Engine, publication: Publication) -> Reproduction:
    again = await recompute(engine, publication)
    differences = []
    for stored, figure in zip(publication.figures, again, strict=True):
        fields = differing(stored, figure)
        if fields:
            differences.append(Difference(stored.code, stored.basis, fields,
                                          comparable(stored.published), comparable(publish(figure))))
    return Reproduction(publication, len(again), differences)


def differing(stored: PublishedFigure, figure: Figure) -> list[str]:
    """The fields whose exact value differs, the definition version included."""
    found = [] if figure.indicator.version == stored.indicator.version else ["definition_version"]
    before, after = _flat(stored.raw), _flat(raw(figure))
    found += sorted(k for k in before.keys() | after.keys() if before.get(k) != after.get(k))
    return found


def _flat(value: Any, path: str = "") -> dict[str, Any]:
    if isinstance(value, dict):
        return {k: v for key, item in value.items()
                for k, v in _flat(item, f"{path}.{key}" if path else key).items()}
    if isinstance(value, list | tuple):
        return {k: v for i, item in enumerate(value) for k, v in _flat(item, f"{path}[{i}]").items()}
    return {path: value}
