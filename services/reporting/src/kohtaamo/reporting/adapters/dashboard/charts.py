"""Server-drawn charts: where each point, bar, tick and target line goes in an SVG.

Pure geometry over numbers the page already shows; the template draws it. A point with no
number (suppressed, or not available) leaves a gap in a line and an empty slot among the
bars, marked so that it reads as "not shown", never as zero.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Literal

WIDTH, HEIGHT = 640, 260
LEFT, RIGHT, TOP, BOTTOM = 56, 16, 16, 44


@dataclass(frozen=True)
class Mark:
    x: float
    y: float | None  # None: no number to draw
    label: str  # the axis label of its step
    text: str  # the value as printed (or the suppression label)
    show_label: bool  # every step's label would not fit on the axis


@dataclass(frozen=True)
class Tick:
    y: float
    text: str


@dataclass(frozen=True)
class Chart:
    kind: Literal["line", "bars"]
    width: int
    height: int
    left: int
    right: float
    top: int
    baseline: float
    slot: float  # the width each step gets
    marks: list[Mark]
    ticks: list[Tick]
    target_y: float | None
    segments: list[str]  # polyline point lists, broken where a point has no number


def nice_step(top: Decimal) -> Decimal:
    """A step of 1, 2 or 5 times a power of ten giving at most five gridlines up to ``top``."""
    if top <= 0:
        return Decimal(1)
    power = Decimal(10) ** (len(str(int(top))) - 1)
    for factor in (Decimal("0.1"), Decimal("0.2"), Decimal("0.5"), 1, 2, 5, 10):
        step = power * factor
        if top / step <= 5:
            return max(step, Decimal(1))
    return power * 10


def layout(kind: Literal["line", "bars"], values: list[Decimal | None], labels: list[str],
           texts: list[str], target: Decimal | None, tick_text: Callable[[Decimal], str]) -> Chart:
    known = [v for v in values if v is not None]
    top = max(known + ([target] if target is not None else []) + [Decimal(1)])
    step = nice_step(top)
    axis_top = (top / step).to_integral_value(rounding="ROUND_CEILING") * step
    plot_h = HEIGHT - TOP - BOTTOM
    plot_w = WIDTH - LEFT - RIGHT
    slot = plot_w / max(len(values), 1)

    def y_of(v: Decimal) -> float:
        return round(TOP + plot_h - float(v / axis_top) * plot_h, 1)

    every = max(1, -(-len(values) * 64 // plot_w))  # a label needs about 64 px
    marks = [Mark(round(LEFT + slot * (i + 0.5), 1), y_of(v) if v is not None else None, label,
                  shown, i % every == 0)
             for i, (v, label, shown) in enumerate(zip(values, labels, texts, strict=True))]
    ticks = [Tick(y_of(step * k), tick_text(step * k))
             for k in range(int(axis_top / step) + 1)]
    segments, current = [], []
    for m in marks:
        if m.y is None:
            if current:
                segments.append(current)
            current = []
        else:
            current.append(f"{m.x},{m.y}")
    if current:
        segments.append(current)
    return Chart(kind, WIDTH, HEIGHT, LEFT, WIDTH - RIGHT, TOP, float(TOP + plot_h), round(slot, 1),
                 marks, ticks, y_of(target) if target is not None else None,
                 [" ".join(s) for s in segments])
