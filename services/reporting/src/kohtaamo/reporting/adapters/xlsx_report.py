"""The funder report as an XLSX workbook (XlsxWriter): a summary sheet, one sheet per
indicator, a definitions sheet. A suppressed cell holds its mark ("<5", "salattu") in
grey italics, never a number."""

from __future__ import annotations

import io
from typing import Any

import xlsxwriter

from ..application.report import Cell, Grid, Report
from ..application.report_labels import label

_MAX_SHEET_NAME = 31


def render_xlsx(report: Report) -> bytes:
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    formats = {
        "title": book.add_format({"bold": True, "font_size": 14}),
        "bold": book.add_format({"bold": True}),
        "head": book.add_format({"bold": True, "bg_color": "#DDE4EE", "border": 1, "text_wrap": True}),
        "text": book.add_format({"border": 1, "text_wrap": True, "valign": "top"}),
        "number": book.add_format({"border": 1, "num_format": "#,##0.###"}),
        "percent": book.add_format({"border": 1, "num_format": "0.0"}),
        "suppressed": book.add_format({"border": 1, "italic": True, "font_color": "#555555",
                                       "bg_color": "#E7E7E7", "align": "right"}),
        "note": book.add_format({"italic": True, "text_wrap": True}),
    }
    summary = book.add_worksheet(label("summary", report.lang))
    summary.write(0, 0, report.title, formats["title"])
    for i, (name, value) in enumerate(report.facts, start=2):
        summary.write(i, 0, name, formats["bold"])
        summary.write(i, 1, value)
    row = len(report.facts) + 3
    summary.write(row, 0, label("results", report.lang), formats["bold"])
    row = _grid(summary, row + 1, report.summary, formats)
    summary.write(row + 1, 0, report.legend, formats["note"])
    summary.set_column(0, 0, 48)
    summary.set_column(1, 4, 18)

    names: set[str] = {label("summary", report.lang)}
    for section in report.sections:
        name = f"{section.code}-to-date" if section.to_date else section.code
        sheet = book.add_worksheet(_unique(name, names))
        sheet.write(0, 0, section.title, formats["title"])
        sheet.write(1, 0, section.description, formats["note"])
        for i, (name, value) in enumerate([
                (label("basis", report.lang), f"{section.basis}: {section.period}"),
                (label("target", report.lang), section.target),
                (label("status", report.lang), section.status),
                (label("version", report.lang), section.version)], start=3):
            sheet.write(i, 0, name, formats["bold"])
            sheet.write(i, 1, value)
        end = _grid(sheet, 8, section.grid, formats)
        if section.note:
            sheet.write(end + 1, 0, section.note, formats["note"])
        sheet.write(end + 2, 0, report.legend, formats["note"])
        sheet.set_column(0, 0, 30)
        sheet.set_column(1, max(1, len(section.grid.headers)), 16)

    definitions = book.add_worksheet(_unique(label("definitions", report.lang), names))
    _grid(definitions, 0, report.definitions, formats)
    definitions.set_column(0, 0, 30)
    definitions.set_column(1, 1, 40)
    definitions.set_column(2, 2, 18)
    definitions.set_column(3, 3, 90)
    book.close()
    return buffer.getvalue()


def _grid(sheet: Any, first: int, grid: Grid, formats: dict[str, Any]) -> int:
    """Write the grid from row ``first``; returns the row after it."""
    for c, header in enumerate(grid.headers):
        sheet.write_string(first, c, header, formats["head"])
    for r, cells in enumerate(grid.rows, start=first + 1):
        for c, cell in enumerate(cells):
            _cell(sheet, r, c, cell, formats)
    return first + 1 + len(grid.rows)


def _cell(sheet: Any, r: int, c: int, cell: Cell, formats: dict[str, Any]) -> None:
    if cell.suppressed:
        sheet.write_string(r, c, cell.text, formats["suppressed"])
    elif cell.number is not None:
        sheet.write_number(r, c, float(cell.number), formats["percent" if cell.percent else "number"])
    else:
        sheet.write_string(r, c, cell.text, formats["text"])


def _unique(name: str, taken: set[str]) -> str:
    # Excel's limits: 31 characters, none of []:*?/\ , unique regardless of case.
    base = "".join("-" if ch in "[]:*?/\\" else ch for ch in name)[:_MAX_SHEET_NAME]
    candidate, n = base, 2
    while candidate.lower() in {t.lower() for t in taken}:
        suffix = f"~{n}"
        candidate, n = base[:_MAX_SHEET_NAME - len(suffix)] + suffix, n + 1
    taken.add(candidate)
    return candidate
