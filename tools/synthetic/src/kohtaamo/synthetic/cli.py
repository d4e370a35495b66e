"""``python -m kohtaamo.synthetic --clients 350 --seed 2016``: load a programme into running
services. Exit codes: 0 loaded; 1 a service refused a command (route, status, message);
2 bad input; 3 a service cannot be reached; 4 stopped with Ctrl-C (with ``--journal``: the
same command goes on where it stopped)."""

from __future__ import annotations

import asyncio
import json
import signal
import sys
from dataclasses import asdict
from pathlib import Path

import httpx
import typer

from .journal import Journal, JournalError
from .load import LoadStopped, LoadSummary, load
from .progress import PhaseBars
from .programme import MAX_CLIENTS, MIN_CLIENTS
from .sender import LoadError, Targets, url_client

REFUSED, BAD_INPUT, UNREACHABLE, STOPPED = 1, 2, 3, 4
SERVICES = ("intake", "casework", "meetingplace", "reporting")

app = typer.Typer(add_completion=False, rich_markup_mode=None, pretty_exceptions_enable=False)


class Failure(Exception):
    def __init__(self, message: str, code: int) -> None:
        super().__init__(message)
        self.code = code


@app.command()
def main(
    clients: int = typer.Option(350, help=f"Clients to register, {MIN_CLIENTS}..{MAX_CLIENTS}."),
    seed: int = typer.Option(2016, help="The programme's seed (0 or more): the same seed, the same programme."),
    base_url: str = typer.Option("http://127.0.0.1:8000", help="The services at its port +1 … +4."),
    intake_url: str | None = typer.Option(None, help="Intake, if not at the base port + 1."),
    casework_url: str | None = typer.Option(None, help="Casework, if not at the base port + 2."),
    meetingplace_url: str | None = typer.Option(None, help="Meetingplace, if not at the base port + 3."),
    reporting_url: str | None = typer.Option(None, help="Reporting, if not at the base port + 4."),
    concurrency: int = typer.Option(32, help="Commands in flight at once, 1..256."),
    wait_seconds: float = typer.Option(60.0, help="How long a command waits for intake's events to arrive."),
    as_json: bool = typer.Option(False, "--json", help="Print the summary as JSON."),
    progress: bool = typer.Option(True, help="Show a progress bar on stderr."),
    journal: Path | None = typer.Option(None, help="Keep what was sent here: after Ctrl-C, the same command "
                                                   "goes on where it stopped."),
) -> None:
    """Load a seeded, realistic SoKu-like programme through the services' HTTP APIs."""
    try:
        if not MIN_CLIENTS <= clients <= MAX_CLIENTS:
            raise Failure(f"--clients must be {MIN_CLIENTS}..{MAX_CLIENTS}, not {clients}", BAD_INPUT)
        if seed < 0:
            raise Failure(f"--seed must be 0 or more, not {seed}", BAD_INPUT)
        if not 1 <= concurrency <= 256:
            raise Failure(f"--concurrency must be 1..256, not {concurrency}", BAD_INPUT)
        urls = service_urls(base_url, {"intake": intake_url, "casework": casework_url,
                                       "meetingplace": meetingplace_url, "reporting": reporting_url})
        if journal is not None:
            try:
                Journal(journal).read(clients, seed)  # before anything is sent
            except JournalError as exc:
                raise Failure(f"--journal: {exc}", BAD_INPUT) from None
        summary = asyncio.run(run(urls, clients, seed, concurrency, wait_seconds, progress,
                                  Journal(journal) if journal is not None else None))
    except Failure as exc:
        typer.echo(f"kohtaamo.synthetic: {exc}", err=True)
        raise typer.Exit(exc.code) from None
    print_summary(summary, as_json)


def service_urls(base_url: str, given: dict[str, str | None]) -> dict[str, str]:
    try:
        base = httpx.URL(base_url)
    except httpx.InvalidURL as exc:
        raise Failure(f"--base-url {base_url!r} is not a URL: {exc}", BAD_INPUT) from None
    if base.scheme not in ("http", "https") or not base.host:
        raise Failure(f"--base-url {base_url!r} is not an http(s) URL", BAD_INPUT)
    port = base.port or (443 if base.scheme == "https" else 80)
    return {name: given[name] or str(base.copy_with(port=port + k + 1)) for k, name in enumerate(SERVICES)}


async def run(urls: dict[str, str], clients: int, seed: int, concurrency: int, wait_seconds: float,
              show: bool, journal: Journal | None = None) -> LoadSummary:
    opened = {name: url_client(url, concurrency) for name, url in urls.items()}
    stop = asyncio.Event()
    if journal is not None:  # Ctrl-C ends the chains under way; a second one interrupts as usual
        loop = asyncio.get_running_loop()

        def on_signal() -> None:
            stop.set()
            loop.remove_signal_handler(signal.SIGINT)

        loop.add_signal_handler(signal.SIGINT, on_signal)
    try:
        for name, http in opened.items():
            await reachable(name, http)
        with PhaseBars(enabled=show) as bars:
            return await load(Targets(**opened), clients=clients, seed=seed, concurrency=concurrency,
                              progress=bars.update, wait_seconds=wait_seconds, journal=journal, stop=stop)
    except LoadError as exc:
        raise Failure(str(exc), UNREACHABLE if exc.status is None else REFUSED) from None
    except LoadStopped as exc:
        raise Failure(f"{exc}; the same command goes on from {journal.path if journal else 'its journal'}",
                      STOPPED) from None
    finally:
        for http in opened.values():
            await http.aclose()


async def reachable(name: str, http: httpx.AsyncClient) -> None:
    try:
        response = await http.get("/health", timeout=5)
    except httpx.HTTPError as exc:
        raise Failure(f"cannot reach {name} at {http.base_url}: {type(exc).__name__} {exc}".rstrip(),
                      UNREACHABLE) from None
    if response.status_code != 200:
        raise Failure(f"{name} at {http.base_url} is not healthy: /health answered {response.status_code}",
                      UNREACHABLE)


def print_summary(summary: LoadSummary, as_json: bool) -> None:
    if as_json:
        json.dump(asdict(summary) | {"requests_per_second": round(summary.requests_per_second, 1)},
                  sys.stdout, indent=2)
        sys.stdout.write("\n")
        return
    typer.echo(f"loaded {summary.clients} clients (seed {summary.seed}, {summary.voided} voided extra "
               f"registrations): {summary.request_count} requests in {summary.elapsed_seconds:.1f} s, "
               f"{summary.requests_per_second:.0f} requests/s"
               + (f" (going on after {summary.resumed} chains an earlier run sent)" if summary.resumed else ""))
    for phase, seconds in summary.phase_seconds.items():
        typer.echo(f"  {phase:<14} {seconds:8.1f} s")
    for code, value in summary.expected.items():
        typer.echo(f"  expected {code}: {value}")
