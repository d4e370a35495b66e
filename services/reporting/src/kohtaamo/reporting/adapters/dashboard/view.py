"""From the overview's published figures to what the templates print: texts, cells, charts.

Nothing here computes a figure. It picks the published value, the suppression label or
the status each figure already carries, and formats it for the page's language.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from typing import Any
from urllib.parse import urlencode

from ...application.dashboard import Overview, Progress, Step
from ...application.pack import Project
from ...application.periods import Period
from . import charts
from .formatting import Formats, Shown
from .labels import Language, text

DRILLDOWN_ROLES = ("manager", "project_manager")  # as agreed for the drill-down route


@dataclass(frozen=True)
class Choice:
    """What the page shows, as the pickers chose it."""

    project: Project
    organisation: str | None
    period: Period
    as_of: datetime
    as_of_day: date | None  # when a day was given
    as_of_moment: str | None  # when a moment was given, as given; neither: now
    step: Step
    lang: Language

    @property
    def as_of_given(self) -> str | None:
        return self.as_of_day.isoformat() if self.as_of_day else self.as_of_moment

    def query(self, **changes: Any) -> str:
        values = {"project": self.project.id, "organisation": self.organisation,
                  "period": self.period.name, "as_of": self.as_of_given,
                  "step": self.step, "lang": self.lang} | changes
        return urlencode({k: v for k, v in values.items() if v is not None})

    def api_query(self, **extra: str) -> str:
        """The figures API's parameters for exactly what the page shows (as_of pinned)."""
        values = {"project": self.project.id, "period": self.period.name,
                  "as_of": self.as_of.isoformat(), "organisation": self.organisation} | extra
        return urlencode({k: v for k, v in values.items() if v is not None})


@dataclass(frozen=True)
class Link:
    text: str
    href: str


@dataclass(frozen=True)
class Card:
    code: str
    title: str
    description: str
    value: Shown
    status: str
    status_text: str
    target_text: str | None
    details: list[str]
    links: list[Link] = field(default_factory=list)


@dataclass(frozen=True)
class TableView:
    code: str
    title: str
    description: str
    head: list[str]  # the first is the row header's column
    rows: list[tuple[str, list[Shown]]]
    totals: bool
    csv: str


@dataclass(frozen=True)
class ChartView:
    code: str
    title: str
    note: str
    target_text: str | None
    chart: charts.Chart
    rows: list[tuple[str, Shown]]


def cards(overview: Overview, choice: Choice, roles: frozenset[str]) -> tuple[list[Card], list[Card]]:
    """The count and share figures: those with a target, then the others."""
    fmt, targeted, other = Formats(choice.lang), [], []
    for code, fig in overview.figures.items():
        if fig["kind"] not in ("client_count", "client_share"):
            continue
        share = fig["kind"] == "client_share"
        details = []
        if share:
            details.append(text("of_clients", choice.lang,
                                numerator=fmt.cell(_part(fig, "numerator")).text,
                                denominator=fmt.cell(_part(fig, "denominator")).text))
        if fig.get("previous"):
            before = fig["previous"]
            span = Period(date.fromisoformat(before["start"]), date.fromisoformat(before["end"]), "dates")
            details.append(f"{text('previous', choice.lang)} ({fmt.period(span)}): {fmt.cell(before).text}")
        links = [Link(text("csv", choice.lang), f"/indicators/{code}.csv?{choice.api_query()}")]
        if roles & set(DRILLDOWN_ROLES):
            for which in (("numerator", "excluded") if share else ("numerator",)):
                links.append(Link(f"{text('drilldown', choice.lang)}: {text('set_' + which, choice.lang)}",
                                  f"/dashboard/drilldown?{choice.query(code=code, set=which)}"))
        card = Card(code, fig["title"][choice.lang], _description(overview, code, choice.lang),
                    fmt.cell(fig, share=share), fig["status"],
                    text(f"status_{fig['status']}" if fig["target"] else "no_target", choice.lang),
                    target_text(fig["target"], share, fmt), details, links)
        (targeted if fig["target"] else other).append(card)
    return targeted, other


def _part(fig: dict[str, Any], name: str) -> dict[str, Any]:
    shown = fig.get(f"{name}_shown")
    return {"value": fig.get(name), "shown": shown, "suppressed": fig.get(name) is None and shown != ""}


