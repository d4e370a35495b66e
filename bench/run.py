"""Kohtaamo's benchmark suite on the real stack: every figure beside the machine's ceiling
measured in the same run, and issue 15's targets judged. ``make bench`` runs it.

    uv run python bench/run.py                      # BENCH_SCALE=default: 10 k, 100 k, 1 M events
    BENCH_SCALE=quick uv run python bench/run.py    # a few minutes: 10 k and 30 k events
    BENCH_SCALE=national uv run python bench/run.py # adds 10 M events (100 k clients)
    uv run python bench/run.py --profile            # py-spy profile of the largest rebuild

Writes bench/results/bench.json (bench-quick.json, bench-national.json) and prints a table.
See bench/README.md for what each figure measures.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import group_commit
from benchkit import ceilings, commands, freshness, relay, targets, wrk
from benchkit.produce import produce, typical_size
from benchkit.profiling import top_costs
from benchkit.programme import clients_for
from benchkit.rebuild import rebuild
from benchkit.stack import ROOT, Resources, local_stack

RESULTS = ROOT / "bench" / "results"
SCALES: dict[str, dict[str, Any]] = {
    "quick": {"events": [10_000, 30_000], "seconds": 5, "fresh_s": 10, "relay": 1000,
              "kafka": 50_000, "copy": 100_000, "txn_s": 3, "queries": 10, "gc_clients": [1, 32]},
    "default": {"events": [10_000, 100_000, 1_000_000], "seconds": 10, "fresh_s": 30,
                "relay": 3000, "kafka": 200_000, "copy": 300_000, "txn_s": 5, "queries": 10,
                "gc_clients": [1, 8, 32, 64]},
    "national": {"events": [10_000, 100_000, 1_000_000, 10_000_000], "seconds": 10,
                 "fresh_s": 30, "relay": 3000, "kafka": 200_000, "copy": 300_000, "txn_s": 5,
                 "queries": 20, "gc_clients": [1, 8, 32, 64]},
}
CONNECTIONS = 32


async def suite(scale: str, profile: Path | None) -> dict[str, Any]:
    p = SCALES[scale]
    res = Resources(local_stack())
    f: dict[str, Any] = {"scale": scale}
    try:
        say("ceilings")
        ceiling_prefix = await res.prefix()
        size = typical_size()
        f["ceilings"] = {
            "single_row_transactions_per_s": (await ceilings.single_row_transactions(
                res.database_url, p["txn_s"]))["per_s"],
            "copy_rows_per_s": (await ceilings.copy_rows(res.database_url, p["copy"]))["per_s"],
            "kafka": await ceilings.kafka_produce_consume(ceiling_prefix, p["kafka"], size),
        }
        say("commands")
        f["commands"] = [await commands.measure(res, await res.prefix(), w, seconds=p["seconds"],
                                                connections=CONNECTIONS)
                         for w in commands.WORKLOADS]
        say("group commit on and off")
        # bench/group_commit.py's own comparison, folded into this run's figures.
        f["group_commit"] = await asyncio.to_thread(group_commit.run, argparse.Namespace(
            seconds=p["seconds"], rounds=1, clients=p["gc_clients"], profile=None))
        say("relay")
        f["relay"] = await relay.catch_up(res, await res.prefix(), p["relay"])
        say("freshness")
        f["freshness"] = await freshness.steady(res, await res.prefix(), rate=200, seconds=p["fresh_s"])
        f["scaling"], produced = [], 0
        programme = await res.prefix()
        for events in p["events"]:
            clients = clients_for(events)
            say(f"producing up to {events:,} events")
            await produce(programme, produced, clients - produced)
            produced = clients
            largest = events == p["events"][-1]
            say(f"rebuilding {events:,} events")
            f["scaling"].append(await rebuild(res, programme, queries=p["queries"],
                                              profile=profile if largest else None))
        if profile and profile.exists():
            f["profile"] = {"file": str(profile.relative_to(ROOT)), "top": top_costs(profile)}
        say("scale-out")
        # Without the profiler: its sampling would slow the one instance down.
        one = await rebuild(res, programme) if profile else f["scaling"][-1]
        f["scale_out"] = {"one_instance": one,
                          "two_instances": await rebuild(res, programme, instances=2)}
    finally:
        await res.close()
    return f


def say(what: str) -> None:
    print(f"bench: {what} …", file=sys.stderr, flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--profile", action="store_true", help="py-spy the largest rebuild")
    args = parser.parse_args()
    scale = os.environ.get("BENCH_SCALE", "default")
    if scale not in SCALES:
        sys.exit(f"BENCH_SCALE must be one of {', '.join(SCALES)}")
    if not wrk.available():
        sys.exit("wrk is needed: apt-get install wrk")
    name = "bench.json" if scale == "default" else f"bench-{scale}.json"
    profile = RESULTS / "profiles" / f"rebuild-{scale}.txt" if args.profile else None
    figures = asyncio.run(suite(scale, profile))
    figures["measured_at"] = datetime.now(UTC).isoformat(timespec="seconds")
    figures["machine"] = {"cpus": os.cpu_count(), "python": platform.python_version(),
                          "load_average_1m_at_end": round(os.getloadavg()[0], 1)}
    figures["targets"] = targets.judge(figures)
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / name).write_text(json.dumps(figures, indent=2) + "\n")
    print(targets.table(figures))


if __name__ == "__main__":
    main()
