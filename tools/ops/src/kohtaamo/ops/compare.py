"""Every indicator of the pack, from two read models, as known at one moment.

For each project: its whole window, and every year and quarter of it that the facts
reach (the span of their ``effective_date``); for the whole project and each of its
organisations. Figures are compared raw (before disclosure control): count, numerator,
denominator, value, status, the previous period's count and every table cell. The lines
name indicators, periods and organisations and give the numbers, never who is behind them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

import asyncpg

from kohtaamo.reporting.application import periods
from kohtaamo.reporting.application.engine import Engine
from kohtaamo.reporting.application.evaluation import Figure, Scope
from kohtaamo.reporting.application.pack import Pack, Project


@dataclass(frozen=True)
class Comparison:
    evaluated: int  # figures per read model
    differences: list[str]
    same_positions: bool


async def fact_span(pool: asyncpg.Pool) -> tuple[date, date] | None:
    tables = await pool.fetch(
        "SELECT table_name FROM information_schema.columns WHERE table_schema = current_schema()"
        " AND column_name = 'effective_date' AND table_name LIKE 'fact\\_%'")
    if not tables:
        return None
    union = " UNION ALL ".join(
        f'SELECT min(effective_date) AS lo, max(effective_date) AS hi FROM "{t["table_name"]}"'
        for t in tables)
    row = await pool.fetchrow(f"SELECT min(lo) AS lo, max(hi) AS hi FROM ({union}) AS spans")
    return (row["lo"], row["hi"]) if row and row["lo"] else None


def period_names(project: Project, span: tuple[date, date] | None) -> list[str]:
    names = ["window"]
    if span is None:
        return names
    start, end = max(span[0], project.window_start), min(span[1], project.window_end)
    for year in range(start.year, end.year + 1):
        names.append(str(year))
        for quarter in range(1, 5):
            first = date(year, 3 * quarter - 2, 1)
            last = date(year + (quarter == 4), (3 * quarter) % 12 + 1, 1)
            if first <= end and last > start:
                names.append(f"{year}Q{quarter}")
    return names


async def compare(pack: Pack, live: Engine, new: Engine, span: tuple[date, date] | None,
                  as_of: datetime) -> Comparison:
    differences: list[str] = []
    evaluated, same = 0, True
    for project in pack.projects.values():
        scopes = [Scope(project, project.organisations)]
        if len(project.organisations) > 1:
            scopes += [Scope(project, (org,)) for org in project.organisations]
        for name in period_names(project, span):
            period = periods.parse(name, None, None, project.window)
            for scope in scopes:
                before = await live.evaluate_pack(scope, period, as_of)
                after = await new.evaluate_pack(scope, period, as_of)
                evaluated += len(after)
                same = same and _positions(before) == _positions(after)
                who = "all organisations" if scope.whole_project else ", ".join(scope.organisations)
                for b, a in zip(before, after, strict=True):
                    if (vb := comparable(b)) != (va := comparable(a)):
                        differences.append(f"{a.code} {project.id} {name} ({who}): "
                                           f"{_changes(vb, va)}")
    return Comparison(evaluated, differences, same)


def _positions(figures: list[Figure]) -> list[tuple[str, int, int]]:
    return sorted({(p.topic, p.partition, p.offset) for f in figures for p in f.positions})


def comparable(f: Figure) -> dict[str, Any]:
    return {"status": f.status, "count": f.count, "numerator": f.numerator,
            "denominator": f.denominator, "value": f.value,
            "previous": f.previous.count if f.previous else None,
            "cells": [list(row) for row in f.table.cells] if f.table else None}


def _changes(before: dict[str, Any], after: dict[str, Any]) -> str:
    return ", ".join(f"{k} {before[k]} -> {after[k]}" for k in before if before[k] != after[k])
