"""Benchmark: intake registrations/s and latency under concurrent clients, with and without
group commit, beside the database's single-transaction ceiling measured in the same run.

Intake runs as in production (``python -m kohtaamo.intake``: uvicorn, the relay to Kafka
running, as its own Kafka principal) on the real stack, in a fresh schema and topic prefix
per server; ``wrk`` (Debian's package) drives
``POST /clients`` with a body of its own per request (``bench/wrk/register.lua``). The
ceiling is one connection committing transactions shaped like the event store's (BEGIN;
LOCK TABLE … IN EXCLUSIVE MODE; NOTIFY; INSERT one event; COMMIT), each in one round trip.
The same registrations are also run without HTTP (the use case on intake's own composition,
called by N concurrent tasks), to show the store path apart from the web framework.

The machine is shared: each point runs in several rounds, modes alternating, and the median
is kept with the range; the server's CPU time per request and the load average are recorded,
since CPU per request varies far less than rates do. Writes bench/results/group_commit.json.

    uv run python bench/group_commit.py [--seconds 10] [--rounds 3] [--clients 1 8 32 64]
    uv run python bench/group_commit.py --profile DIR   # py-spy (GIL holders), 32 clients
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
from collections import defaultdict
from datetime import UTC, datetime
from pathlib import Path

from group_commit_parts import (  # beside this script (its directory is on sys.path)
    ORG, application_point, bodies, intake_server, server_cpu_ticks, stack, transaction_ceiling,
)

from kohtaamo.servicekit.auth import issue_token
from kohtaamo.servicekit.settings import AuthSettings

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "bench" / "results" / "group_commit.json"
LUA = ROOT / "bench" / "wrk" / "register.lua"
MODES = {"without_group_commit": False, "with_group_commit": True}


def wrk(port: int, pid: int, clients: int, seconds: int, body_file: Path, token: str) -> dict:
    threads = min(2, clients)
    before, load = server_cpu_ticks(pid), os.getloadavg()[0]
    out = subprocess.run(
        ["wrk", f"-t{threads}", f"-c{clients}", f"-d{seconds}s", "--timeout", "10s", "-s", str(LUA),
         f"http://127.0.0.1:{port}"],
        env={**os.environ, "BODIES": str(body_file), "TOKEN": token, "WRK_THREADS": str(threads)},
        capture_output=True, text=True, check=True)
    ticks = server_cpu_ticks(pid) - before
    raw = json.loads(out.stdout.strip().splitlines()[-1])
    answered = sum(v for k, v in raw["statuses"].items() if k.isdigit())
    return {
        "registrations_per_s": round(raw["statuses"].get("201", 0) / (raw["duration_us"] / 1e6), 1),
        "p50_ms": round(raw["p50_us"] / 1000, 2), "p99_ms": round(raw["p99_us"] / 1000, 2),
        "server_cpu_ms_per_request": round(ticks * 1000 / os.sysconf("SC_CLK_TCK") / max(answered, 1), 3),
        "statuses": raw["statuses"], "socket_errors": raw["socket_errors"], "load_average": round(load, 1),
    }


def http_round(database_url: str, group_commit: bool, args: argparse.Namespace,
               tmp: Path, token: str, profile_as: str | None) -> dict[int, dict]:
    per_point = args.seconds * 6000  # more bodies than one point can send
    points: dict[int, dict] = {}
    with intake_server(database_url, group_commit) as (port, pid):
        warm = tmp / "warm.jsonl"
        bodies(warm, 0, 20_000)
        wrk(port, pid, 8, 3, warm, token)
        for n, clients in enumerate(args.clients):
            body_file = tmp / f"{clients}.jsonl"
            bodies(body_file, 20_000 + n * per_point, per_point)
            spy = None
            if profile_as and clients == 32:
                Path(args.profile).mkdir(parents=True, exist_ok=True)
                spy = subprocess.Popen(
                    ["py-spy", "record", "--gil", "--pid", str(pid), "--duration", str(args.seconds),
                     "--format", "raw", "--output", str(Path(args.profile) / f"{profile_as}.txt"),
                     "--nonblocking"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            points[clients] = wrk(port, pid, clients, args.seconds, body_file, token)
            if spy:
                spy.wait()
    return points


def median_of(rounds: list[dict]) -> dict:
    rates = [r["registrations_per_s"] for r in rounds]
    summary = {key: statistics.median(r[key] for r in rounds)
               for key in rounds[0] if isinstance(rounds[0][key], int | float)}
    summary["registrations_per_s_range"] = [min(rates), max(rates)]
    summary["refused_or_failed"] = sum(
        n for r in rounds for status, n in r.get("statuses", {}).items() if status != "201")
    return summary


def run(args: argparse.Namespace) -> dict:
    database_url = stack()
    token = issue_token(AuthSettings(), sub="bench", roles=["intake_worker"], org=ORG)
    ceilings, http, app = [], defaultdict(list), defaultdict(list)
    with tempfile.TemporaryDirectory() as tmp:
        for round_no in range(args.rounds):
            ceilings.append(asyncio.run(transaction_ceiling(database_url, 3)))
            order = list(MODES.items())[:: 1 if round_no % 2 == 0 else -1]
            for mode, on in order:
                profile_as = mode if args.profile and round_no == 0 else None
                for clients, point in http_round(database_url, on, args, Path(tmp), token,
                                                 profile_as).items():
                    http[(mode, clients)].append(point)
            for mode, on in order:
                for clients in args.clients:
                    app[(mode, clients)].append(asyncio.run(application_point(
                        database_url, on, clients, args.seconds / 2)))
    ceiling = statistics.median(c["transactions_per_s"] for c in ceilings)
    figures: dict = {"single_row_transaction_ceiling_per_s": ceiling,
                     "ceiling_range": [min(c["transactions_per_s"] for c in ceilings),
                                       max(c["transactions_per_s"] for c in ceilings)]}
    for name, table in (("http", http), ("application_only", app)):
        figures[name] = {mode: [{"clients": c, **median_of(table[(mode, c)]),
                                 "ratio_to_ceiling": round(statistics.median(
                                     r["registrations_per_s"] for r in table[(mode, c)]) / ceiling, 3)}
                                for c in args.clients] for mode in MODES}
    return figures


def table(figures: dict) -> str:
    lines = [f"single-row transaction ceiling: {figures['single_row_transaction_ceiling_per_s']:.0f}/s",
             f"{'path':<17}{'mode':<22}{'clients':>8}{'reg/s':>9}{'p50 ms':>9}{'p99 ms':>9}{'cpu ms':>8}"]
    for name in ("http", "application_only"):
        for mode, points in figures[name].items():
            for p in points:
                cpu = p.get("server_cpu_ms_per_request", p.get("cpu_ms_per_command", 0))
                lines.append(f"{name:<17}{mode:<22}{p['clients']:>8}{p['registrations_per_s']:>9.0f}"
                             f"{p['p50_ms']:>9.1f}{p['p99_ms']:>9.1f}{cpu:>8.2f}")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--clients", type=int, nargs="+", default=[1, 8, 32, 64])
    parser.add_argument("--profile", help="directory for py-spy profiles of the 32-client runs")
    args = parser.parse_args()
    for tool in ["wrk", *(["py-spy"] if args.profile else [])]:
        if shutil.which(tool) is None:
            sys.exit(f"{tool} is needed (wrk: apt-get install wrk; py-spy: uv tool install py-spy)")
    figures = run(args)
    result = {
        "benchmark": "group_commit", "seconds_per_point": args.seconds, "rounds": args.rounds,
        "measured_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": {"cpus": os.cpu_count(), "python": platform.python_version()},
        "figures": figures,
    }
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(result, indent=2) + "\n")
    print(table(figures))


if __name__ == "__main__":
    main()
