"""``python -m kohtaamo.reporting [serve | reproduce ID | export ID …]``.

``reproduce`` computes a publication again from the facts, exactly as it was closed, and
says "reproduced" (exit 0) or lists what differs (exit 1); ``export`` writes its funder
report. Both read the database only: no Kafka, no HTTP.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
from pathlib import Path
from uuid import UUID

import uvicorn

from kohtaamo.servicekit.logs import configure_logging, uvicorn_options

from .adapters.pdf_report import render_pdf
from .adapters.xlsx_report import render_xlsx
from .application.pack import load_pack
from .application.report import build_report
from .application.reproduction import reproduce
from .bootstrap import create_app, opened
from .settings import ReportingSettings


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m kohtaamo.reporting", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    commands = parser.add_subparsers(dest="command")
    commands.add_parser("serve", help="run the service (the default)")
    again = commands.add_parser("reproduce", help="compute a publication again and compare")
    again.add_argument("publication", type=UUID)
    export = commands.add_parser("export", help="write a publication's funder report")
    export.add_argument("publication", type=UUID)
    export.add_argument("--format", choices=("pdf", "xlsx"), default="pdf")
    export.add_argument("--lang", choices=("fi", "en"), default="fi")
    export.add_argument("--output", type=Path, help="default: <project>-<period>-<lang>.<format>")
    args = parser.parse_args(argv)
    settings = ReportingSettings()
    if args.command in (None, "serve"):
        configure_logging("reporting", settings.telemetry)
        uvicorn.run(create_app(settings), host=settings.http_host, port=settings.http_port,
                    **uvicorn_options())
        return 0
    if args.command == "reproduce":
        return asyncio.run(_reproduce(settings, args.publication))
    return asyncio.run(_export(settings, args.publication, args.format, args.lang, args.output))


async def _reproduce(settings: ReportingSettings, publication_id: UUID) -> int:
    async with opened(settings, load_pack(settings.pack_dir)) as reporting:
        publication = await reporting.publications.get(publication_id)
        if publication is None:
            print(f"no publication {publication_id}", file=sys.stderr)
            return 2
        result = await reproduce(reporting.engine, publication)
    if result.reproduced:
        print(f"reproduced: publication {publication_id}, {result.figures} figures, as of "
              f"{publication.closed_at.isoformat()}")
        return 0
    print(f"NOT reproduced: publication {publication_id}, {len(result.differences)} of "
          f"{result.figures} figures differ")
    for d in result.differences:
        print(f"  {d.code} ({d.basis}): {', '.join(d.fields)}; published "
              f"{d.published.get('shown', 'table')}, recomputed {d.recomputed.get('shown', 'table')}")
    return 1


async def _export(settings: ReportingSettings, publication_id: UUID, fmt: str, lang: str,
                  output: Path | None) -> int:
    async with opened(settings, load_pack(settings.pack_dir)) as reporting:
        publication = await reporting.publications.get(publication_id)
    if publication is None:
        print(f"no publication {publication_id}", file=sys.stderr)
        return 2
    report = build_report(publication, "en" if lang == "en" else "fi")
    data = render_pdf(report) if fmt == "pdf" else render_xlsx(report)
    path = output or Path(f"{publication.project.id}-{publication.period.name or publication.period.start}"
                          f"-{lang}.{fmt}")
    path.write_bytes(data)
    print(f"wrote {path} ({len(data)} bytes)")
    return 0
