"""A publication: what a period close sent, with everything needed to compute it again.

Each figure keeps the definition it was computed with (so a later change of the pack
changes no publication), its exact numbers (``raw``: they never leave reporting; the
reproduction compares them) and the figure as published (disclosure control applied).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Any, Literal
from uuid import UUID

from .evaluation import Figure, Position
from .pack import Project, Versioned
from .periods import Period

Kind = Literal["PERIODIC", "FINAL"]
Basis = Literal["PERIOD", "TO_DATE"]  # the period itself, or the window's start to its end


@dataclass(frozen=True)
class PublishedFigure:
    basis: Basis
    period: Period
    indicator: Versioned
    raw: dict[str, Any]
    published: dict[str, Any]

    @property
    def code(self) -> str:
        return self.indicator.definition.code


@dataclass(frozen=True)
class Publication:
    id: UUID
    project: Project
    kind: Kind
    period: Period
    closed_at: datetime
    closed_by: str
    corrects: UUID | None
    positions: list[Position]
    figures: list[PublishedFigure]
    corrected_by: UUID | None = None  # a later publication correcting this one (read side)


@dataclass(frozen=True)
class PublicationSummary:
    id: UUID
    project_id: str
    kind: Kind
    period: Period
    closed_at: datetime
    closed_by: str
    corrects: UUID | None
    corrected_by: UUID | None


def raw(figure: Figure) -> dict[str, Any]:
    """The exact numbers of a figure (JSON): what a reproduction must find again."""
    out: dict[str, Any] = {"status": figure.status, "count": figure.count,
                           "numerator": figure.numerator, "denominator": figure.denominator,
                           "value": figure.value}
    if figure.previous is not None:
        out["previous"] = {"start": figure.previous.period.start.isoformat(),
                           "end": figure.previous.period.end.isoformat(),
                           "count": figure.previous.count}
    if figure.table is not None:
        out["table"] = {"columns": [c.code for c in figure.table.columns], "rows": figure.table.rows,
                        "cells": figure.table.cells, "totals": figure.table.totals}
    return out


def comparable(published: dict[str, Any]) -> dict[str, Any]:
    """What a reader of a published figure sees of its numbers: without the moment and the
    log positions, which differ whenever it is computed again."""
    return {k: v for k, v in published.items() if k not in ("as_of", "log_positions")}


@dataclass(frozen=True)
class Value:
    """One published number on its own (a row of ``bi.indicator_values``)."""

    line: int  # 0: the figure itself; n: the table's n-th row
    row_key: dict[str, Any]
    measure: str
    value: Decimal | None
    shown: str
    suppressed: bool


def values(published: dict[str, Any]) -> list[Value]:
    out: list[Value] = []
    table = published.get("table")
    if table is not None:
        for line, row in enumerate(table["rows"], start=1):
            for column, cell in zip(table["columns"], row["cells"], strict=True):
                out.append(_value(line, row["key"], column["code"], cell["value"], cell["shown"],
                                  cell["suppressed"]))
        return out
    if "denominator_shown" in published:
        for part in ("numerator", "denominator"):
            shown = published[f"{part}_shown"]
            out.append(_value(0, {}, part, published[part], shown, published[part] is None and shown != ""))
    if "shown" in published:
        out.append(_value(0, {}, "value", published.get("value"), published["shown"],
                          bool(published.get("suppressed"))))
    if published.get("previous"):
        p = published["previous"]
        out.append(_value(0, {"start": p["start"], "end": p["end"]}, "previous", p["value"], p["shown"],
                          p["suppressed"]))
    return out


def _value(line: int, key: dict[str, Any], measure: str, value: Any, shown: str,
           suppressed: bool) -> Value:
    number = None if value is None or suppressed else Decimal(str(value))
    return Value(line, key, measure, number, shown, suppressed)
