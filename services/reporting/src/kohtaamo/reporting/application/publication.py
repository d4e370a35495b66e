"""A Figure as it may leave reporting: disclosure control applied, nothing else added.

Everything a response, an export or a dashboard shows goes through ``publish``; the raw
Figure (with its member sets) never leaves the process. So a suppressed number cannot
appear in a response body: it is gone from the published form, not hidden by the caller.
"""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from . import disclosure
from .disclosure import Shown
from .evaluation import Figure


def _shown(s: Shown) -> dict[str, Any]:
    return {"value": s.value, "shown": s.shown, "suppressed": s.suppressed}


def publish(f: Figure) -> dict[str, Any]:
    d = f.indicator.definition
    out: dict[str, Any] = {
        "code": d.code,
        "kind": d.kind,
        "title": d.title.model_dump(),
        "definition_version": f.indicator.version,
        "project": f.scope.project.id,
        "organisations": list(f.scope.organisations),
        "period": {"name": f.period.name, "start": f.period.start.isoformat(),
                   "end": f.period.end.isoformat()},
        "as_of": f.as_of.isoformat(),
        "log_positions": [asdict(p) for p in f.positions],
        "target": d.target.model_dump() if d.target else None,
        "status": f.status,
    }
    if f.count is not None:
        shown = disclosure.count(f.count)
        out |= {"value": shown.value, "shown": shown.shown, "suppressed": shown.suppressed}
        if f.previous is not None:
            before = disclosure.count(f.previous.count or 0)
            out["previous"] = {"start": f.previous.period.start.isoformat(),
                               "end": f.previous.period.end.isoformat(), **_shown(before)}
    elif f.denominator is not None:
        share = disclosure.share(f.numerator or 0, f.denominator, f.value)
        out |= {
            "numerator": share.numerator.value, "numerator_shown": share.numerator.shown,
            "denominator": share.denominator.value, "denominator_shown": share.denominator.shown,
            "value": share.value.value, "shown": share.value.shown or "n/a",
            "suppressed": share.numerator.suppressed or share.denominator.suppressed,
        }
    if f.table is not None:
        out["table"] = _table(f)
    return out


def _table(f: Figure) -> dict[str, Any]:
    t = f.table
    assert t is not None
    people = [c.people for c in t.columns]
    if all(people) or not any(people):
        protected = disclosure.table(t.cells, people=all(people) and bool(people), with_totals=t.totals)
    else:  # columns of different kinds: each column on its own, no totals across them
        by_column = [disclosure.table([[row[c]] for row in t.cells], people=people[c])
                     for c in range(len(t.columns))]
        protected = [[by_column[c][r][0] for c in range(len(t.columns))] for r in range(len(t.cells))]
    return {
        "columns": [{"code": c.code, "title": c.title.model_dump(), "people": c.people}
                    for c in t.columns],
        "totals": t.totals,
        "rows": [{"key": key, "cells": [_shown(s) for s in row]}
                 for key, row in zip(t.rows, protected, strict=True)],
    }
