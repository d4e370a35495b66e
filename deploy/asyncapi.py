"""Write (or check) the AsyncAPI documents of the services: deploy/asyncapi/<service>.json.

    uv run python deploy/asyncapi.py           # regenerate after changing what a service
                                               # publishes or consumes
    uv run python deploy/asyncapi.py --check   # exit 1 if a committed document drifted
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from kohtaamo.casework.bootstrap import build as build_casework
from kohtaamo.casework.settings import CaseworkSettings
from kohtaamo.contracts.routing import CONSUMERS
from kohtaamo.intake.bootstrap import messaging as intake_messaging
from kohtaamo.intake.settings import IntakeSettings
from kohtaamo.meetingplace.bootstrap import build as build_meetingplace
from kohtaamo.meetingplace.settings import MeetingplaceSettings
from kohtaamo.reporting.bootstrap import messaging as reporting_messaging
from kohtaamo.reporting.settings import ReportingSettings
from kohtaamo.servicekit.asyncapi import document, latest_payloads
from kohtaamo.servicekit.settings import KafkaSettings

FOLDER = Path(__file__).parent / "asyncapi"
VERSION = "0.1.0"
# The documented cluster, not whatever this shell points at: the files must not vary.
KAFKA = KafkaSettings(bootstrap_servers="kafka:19092", topic_prefix="",
                      security_protocol="SASL_PLAINTEXT", sasl_mechanism="SCRAM-SHA-512")


def documents() -> dict[str, dict[str, Any]]:
    consumed_by_reporting = [p for p in latest_payloads() if p.event_type in CONSUMERS["reporting"]]
    consumed_by_meetingplace = [p for p in latest_payloads() if p.event_type in CONSUMERS["meetingplace"]]
    intake_broker, _ = intake_messaging(IntakeSettings(kafka=KAFKA))
    # Wired as each runs, on the in-memory store (nothing is started or connected).
    casework = build_casework(CaseworkSettings(database_url="memory://", kafka=KAFKA))
    meetingplace = build_meetingplace(MeetingplaceSettings(database_url="memory://", kafka=KAFKA))
    return {
        "intake": document(intake_broker, title="intake", version=VERSION),
        "casework": document(
            casework.broker, title="casework", version=VERSION,
            consumes=[p for p in latest_payloads() if p.event_type in CONSUMERS["casework"]],
        ),
        "meetingplace": document(meetingplace.broker, title="meetingplace", version=VERSION,
                                 consumes=consumed_by_meetingplace),
        "reporting": document(
            reporting_messaging(ReportingSettings(kafka=KAFKA), store=None),
            title="reporting", version=VERSION, consumes=consumed_by_reporting,
        ),
    }


def render(doc: dict[str, Any]) -> str:
    return json.dumps(doc, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--check", action="store_true")
    args = parser.parse_args(argv)
    drifted = []
    for service, doc in documents().items():
        path = FOLDER / f"{service}.json"
        if args.check:
            if not path.exists() or path.read_text() != render(doc):
                drifted.append(str(path))
        else:
            FOLDER.mkdir(exist_ok=True)
            path.write_text(render(doc))
            print(f"wrote {path}")
    if drifted:
        print("AsyncAPI drifted from the code (run: uv run python deploy/asyncapi.py):", *drifted, sep="\n  ")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
