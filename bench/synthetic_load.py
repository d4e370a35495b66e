"""Benchmark: loading a synthetic programme through the four services' HTTP APIs.

Against services already running (``deploy/services up``; load into a fresh system: a
programme's identity codes are refused a second time). Records the load's time, requests/s
per phase, how long reporting then took to catch up, and its two window figures beside what
the loader sent. Writes (merges into) bench/results/synthetic_load.json, one entry per size.

    uv run python bench/synthetic_load.py --clients 350 [--seed 2016] [--concurrency 32]
        [--base-url http://127.0.0.1:8000]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
import time
from datetime import UTC, datetime
from pathlib import Path

import httpx

from kohtaamo.servicekit.auth import issue_token
from kohtaamo.servicekit.settings import AuthSettings
from kohtaamo.synthetic import Targets, load
from kohtaamo.synthetic.cli import service_urls
from kohtaamo.synthetic.codes import PROJECT

RESULTS = Path(__file__).parent / "results" / "synthetic_load.json"


async def run(args: argparse.Namespace) -> dict:
    urls = service_urls(args.base_url, dict.fromkeys(("intake", "casework", "meetingplace", "reporting")))
    limits = httpx.Limits(max_connections=args.concurrency, max_keepalive_connections=args.concurrency,
                          keepalive_expiry=2)
    clients = {name: httpx.AsyncClient(base_url=url, timeout=60, limits=limits,
                                       transport=httpx.AsyncHTTPTransport(retries=3, limits=limits))
               for name, url in urls.items()}
    load_before = os.getloadavg()
    summary = await load(Targets(**clients), clients=args.clients, seed=args.seed, concurrency=args.concurrency)
    loaded = time.perf_counter()
    token = issue_token(AuthSettings(), sub="bench", roles=["analyst"], org="908", projects=[PROJECT])
    headers = {"Authorization": f"Bearer {token}"}
    reporting = clients["reporting"]
    while not (await reporting.get("/freshness", headers=headers)).json()["caught_up"]:
        await asyncio.sleep(0.5)  # polling reporting's own answer; a benchmark, not a test
    caught_up = time.perf_counter() - loaded
    figures = {}
    for code in ("clients-registered", "capability-service-share"):
        answer = (await reporting.get(f"/indicators/{code}", params={"project": PROJECT, "period": "window"},
                                      headers=headers)).json()
        figures[code] = {k: answer.get(k) for k in ("value", "numerator", "denominator", "status")}
    for http in clients.values():
        await http.aclose()
    return {"clients": args.clients, "seed": args.seed, "concurrency": args.concurrency,
            "measured_at": datetime.now(UTC).isoformat(timespec="seconds"), "machine": platform.node(),
            "cpus": os.cpu_count(), "load_average_before": [round(x, 1) for x in load_before],
            "load_average_after": [round(x, 1) for x in os.getloadavg()],
            "elapsed_seconds": summary.elapsed_seconds, "requests": summary.request_count,
            "requests_per_second": round(summary.requests_per_second, 1), "phase_seconds": summary.phase_seconds,
            "waits": summary.waits, "reporting_caught_up_after_seconds": round(caught_up, 1),
            "expected": summary.expected, "reporting": figures, "events": summary.events,
            "requests_per_route": summary.requests}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=350)
    parser.add_argument("--seed", type=int, default=2016)
    parser.add_argument("--concurrency", type=int, default=32)
    parser.add_argument("--base-url", default="http://127.0.0.1:8000")
    args = parser.parse_args()
    result = asyncio.run(run(args))
    previous = json.loads(RESULTS.read_text()) if RESULTS.exists() else {}
    previous[str(args.clients)] = result
    RESULTS.write_text(json.dumps(previous, indent=2) + "\n")
    print(json.dumps({k: v for k, v in result.items() if k not in ("events", "requests_per_route")}, indent=2))


if __name__ == "__main__":
    main()
