"""The funder report as a PDF (ReportLab): a title page, the results with a chart of the
progress to the targets, a table per indicator with target and status, the definitions.
The fonts are the Bitstream Vera ones in ReportLab's wheel (ä, ö, å, –, € and ≥ included),
embedded, so nothing depends on the machine's fonts."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

import reportlab
from reportlab.graphics.shapes import Drawing, Line, Rect, String
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import (
    KeepTogether,
    PageBreak,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)

from ..application.report import Grid, Progress, Report
from ..application.report_labels import label

_FONTS = Path(reportlab.__file__).parent / "fonts"
REGULAR, BOLD = "KohtaamoVera", "KohtaamoVera-Bold"
_GREY, _HEAD, _BAR, _TARGET = (colors.HexColor(c) for c in ("#E7E7E7", "#DDE4EE", "#2E5C8A", "#B03A2E"))
_WIDTH = A4[0] - 36 * mm


def _fonts() -> None:
    if REGULAR not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont(REGULAR, str(_FONTS / "Vera.ttf")))
        pdfmetrics.registerFont(TTFont(BOLD, str(_FONTS / "VeraBd.ttf")))


def _styles() -> dict[str, ParagraphStyle]:
    body = ParagraphStyle("body", fontName=REGULAR, fontSize=9, leading=12)
    return {
        "body": body,
        "small": ParagraphStyle("small", parent=body, fontSize=8, leading=10, textColor=colors.HexColor("#444444")),
        "cell": ParagraphStyle("cell", parent=body, fontSize=8, leading=10),
        "title": ParagraphStyle("title", parent=body, fontName=BOLD, fontSize=22, leading=28, spaceAfter=8 * mm),
        "subtitle": ParagraphStyle("subtitle", parent=body, fontSize=13, leading=17, spaceAfter=8 * mm),
        "h1": ParagraphStyle("h1", parent=body, fontName=BOLD, fontSize=14, leading=18, spaceBefore=4 * mm,
                             spaceAfter=3 * mm),
        "h2": ParagraphStyle("h2", parent=body, fontName=BOLD, fontSize=11, leading=14, spaceBefore=5 * mm,
                             spaceAfter=2 * mm),
    }


def render_pdf(report: Report) -> bytes:
    _fonts()
    s = _styles()
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(buffer, pagesize=A4, leftMargin=18 * mm, rightMargin=18 * mm,
                            topMargin=18 * mm, bottomMargin=18 * mm, title=report.title,
                            author="Kohtaamo", lang=report.lang)
    facts = dict(report.facts)
    story: list[Any] = [Spacer(1, 30 * mm), Paragraph(escape(report.title), s["title"]),
                        Paragraph(escape(facts[label("project", report.lang)]), s["subtitle"]),
                        _pairs(report.facts, s), Spacer(1, 10 * mm),
                        Paragraph(escape(report.legend), s["small"]), PageBreak(),
                        Paragraph(escape(label("results", report.lang)), s["h1"]),
                        _table(report.summary, s, widths=[0.36, 0.14, 0.14, 0.2, 0.16])]
    if report.progress:
        story += [Paragraph(escape(label("progress", report.lang)), s["h2"]), _chart(report.progress, report)]
    for section in report.sections:
        heading = f"{section.title} ({section.basis})" if section.to_date else section.title
        meta = [(label("basis", report.lang), f"{section.basis}: {section.period}"),
                (label("target", report.lang), section.target),
                (label("status", report.lang), section.status),
                (label("version", report.lang), f"{section.code} · {section.version}")]
        parts = [Paragraph(escape(heading), s["h2"]), Paragraph(escape(section.description), s["small"]),
                 Spacer(1, 2 * mm), _pairs(meta, s), Spacer(1, 2 * mm)]
        story.append(KeepTogether(parts + [_table(section.grid, s)]) if len(section.grid.rows) < 25
                     else KeepTogether(parts))
        if len(section.grid.rows) >= 25:
            story.append(_table(section.grid, s))
        if section.note:
            story.append(Paragraph(escape(section.note), s["small"]))
    story += [PageBreak(), Paragraph(escape(label("definitions", report.lang)), s["h1"]),
              _table(report.definitions, s, widths=[0.27, 0.2, 0.19, 0.34])]
    footer = f"{report.title} · {facts[label('publication', report.lang)]}"

    def on_page(canvas: Any, document: Any) -> None:
        canvas.saveState()
        canvas.setFont(REGULAR, 7)
        canvas.drawString(18 * mm, 10 * mm, footer)
        canvas.drawRightString(A4[0] - 18 * mm, 10 * mm, str(document.page))
        canvas.restoreState()

    doc.build(story, onFirstPage=on_page, onLaterPages=on_page)
    return buffer.getvalue()


def _pairs(pairs: list[tuple[str, str]], s: dict[str, ParagraphStyle]) -> Table:
    rows = [[Paragraph(escape(k), s["cell"]), Paragraph(escape(v), s["cell"])] for k, v in pairs]
    table = Table(rows, colWidths=[0.3 * _WIDTH, 0.7 * _WIDTH], hAlign="LEFT")
    table.setStyle(TableStyle([("FONTNAME", (0, 0), (0, -1), BOLD), ("VALIGN", (0, 0), (-1, -1), "TOP"),
                               ("BOTTOMPADDING", (0, 0), (-1, -1), 2)]))
    return table


def _table(grid: Grid, s: dict[str, ParagraphStyle], widths: list[float] | None = None) -> Table:
    head = ParagraphStyle("head", parent=s["cell"], fontName=BOLD)
    rows: list[list[Any]] = [[Paragraph(escape(h), head) for h in grid.headers]]
    style: list[Any] = [("BACKGROUND", (0, 0), (-1, 0), _HEAD),
                        ("GRID", (0, 0), (-1, -1), 0.4, colors.HexColor("#999999")),
                        ("VALIGN", (0, 0), (-1, -1), "TOP"), ("FONTNAME", (0, 0), (-1, -1), REGULAR),
                        ("FONTSIZE", (0, 0), (-1, -1), 8)]
    for r, cells in enumerate(grid.rows, start=1):
        row: list[Any] = []
        for c, cell in enumerate(cells):
            numeric = cell.number is not None or cell.suppressed
            row.append(cell.text if numeric else Paragraph(escape(cell.text), s["cell"]))
            if numeric:
                style.append(("ALIGN", (c, r), (c, r), "RIGHT"))
            if cell.suppressed:
                style += [("BACKGROUND", (c, r), (c, r), _GREY),
                          ("TEXTCOLOR", (c, r), (c, r), colors.HexColor("#444444"))]
        rows.append(row)
    count = max(1, len(grid.headers))
    col_widths = [w * _WIDTH for w in widths] if widths else [_WIDTH / count] * count
    table = Table(rows, colWidths=col_widths, repeatRows=1, hAlign="LEFT")
    table.setStyle(TableStyle(style))
    return table


def _chart(progress: list[Progress], report: Report) -> Drawing:
    """A bar per target: the share of it achieved (0-150 %), with the target at 100 %."""
    bar, gap, label_width = 12, 22, 0.42 * _WIDTH
    scale = (_WIDTH - label_width - 95) / 150
    height = len(progress) * gap + 24
    d = Drawing(_WIDTH, height)
    x0 = label_width
    for i, p in enumerate(progress):
        y = height - 20 - i * gap
        d.add(String(0, y + 2, _fit(p.title, label_width - 6), fontName=REGULAR, fontSize=7))
        share = p.share_of_target
        if share is None:
            d.add(String(x0 + 2, y + 2, f"{p.shown}", fontName=REGULAR, fontSize=7,
                         fillColor=colors.HexColor("#444444")))
            continue
        d.add(Rect(x0, y, float(min(share, 150)) * scale, bar, fillColor=_BAR, strokeColor=None))
        target_text = f"{p.shown} · {share.quantize(1)} % {label('of_target', report.lang)}"
        d.add(String(x0 + float(min(share, 150)) * scale + 3, y + 2, target_text, fontName=REGULAR,
                     fontSize=7))
    d.add(Line(x0 + 100 * scale, 0, x0 + 100 * scale, height - 4, strokeColor=_TARGET, strokeWidth=1))
    d.add(String(x0 + 100 * scale + 2, height - 10, f"100 % = {label('target', report.lang).lower()}",
                 fontName=REGULAR, fontSize=7, fillColor=_TARGET))
    return d


def _fit(text: str, width: float) -> str:
    """The text, shortened with an ellipsis to fit ``width`` points at the chart's size."""
    while pdfmetrics.stringWidth(text, REGULAR, 7) > width and len(text) > 1:
        text = text[:-2].rstrip() + "…"
    return text
