"""What ``make demo`` shows: a SoKu-sized programme loaded once, the funder pack for the
project window, the addresses, and a development token per role.

The programme is loaded through the services' HTTP APIs by the synthetic loader
(``kohtaamo.synthetic``), by default over ASGI (each app called in this process, no socket;
``--load-over http`` goes through the served ports instead). A marker file records the load,
and the loader's journal what it has sent: a load stopped with Ctrl-C goes on at the next
start, where it stopped. A load cut short otherwise (a kill, a refused command) is not
loaded again on top (that would send some commands twice), it is reported.
"""

from __future__ import annotations

import asyncio
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

import httpx

from kohtaamo.servicekit.auth import issue_token
from kohtaamo.servicekit.settings import AuthSettings
from kohtaamo.synthetic import Journal, JournalError, LoadSummary, Progress, Targets, asgi_client, load, url_client

if TYPE_CHECKING:
    from .system import System

PROJECT = "S20397"  # SoKu
ORGANISATION = "908"  # Valkeakoski runs it
ROLES = ("intake_worker", "caseworker", "team_lead", "meetingplace_worker", "manager",
         "project_manager", "analyst", "data_protection_officer")

MIN_CLIENTS, MAX_CLIENTS = 50, 100_000
MIN_SEED, MAX_SEED = 0, 2**32 - 1


class BadInput(Exception):
    pass


def check_load(clients: int, seed: int) -> None:
    if not MIN_CLIENTS <= clients <= MAX_CLIENTS:
        raise BadInput(f"--clients must be from {MIN_CLIENTS} to {MAX_CLIENTS}, not {clients}")
    if not MIN_SEED <= seed <= MAX_SEED:
        raise BadInput(f"--seed must be from {MIN_SEED} to {MAX_SEED}, not {seed}")


def token(role: str) -> str:
    projects = [PROJECT] if role == "project_manager" else []
    return issue_token(AuthSettings(), sub=f"demo-{role}", roles=[role], org=ORGANISATION,
                       projects=projects)


def bearer(role: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token(role)}"}


async def settled(system: System, *, timeout: float = 600) -> None:
    """Every outbox read by every consumer: the figures read next are final."""
    deadline = time.monotonic() + timeout
    outboxes = [app.state.relay for app in system.apps.values() if hasattr(app.state, "relay")]
    while time.monotonic() < deadline:
        statuses = [await o.status() for o in outboxes]
        if all(s.lag == 0 for s in statuses):
            return
        halted = [s for s in statuses if s.state == "halted"]
        if halted:
            raise RuntimeError(f"{halted[0].name} halted at notification {halted[0].halted_at}: "
                               f"{halted[0].reason}")
        await asyncio.sleep(0.1)
    raise TimeoutError("the consumers did not catch up in time")


# How the loader reaches the services: "asgi" calls each app in this process without a
# socket (the same routes, validation and role checks; no HTTP parsing), "http" goes through
# the ports uvicorn serves, as a client elsewhere would.
LOAD_OVER = ("asgi", "http")
CONCURRENCY = 32


def targets_of(system: System, over: str = "asgi", concurrency: int = CONCURRENCY) -> Targets:
    if over == "asgi":
        return Targets(**{s: asgi_client(app, s) for s, app in system.apps.items()})
    return Targets(**{s: url_client(system.addresses.url(s), concurrency) for s in system.apps})


class Unfinished(Exception):
    """The folder's load was begun and cannot go on: its reason."""


def programme_of(marker: Path) -> tuple[str, int, int] | None:
    """The folder's load as its marker says: (state, clients, seed), or None if none began."""
    if not marker.exists():
        return None
    state, *fields = marker.read_text().split()
    values = dict(f.split("=", 1) for f in fields)
    return state, int(values["clients"]), int(values["seed"])


async def load_programme(system: System, marker: Path, *, clients: int, seed: int, over: str = "asgi",
                         concurrency: int = CONCURRENCY, progress: Progress | None = None,
                         stop: asyncio.Event | None = None) -> LoadSummary | None:
    """Load a programme once; None if this folder was loaded before. A load stopped on
    request goes on with the programme it began (its size and seed, whatever is asked now);
    one cut short otherwise raises ``Unfinished``."""
    journal = Journal(marker.with_name("programme.journal"))
    began = programme_of(marker)
    if began is not None:
        state, clients, seed = began
        if state == "loaded":
            return None
        if not journal.exists():
            raise Unfinished("the load was cut short before its journal began")
    else:
        marker.write_text(f"loading clients={clients} seed={seed}\n")
    targets = targets_of(system, over, concurrency)
    try:
        summary = await load(targets, clients=clients, seed=seed, concurrency=concurrency, progress=progress,
                             journal=journal, stop=stop)
    except JournalError as exc:
        raise Unfinished(str(exc)) from None
    finally:
        await targets.aclose()
    marker.write_text(f"loaded clients={clients} seed={seed}\n")
    return summary


def load_text(summary: LoadSummary, over: str) -> str:
    went_on = f", going on after {summary.resumed} chains an earlier run sent" if summary.resumed else ""
    return (f"Loaded {summary.clients} clients (+{summary.voided} voided registrations): "
            f"{summary.request_count} requests in {summary.elapsed_seconds:.1f} s, "
            f"{summary.requests_per_second:.0f} requests/s (over {over}{went_on}).")


async def funder_pack(system: System, project: str = PROJECT) -> list[dict[str, Any]]:
    """Each indicator of the pack for the project window, project-wide (as its project
    manager reads it, every organisation of the project): target, value, status."""
    async with httpx.AsyncClient(base_url=system.addresses.url("reporting"), timeout=60) as http:
        listed = await http.get("/indicators", headers=bearer("project_manager"))
        listed.raise_for_status()
        rows = []
        for indicator in listed.json():
            figure = await http.get(f"/indicators/{indicator['code']}", headers=bearer("project_manager"),
                                    params={"project": project, "period": "window"})
            figure.raise_for_status()
            rows.append(figure.json())
        return rows


def _target(figure: dict[str, Any]) -> str:
    target = figure.get("target")
    if not target:
        return "–"
    if target.get("comparator") == "rising":
        return "rising"
    value = target.get("value")
    number = f"{value:g}" if isinstance(value, float) else str(value)
    unit = " %" if str(figure.get("kind", "")).endswith("share") else ""
    return f"{target.get('comparator', '')} {number}{unit}".strip()


def _value(figure: dict[str, Any]) -> str:
    shown = figure.get("shown")
    if shown is not None:
        return str(shown)
    value = figure.get("value")
    return "–" if value is None else str(value)


def pack_table(figures: list[dict[str, Any]]) -> str:
    rows = [("indicator", "target", "value", "status")] + [
        (f"{f['code']}: {f['title'].get('en') or f['title'].get('fi')}", _target(f),
         _value(f), f["status"]) for f in figures]
    widths = [max(len(r[i]) for r in rows) for i in range(4)]
    lines = ["  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)).rstrip() for row in rows]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(lines)


def addresses_text(system: System) -> str:
    lines = [f"  {s:<13}{system.addresses.url(s)}/docs" for s in system.apps]
    reporting = system.addresses.url("reporting")
    lines.append(f"  {'dashboard':<13}{reporting}/dashboard (sign in with the project_manager token)")
    return "\n".join(lines)


def tokens_text() -> str:
    return "\n".join(f"  {role:<24}{token(role)}" for role in ROLES)
