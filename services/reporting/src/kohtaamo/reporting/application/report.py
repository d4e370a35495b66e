"""The funder report of a publication, as content in one language: the title page, the
results, progress to the targets, a table per indicator, the definitions. The XLSX and
PDF adapters only lay it out; every number in it is a published one (shown after
disclosure control), so a renderer cannot print a suppressed number."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from . import disclosure
from .published import Publication, PublishedFigure
from .report_labels import Lang, day, days, label, moment, number, percent, shown


@dataclass(frozen=True)
class Cell:
    text: str
    number: Decimal | None = None  # for a workbook: the number itself, when it is shown
    suppressed: bool = False
    percent: bool = False


@dataclass(frozen=True)
class Grid:
    headers: list[str]
    rows: list[list[Cell]]


@dataclass(frozen=True)
class Section:
    code: str
    title: str
    description: str
    version: str
    basis: str
    period: str
    target: str
    status: str
    grid: Grid
    note: str = ""
    to_date: bool = False  # from the window's start to the period's end


@dataclass(frozen=True)
class Progress:
    title: str
    achieved: Decimal | None  # None when suppressed
    target: Decimal
    shown: str

    @property
    def share_of_target(self) -> Decimal | None:
        return None if self.achieved is None else self.achieved * 100 / self.target


@dataclass(frozen=True)
class Report:
    lang: Lang
    title: str
    facts: list[tuple[str, str]]  # the title page: label, value
    summary: Grid
    progress: list[Progress]
    sections: list[Section]
    definitions: Grid
    legend: str


def build_report(p: Publication, lang: Lang) -> Report:
    facts = [(label("project", lang), p.project.title.model_dump()[lang]),
             (label("project_id", lang), p.project.id),
             (label("period", lang), _period(p, lang)),
             (label("window", lang), days(p.project.window_start, p.project.window_end, lang)),
             (label("closed_at", lang), moment(p.closed_at, lang)),
             (label("organisations", lang), ", ".join(p.project.organisations)),
             (label("publication", lang), str(p.id))]
    if p.corrects:
        facts.append((label("corrects", lang), str(p.corrects)))
    if p.corrected_by:
        facts.append((label("corrected_by", lang), str(p.corrected_by)))
    sections = [_section(f, lang) for f in p.figures]
    summary = Grid([label(k, lang) for k in ("indicator", "basis", "value", "target", "status")],
                   [[Cell(s.title), Cell(s.basis), _headline(f, lang), Cell(s.target), Cell(s.status)]
                    for f, s in zip(p.figures, sections, strict=True)])
    definitions = Grid([label(k, lang) for k in ("code", "title", "version", "description")],
                       [[Cell(f.code), Cell(_title(f, lang)), Cell(f.indicator.version),
                         Cell(f.indicator.definition.description.model_dump()[lang])]
                        for f in p.figures if f.basis == "PERIOD"])
    return Report(lang, f"{label('report', lang)} – {label(p.kind, lang)}", facts, summary,
                  _progress(p, lang), sections, definitions, label("legend", lang))


def _period(p: Publication, lang: Lang) -> str:
    dates = days(p.period.start, p.period.end, lang)
    return f"{p.period.name} ({dates})" if p.period.name and p.period.name != "window" else dates


def _title(f: PublishedFigure, lang: Lang) -> str:
    return f.indicator.definition.title.model_dump()[lang]


def _target(target: dict[str, Any] | None, share: bool, lang: Lang) -> str:
    if target is None:
        return "–"
    if target["comparator"] == "rising":
        return label("rising", lang)
    value = number(format(Decimal(str(target["value"])).normalize(), "f"), lang)
    text = f"≥ {value}" + ("\u00a0%" if share else "")
    return text + (f" ({label('whole_window', lang)})" if target.get("judged") == "whole_window" else "")


def _cell(value: Any, text: str, suppressed: bool, lang: Lang, *, is_percent: bool = False) -> Cell:
    if suppressed or value is None:
        return Cell(shown(text, lang) if text else "–", None, suppressed)
    rendered = percent(str(value), lang) if is_percent else shown(str(value), lang)
    return Cell(rendered, Decimal(str(value)), False, is_percent)


def _hidden(value: Any, text: str) -> bool:
    """A published number that is not there although it exists (not "n/a", no share)."""
    return value is None and text not in ("", "n/a")


def _headline(f: PublishedFigure, lang: Lang) -> Cell:
    pub = f.published
    if "table" in pub:
        return Cell(label("table", lang))
    return _cell(pub.get("value"), pub.get("shown", ""), _hidden(pub.get("value"), pub.get("shown", "")),
                 lang, is_percent="denominator_shown" in pub)


def _section(f: PublishedFigure, lang: Lang) -> Section:
    pub, d = f.published, f.indicator.definition
    grid, note = _grid(pub, lang)
    period = days(f.period.start, f.period.end, lang)
    return Section(f.code, _title(f, lang), d.description.model_dump()[lang], f.indicator.version,
                   label(f.basis, lang), period, _target(pub["target"], "denominator_shown" in pub, lang),
                   label(pub["status"], lang), grid, note, f.basis == "TO_DATE")


def _grid(pub: dict[str, Any], lang: Lang) -> tuple[Grid, str]:
    if pub["kind"] == "client_monthly_attendance":
        return _attendance(pub, lang), label("attendance_note", lang)
    table = pub.get("table")
    if table is not None:
        first = table["rows"][0]["key"] if table["rows"] else {}
        keys = ["title"] if "title" in first else list(first)  # a category: its title only
        headers = [_key_header(k, lang) for k in keys] + [c["title"][lang] for c in table["columns"]]
        rows = [[Cell(_key_text(k, row["key"][k], lang)) for k in keys]
                + [_cell(c["value"], c["shown"], c["suppressed"], lang) for c in row["cells"]]
                for row in table["rows"]]
        return Grid(headers, rows), ""
    if "denominator_shown" in pub:
        rows = [[Cell(label(part, lang)), _cell(pub[part], pub[f"{part}_shown"], _hidden(pub[part], pub[f"{part}_shown"]), lang)]
                for part in ("numerator", "denominator")]
        rows.append([Cell(label("share", lang)),
                     _cell(pub["value"], pub["shown"], _hidden(pub["value"], pub["shown"]), lang, is_percent=True)])
        return Grid(["", label("value", lang)], rows), ""
    period = days(date.fromisoformat(pub["period"]["start"]), date.fromisoformat(pub["period"]["end"]), lang)
    rows = [[Cell(f"{label('basis', lang)} {period}"), _cell(pub["value"], pub["shown"], pub["suppressed"], lang)]]
    if pub.get("previous"):
        prev = pub["previous"]
        before = days(date.fromisoformat(prev["start"]), date.fromisoformat(prev["end"]), lang)
        rows.append([Cell(f"{label('previous', lang)} {before}"),
                     _cell(prev["value"], prev["shown"], prev["suppressed"], lang)])
    return Grid(["", label("value", lang)], rows), ""


def _key_header(key: str, lang: Lang) -> str:
    return {"month": label("month", lang), "meeting_place_id": label("meeting_place", lang)}.get(
        key, label("category", lang))


def _key_text(key: str, value: Any, lang: Lang) -> str:
    if isinstance(value, dict):  # a category's title
        return value[lang]
    if key == "meeting_place_id":
        return str(value)[:8]
    return str(value)


def _attendance(pub: dict[str, Any], lang: Lang) -> Grid:
    """Per month: clients with attendance rows, days, hours, contracted days, rate."""
    months: dict[str, list[Decimal]] = {}
    for row in pub["table"]["rows"]:
        sums = months.setdefault(row["key"]["month"], [Decimal(0)] * 4)
        days_, hours, due, _ = (Decimal(str(c["value"] or 0)) for c in row["cells"])
        for i, v in enumerate((Decimal(1), days_, hours, due)):
            sums[i] += v
    rows = []
    for month, (clients, days_, hours, due) in sorted(months.items()):
        people = disclosure.count(int(clients))
        rate = (days_ * 100 / due).quantize(Decimal("0.1")) if due else None
        rows.append([Cell(month), _cell(people.value, people.shown, people.suppressed, lang),
                     _cell(days_, "", False, lang), _cell(hours, "", False, lang),
                     _cell(due, "", False, lang), _cell(rate, "", False, lang, is_percent=True)])
    headers = [label("month", lang), label("clients", lang), *label("attendance_measures", lang).split(" · ")]
    return Grid(headers, rows)


def _progress(p: Publication, lang: Lang) -> list[Progress]:
    """Each ``>=`` target: over the project to date where it is judged over the window,
    else over the period."""
    chosen: dict[str, PublishedFigure] = {}
    for f in p.figures:
        target = f.published.get("target")
        if target and target["comparator"] == ">=" and (f.basis == "TO_DATE" or f.code not in chosen):
            chosen[f.code] = f
    out = []
    for f in chosen.values():
        pub = f.published
        value = pub.get("value")
        achieved = None if value is None else Decimal(str(value))
        unit = "\u00a0%" if "denominator_shown" in pub else ""
        text = shown(pub.get("shown", ""), lang) + (unit if achieved is not None else "")
        out.append(Progress(f"{_title(f, lang)} ({label(f.basis, lang)}, {day(f.period.end, lang)})",
                            achieved, Decimal(str(pub["target"]["value"])), text))
    return out
