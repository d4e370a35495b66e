"""The fault injector: at seeded points of the programme, SIGKILL a service and start it
again, restart the Kafka broker, restart PostgreSQL; in between, the tamperer's duplicates
and poison. Each fault's time until every service reports itself healthy again is measured
(written to the figures, never asserted)."""

from __future__ import annotations

import asyncio
import os
import random
import subprocess
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx

from .processes import SERVICES, ServiceProcess
from .tampering import Tamperer

ROOT = Path(__file__).resolve().parents[2]
KINDS = tuple(f"kill_{s}" for s in SERVICES) + ("restart_kafka", "restart_postgres")


@dataclass
class Injected:
    kind: str
    at_unit: int
    recovered_s: float | None = None  # from the fault until every service answered healthy


@dataclass
class Schedule:
    points: dict[int, str]  # unit of work after which -> fault kind
    sweeps: set[int]

    @classmethod
    def seeded(cls, units: int, *, seed: int, each: int = 2) -> Schedule:
        rng = random.Random(seed)
        kinds = [k for k in KINDS for _ in range(each)]
        rng.shuffle(kinds)
        # Faults between 5 % and 85 % of the work, so that some load follows each one.
        slots = sorted(rng.sample(range(max(1, units // 20), max(2, units * 17 // 20)), len(kinds)))
        sweeps = set(range(max(1, units // 25), units, max(1, units // 25)))
        return cls(dict(zip(slots, kinds, strict=True)), sweeps)


@dataclass
class Injector:
    processes: dict[str, ServiceProcess]
    tamperer: Tamperer
    schedule: Schedule
    http: httpx.AsyncClient
    injected: list[Injected] = field(default_factory=list)
    _lock: asyncio.Lock = field(default_factory=asyncio.Lock)

    async def between(self, done: int) -> None:
        """Called after each unit of work; one fault or sweep at a time."""
        kind = self.schedule.points.get(done)
        if kind is None and done not in self.schedule.sweeps:
            return
        async with self._lock:
            if kind is not None:
                await self.inject(kind, done)
            await self.sweep()

    async def sweep(self) -> None:
        try:
            await self.tamperer.sweep()
        except Exception:  # the broker went away meanwhile: the next sweep catches up
            await self.tamperer.reset()

    async def inject(self, kind: str, at: int) -> None:
        started = time.monotonic()
        if kind.startswith("kill_"):
            process = self.processes[kind.removeprefix("kill_")]
            process.kill()
            process.start()
        else:
            await asyncio.to_thread(local_stack, "restart", kind.removeprefix("restart_"))
            if kind == "restart_kafka":
                await self.tamperer.reset()
        entry = Injected(kind, at)
        self.injected.append(entry)
        entry.recovered_s = await self.recovered(started)

    async def recovered(self, started: float, *, timeout: float = 180.0) -> float | None:
        """Seconds from ``started`` until every service's /health says ok (None: not within
        ``timeout``; the final checks then still wait for it)."""
        while time.monotonic() - started < timeout:
            healths = [await p.health(self.http) for p in self.processes.values()]
            if all(h is not None and h["status"] == "ok" for h in healths):
                return round(time.monotonic() - started, 2)
            await asyncio.sleep(0.1)  # polling a condition
        return None


def local_stack(action: str, part: str) -> None:
    """``deploy/local-stack <action> <part>`` with this run's stack (its env: run dir, ports)."""
    result = subprocess.run([str(ROOT / "deploy" / "local-stack"), action, part],
                            capture_output=True, text=True, env=dict(os.environ))
    if result.returncode != 0:
        raise AssertionError(f"local-stack {action} {part} failed:\n{result.stderr[-2000:]}")


def summary(injected: list[Injected]) -> dict[str, Any]:
    by_kind: dict[str, list[float | None]] = {}
    for entry in injected:
        by_kind.setdefault(entry.kind, []).append(entry.recovered_s)
    return {kind: {"count": len(times), "recovered_s": times} for kind, times in sorted(by_kind.items())}
