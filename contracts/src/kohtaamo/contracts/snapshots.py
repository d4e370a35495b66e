"""Committed JSON Schema snapshots of every (event type, version), and their check.

    uv run python -m kohtaamo.contracts.snapshots --check    # exit 1 on a breaking change
    uv run python -m kohtaamo.contracts.snapshots --update   # refresh after additive changes

A snapshot is the schema of the whole message, ``Envelope[Payload]``, as consumers see it.
``--update`` writes new and additively changed snapshots and never overwrites one with a
breaking change: that change needs a new schema version and an upcaster instead.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .catalogue import PAYLOADS
from .compat import breaking_changes
from .envelope import Envelope, Payload

# contracts/src/kohtaamo/contracts/snapshots.py -> contracts/schemas
SCHEMA_DIR = Path(__file__).resolve().parents[3] / "schemas"
REFRESH = "uv run python -m kohtaamo.contracts.snapshots --update"


def schema_of(payload: type[Payload]) -> dict[str, Any]:
    return Envelope[payload].model_json_schema()  # type: ignore[valid-type]


def file_name(payload: type[Payload]) -> str:
    return f"{payload.event_type}.v{payload.schema_version}.json"


def render(schema: dict[str, Any]) -> str:
    return json.dumps(schema, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


@dataclass
class Report:
    breaking: dict[str, list[str]] = field(default_factory=dict)  # file -> reasons
    missing: list[str] = field(default_factory=list)  # a model without a snapshot
    outdated: list[str] = field(default_factory=list)  # additive change, refresh due
    orphaned: list[str] = field(default_factory=list)  # a snapshot without a model

    @property
    def ok(self) -> bool:
        return not (self.breaking or self.missing or self.orphaned)

    def lines(self) -> list[str]:
        out = [f"BREAKING {name}: {reason}" for name, reasons in self.breaking.items()
               for reason in reasons]
        out += [f"REMOVED {name}: no model publishes this (event, version) any more"
                for name in self.orphaned]
        out += [f"MISSING {name}: run `{REFRESH}`" for name in self.missing]
        out += [f"OUTDATED {name} (additive): run `{REFRESH}`" for name in self.outdated]
        return out


def compare(payloads: Iterable[type[Payload]] = PAYLOADS, directory: Path = SCHEMA_DIR) -> Report:
    report = Report()
    expected = set()
    for payload in payloads:
        name = file_name(payload)
        expected.add(name)
        path = directory / name
        if not path.exists():
            report.missing.append(name)
            continue
        old, new = json.loads(path.read_text(encoding="utf-8")), schema_of(payload)
        if reasons := breaking_changes(old, new):
            report.breaking[name] = reasons
        elif old != new:
            report.outdated.append(name)
    if directory.exists():
        report.orphaned = sorted(p.name for p in directory.glob("*.json") if p.name not in expected)
    return report


def update(payloads: Iterable[type[Payload]] = PAYLOADS, directory: Path = SCHEMA_DIR) -> Report:
    """Write missing and additively changed snapshots; leave breaking ones alone."""
    payloads = list(payloads)
    report = compare(payloads, directory)
    directory.mkdir(parents=True, exist_ok=True)
    for payload in payloads:
        if (name := file_name(payload)) in report.missing + report.outdated:
            (directory / name).write_text(render(schema_of(payload)), encoding="utf-8")
    return Report(breaking=report.breaking, orphaned=report.orphaned)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m kohtaamo.contracts.snapshots")
    mode = parser.add_mutually_exclusive_group(required=True)
    mode.add_argument("--check", action="store_true", help="exit 1 on breaking changes")
    mode.add_argument("--update", action="store_true", help="refresh after additive changes")
    parser.add_argument("--dir", type=Path, default=SCHEMA_DIR, help="snapshot folder")
    args = parser.parse_args(argv)
    report = update(directory=args.dir) if args.update else compare(directory=args.dir)
    for line in report.lines():
        print(line)
    if not report.ok:
        print("A breaking change needs a new schema version and an upcaster (see contracts/README.md).")
        return 1
    print(f"{len(PAYLOADS)} event schemas {'written' if args.update else 'compatible'} in {args.dir}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