def _description(overview: Overview, code: str, lang: Language) -> str:
    return overview.definitions[code].description.model_dump()[lang]


def target_text(target: dict[str, Any] | None, share: bool, fmt: Formats) -> str | None:
    if not target:
        return None
    if target["comparator"] == "rising":
        return f"{text('target', fmt.lang)}: {text('target_rising', fmt.lang)}"
    value = Decimal(str(target["value"]))
    shown = fmt.percent(value) if share else fmt.count(value)
    out = f"{text('target', fmt.lang)}: {text('target_at_least', fmt.lang, value=shown)}"
    if target.get("judged") == "whole_window":
        out += f" {text('target_whole_window', fmt.lang)}"
    return out


def progress_charts(overview: Overview, choice: Choice) -> list[ChartView]:
    return [_progress_chart(p, overview, choice) for p in overview.progress if p.points]


def _progress_chart(progress: Progress, overview: Overview, choice: Choice) -> ChartView:
    fmt = Formats(choice.lang)
    first = progress.points[0].figure
    share = first["kind"] == "client_share"
    shown = [fmt.cell(p.figure, share=share) for p in progress.points]
    target = first["target"]
    target_value = Decimal(str(target["value"])) if target and target.get("value") is not None else None
    chart = charts.layout("line" if share or progress.cumulative else "bars",
                          [s.number for s in shown], [fmt.short_period(p.period) for p in progress.points],
                          [s.text for s in shown], target_value,
                          (lambda v: fmt.percent(v)) if share else fmt.count)
    rows = [(fmt.period(p.period), s) for p, s in zip(progress.points, shown, strict=True)]
    note = text("cumulative_note" if progress.cumulative else "per_step_note", choice.lang)
    return ChartView(progress.code, first["title"][choice.lang], note,
                     target_text(target, share, fmt), chart, rows)


def cross_tables(overview: Overview, choice: Choice) -> list[TableView]:
    fmt, out = Formats(choice.lang), []
    for code, fig in overview.figures.items():
        if fig["kind"] != "cross_tab":
            continue
        table = fig["table"]
        rows_are = overview.definitions[code].rows.dimension
        head = [text(f"dimension_{rows_are}", choice.lang)] + [c["title"][choice.lang] for c in table["columns"]]
        rows = [(r["key"]["title"][choice.lang], [fmt.cell(c) for c in r["cells"]]) for r in table["rows"]]
        out.append(TableView(code, fig["title"][choice.lang], _description(overview, code, choice.lang),
                             head, rows, table["totals"], f"/indicators/{code}.csv?{choice.api_query()}"))
    return out


def monthly(overview: Overview, choice: Choice) -> tuple[list[ChartView], list[TableView]]:
    """Visits per meeting place as a chart each (with its table); other monthly sums as tables."""
    fmt, places, tables = Formats(choice.lang), [], []
    for code, fig in overview.figures.items():
        if fig["kind"] != "monthly_sums":
            continue
        table, title = fig["table"], fig["title"][choice.lang]
        head = [text("month_col", choice.lang)] + [c["title"][choice.lang] for c in table["columns"]]
        if table["rows"] and "meeting_place_id" in table["rows"][0]["key"]:
            by_place: dict[str, list[dict[str, Any]]] = {}
            for row in table["rows"]:
                by_place.setdefault(row["key"]["meeting_place_id"], []).append(row)
            for n, (place, rows) in enumerate(by_place.items(), start=1):
                cells = [fmt.cell(r["cells"][0]) for r in rows]
                months = [r["key"]["month"] for r in rows]
                chart = charts.layout("bars", [c.number for c in cells], [fmt.short_month(m) for m in months],
                                      [c.text for c in cells], None, fmt.count)
                name = f"{text('place', choice.lang)} {n} ({place[:8]})"
                places.append(ChartView(code, f"{title}: {name}", "", None, chart,
                                        [(fmt.month(m), c) for m, c in zip(months, cells, strict=True)]))
            continue
        rows = [(fmt.month(r["key"]["month"]), [fmt.cell(c) for c in r["cells"]]) for r in table["rows"]]
        tables.append(TableView(code, title, _description(overview, code, choice.lang), head, rows,
                                False, f"/indicators/{code}.csv?{choice.api_query()}"))
    return places, tables
