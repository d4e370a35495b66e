"""Load from Debian's ``wrk`` (C, event-driven: far above what the services answer, so the
generator is not what is measured), one JSON body of its own per request."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path
from typing import Any

from .stack import ROOT, Service

LUA = ROOT / "bench" / "wrk" / "post.lua"
PACED = ROOT / "bench" / "wrk" / "paced.lua"


def available() -> bool:
    return shutil.which("wrk") is not None


def post(service: Service, path: str, bodies: Path, token: str, *, connections: int,
         seconds: float, expect: int, rate: float | None = None, own_paths: bool = True) -> dict[str, Any]:
    """``wrk`` POSTs ``bodies`` (one JSON a line, or ``path<tab>JSON``) to ``path``, as fast as
    answered or at a steady ``rate``; rate of ``expect`` answers, latency percentiles, and the
    server's CPU per request. ``own_paths=False`` sends every line to ``path`` (the no-op route)."""
    threads = min(2, connections)
    cpu = service.cpu_seconds()
    out = subprocess.run(
        ["wrk", f"-t{threads}", f"-c{connections}", f"-d{max(1, round(seconds))}s", "--timeout", "10s",
         "-s", str(PACED if rate else LUA), service.url],
        env={**os.environ, "BODIES": str(bodies), "TOKEN": token, "WRK_THREADS": str(threads),
             "PATH_TO_POST": path, "POST_LUA": str(LUA), "RATE": str(rate or 0), "OWN_PATHS": "1" if own_paths else "0"},
        capture_output=True, text=True, check=True)
    cpu = service.cpu_seconds() - cpu
    raw = json.loads(out.stdout.strip().splitlines()[-1])
    seconds_run = raw["duration_us"] / 1e6
    answered = sum(raw["statuses"].values())
    return {
        "per_s": round(raw["statuses"].get(str(expect), 0) / seconds_run, 1),
        "p50_ms": round(raw["p50_us"] / 1000, 2), "p99_ms": round(raw["p99_us"] / 1000, 2),
        "server_cpu_ms_per_request": round(1000 * cpu / max(answered, 1), 3),
        "statuses": raw["statuses"], "socket_errors": raw["socket_errors"],
        "bodies_reused": raw["bodies_reused"], "connections": connections,
        "sent_per_s": round(raw["requests"] / seconds_run, 1),
    }
