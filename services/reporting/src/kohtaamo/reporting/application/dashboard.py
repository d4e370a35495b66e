"""What the dashboard shows: published figures, as every other reader gets them.

The page computes no number of its own. Each one is a figure the engine evaluated for
(scope, period, as_of) and ``publish`` put through disclosure control, exactly what the
figures API answers for the same parameters. The whole page comes from one snapshot, so
its cards, tables and charts agree with each other.

Progress over time is figures too, one per quarter or month of the project window up to
the as-of day: for a target judged over the whole window (about 350 clients) each point
runs from the window's start to the step's end (``from``/``to`` in the API), so the line
climbs towards the target; otherwise each point is the step itself (``period=2016Q1``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, Literal
from zoneinfo import ZoneInfo

from . import periods
from .engine import Engine
from .evaluation import Scope
from .periods import Period
from .publication import publish

HELSINKI = ZoneInfo("Europe/Helsinki")
Step = Literal["quarter", "month"]
# Per-client attendance rows are for the figures API and exports, not for a page.
SHOWN_KINDS = ("client_count", "client_share", "cross_tab", "monthly_sums")


@dataclass(frozen=True)
class Point:
    period: Period  # as the figures API would be asked for it
    figure: dict[str, Any]  # published


@dataclass(frozen=True)
class Progress:
    code: str
    cumulative: bool  # each point from the window's start to the end of its step
    points: list[Point]


@dataclass(frozen=True)
class Overview:
    scope: Scope
    period: Period
    as_of: datetime
    figures: dict[str, dict[str, Any]]  # published, by code, in the pack's order
    progress: list[Progress]  # one per indicator with a target
    definitions: dict[str, Any]  # each shown indicator's definition (titles, dimensions)


async def overview(engine: Engine, scope: Scope, period: Period, as_of: datetime,
                   step: Step = "quarter") -> Overview:
    shown = [code for code, v in engine.pack.indicators.items() if v.definition.kind in SHOWN_KINDS]
    known_on = as_of.astimezone(HELSINKI).date()
    charts = {code: _points(v.definition.target, scope.project.window, step, known_on)
              for code, v in engine.pack.indicators.items()
              if code in shown and v.definition.target is not None}
    wanted = [(code, period) for code in shown]
    wanted += [(code, p) for code, (_, points) in charts.items() for p in points]
    published = iter([publish(f) for f in await engine.evaluate_each(wanted, scope, as_of)])
    figures = {code: next(published) for code in shown}
    progress = [Progress(code, cumulative, [Point(p, next(published)) for p in points])
                for code, (cumulative, points) in charts.items()]
    definitions = {code: engine.pack.indicators[code].definition for code in shown}
    return Overview(scope, period, as_of, figures, progress, definitions)


def _points(target: Any, window: tuple[date, date], step: Step, known_on: date
            ) -> tuple[bool, list[Period]]:
    cumulative = target.judged == "whole_window" and target.comparator == ">="
    steps = [p for p in periods.steps(window, step) if p.start <= known_on]
    if not cumulative:
        return False, steps
    # The last point, when it reaches the window's end, is the window itself.
    return True, [Period(window[0], p.end, "dates") if p.end < window[1]
                  else Period(window[0], window[1], "window", "window") for p in steps]
