"""Each indicator kind once: from the definition and the facts to a raw Figure."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import replace
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any

from .definitions import (
    ClientCount,
    ClientShare,
    CrossTab,
    Dimension,
    MonthlyAttendance,
    MonthlySums,
    Target,
    Text,
)
from .evaluation import Column, Facts, Figure, Members, Position, Scope, Table, one_decimal, percent
from .pack import Versioned
from .periods import Period


async def evaluate_kind(facts: Facts, indicator: Versioned, scope: Scope, period: Period,
                        as_of: datetime, positions: list[Position]) -> Figure:
    d = indicator.definition
    base = Figure(indicator, scope, period, as_of, positions)
    match d:
        case ClientCount():
            return await _count(facts, d, base)
        case ClientShare():
            return await _share(facts, d, base)
        case CrossTab():
            return await _cross_tab(facts, d, base)
        case MonthlySums():
            return await _monthly(facts, d, base)
        case MonthlyAttendance():
            return await _attendance(facts, base)
    raise TypeError(f"no evaluation for kind {d.kind}")  # the definitions admit no other


async def _counted(facts: Facts, d: ClientCount, f: Figure, period: Period) -> Members:
    """The counted clients (numerator) of the population (denominator)."""
    rows = await facts.clients(f.scope, period, f.as_of, d.population, d.qualifying)
    return Members(frozenset(r.client_id for r in rows if r.qualifies),
                   frozenset(r.client_id for r in rows))


async def _count(facts: Facts, d: ClientCount, f: Figure) -> Figure:
    members = await _counted(facts, d, f, f.period)
    n = len(members.numerator)
    target, status, previous = d.target, "N_A", None
    if target is not None and target.comparator == "rising":
        before = f.period.previous()
        earlier = await _counted(facts, d, f, before)
        previous = replace(f, period=before, count=len(earlier.numerator))
        status = "RISING" if n > len(earlier.numerator) else "NOT_RISING"
    elif target is not None and _judged(target, f):
        status = "MET" if n >= Decimal(str(target.value)) else "NOT_MET"
    return replace(f, count=n, status=status, previous=previous, members=members)


def _judged(target: Target, f: Figure) -> bool:
    return target.judged == "any_period" or (f.period.start, f.period.end) == f.scope.project.window


async def _share(facts: Facts, d: ClientShare, f: Figure) -> Figure:
    rows = await facts.clients(f.scope, f.period, f.as_of, d.population, d.qualifying)
    num = frozenset(r.client_id for r in rows if r.qualifies)
    den = frozenset(r.client_id for r in rows)
    value = percent(len(num), len(den))
    status = "N_A"
    if d.target is not None and value is not None and _judged(d.target, f):
        status = "MET" if Decimal(value) >= Decimal(str(d.target.value)) else "NOT_MET"
    return replace(f, numerator=len(num), denominator=len(den), value=value, status=status,
                   members=Members(num, den))


async def _cross_tab(facts: Facts, d: CrossTab, f: Figure) -> Figure:
    rows = await facts.clients(f.scope, f.period, f.as_of, d.population, None)
    grid = [[0] * len(d.columns.categories) for _ in d.rows.categories]
    for row in rows:
        r = _category(d.rows, row.dimensions)
        c = _category(d.columns, row.dimensions)
        grid[r][c] += 1
    keep_rows = _kept(d.rows, [sum(line) for line in grid])
    keep_cols = _kept(d.columns, [sum(col) for col in zip(*grid, strict=True)] if grid else [])
    grid = [[grid[r][c] for c in keep_cols] for r in keep_rows]
    row_keys = [_key(d.rows.categories[r].code, d.rows.categories[r].title) for r in keep_rows]
    columns = [Column(d.columns.categories[c].code, d.columns.categories[c].title) for c in keep_cols]
    if d.totals:
        grid = [line + [sum(line)] for line in grid]
        grid.append([sum(col) for col in zip(*grid, strict=True)])
        row_keys.append(_key("TOTAL", _TOTAL))
        columns.append(Column("TOTAL", _TOTAL))
    return replace(f, table=Table(columns, row_keys, grid, totals=d.totals),
                   members=Members(frozenset(), frozenset(r.client_id for r in rows)))


_TOTAL = Text(fi="Yhteensä", en="Total")


def _category(dimension: Dimension, values: dict[str, str]) -> int:
    found = dimension.category_of(values[dimension.dimension])
    if found is None:
        raise ValueError(f"{values[dimension.dimension]!r} is in no category of {dimension.dimension}")
    return found


def _kept(dimension: Dimension, sums: list[int]) -> list[int]:
    return [i for i, c in enumerate(dimension.categories) if not (c.hide_when_empty and sums[i] == 0)]


def _key(code: str, title: Text) -> dict[str, Any]:
    return {"code": code, "title": title.model_dump()}


async def _monthly(facts: Facts, d: MonthlySums, f: Figure) -> Figure:
    months = f.period.months()
    codes = [m.code for m in d.measures]
    cells: dict[tuple[Any, date], list[int]] = {}
    if d.source == "visits":
        places = defaultdict(dict)
        for r in await facts.visits(f.scope, f.period, f.as_of):
            places[r["meeting_place_id"]][r["month"]] = r["visits"]
        for place in sorted(places, key=str):
            for month in months:
                cells[(place, month)] = [int(places[place].get(month, 0))]
    else:
        found = {r["month"]: r for r in await facts.activities(f.scope, f.period, f.as_of)}
        for month in months:
            r = found.get(month)
            cells[(None, month)] = [int(r[c]) if r else 0 for c in codes]
    rows = [({"meeting_place_id": str(place)} if d.per_meeting_place else {}) | {"month": month.strftime("%Y-%m")}
            for place, month in cells]
    columns = [Column(m.code, m.title, m.people) for m in d.measures]
    return replace(f, table=Table(columns, rows, list(cells.values())))


_ATTENDANCE_COLUMNS = [
    Column("days_attended", Text(fi="Läsnäolopäivät", en="Days attended"), people=False),
    Column("hours_attended", Text(fi="Läsnäolotunnit", en="Hours attended"), people=False),
    Column("contracted_days", Text(fi="Sovitut päivät", en="Contracted days"), people=False),
    Column("attendance_rate", Text(fi="Läsnäoloaste %", en="Attendance rate %"), people=False),
]


async def _attendance(facts: Facts, f: Figure) -> Figure:
    attended, contracts = await facts.attendance(f.scope, f.period, f.as_of)
    by_month = {(a.client_id, a.month): a for a in attended}
    contracted: dict[tuple[Any, date], Decimal] = defaultdict(Decimal)
    for k in contracts:
        for month in f.period.months():
            days = _overlap(k.start_on, k.end_on, month)
            if days:
                contracted[(k.client_id, month)] += Decimal(k.days_per_week) * days / 7
    rows, cells = [], []
    for client, month in sorted(set(by_month) | set(contracted), key=lambda k: (str(k[0]), k[1])):
        a, due = by_month.get((client, month)), contracted.get((client, month), Decimal(0))
        days = a.days if a else 0
        rows.append({"client_id": str(client), "month": month.strftime("%Y-%m")})
        cells.append([days, one_decimal(Decimal(a.hours) if a else Decimal(0)), one_decimal(due),
                      percent(days, due)])
    return replace(f, table=Table(_ATTENDANCE_COLUMNS, rows, cells))


def _overlap(start: date, end: date, month: date) -> int:
    month_end = (month.replace(day=28) + timedelta(days=4)).replace(day=1) - timedelta(days=1)
    first, last = max(start, month), min(end, month_end)
    return max(0, (last - first).days + 1)
