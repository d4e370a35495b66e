"""``python -m kohtaamo.embedded``: the whole system in this one process.

Starts the embedded PostgreSQL (data under ``--data``, kept between runs), the four services'
HTTP APIs on their usual ports (``--port-base`` + 1 … + 4) with the in-process transport
between them, and reporting's dashboard. ``--demo`` loads a SoKu-sized programme on the
first run and prints the funder pack, the addresses and a token per role. Ctrl-C or SIGTERM
stops the services and then the PostgreSQL server: nothing is left running. During the
load, the clients under way are sent first and the next start goes on with the load (a
second Ctrl-C stops at once, and that load does not go on).
``--dead-letters`` lists what the consumers parked in the data folder, and exits.

Bad input (a port in use, a data folder of another version, a size or seed out of range)
is one line on stderr and exit status 2, before anything is written.
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import signal
import sys
import time
from pathlib import Path

from kohtaamo.synthetic import LoadError, LoadStopped, LoadSummary, PhaseBars

from .database import EmbeddedPostgres, IncompatibleData

from .demo import (CONCURRENCY, LOAD_OVER, BadInput, Unfinished, addresses_text, check_load, funder_pack,
                   load_programme, load_text, pack_table, programme_of, settled, tokens_text)
from .parked import parked, parked_text
from .ports import Addresses, PortInUse, check_ports

log = logging.getLogger("kohtaamo.embedded")


def parse(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m kohtaamo.embedded", description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=Path(".run/embedded"),
                        help="the data folder (default .run/embedded)")
    parser.add_argument("--reset", action="store_true", help="remove the data folder first")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port-base", type=int, default=8000,
                        help="intake on base+1, casework +2, meetingplace +3, reporting +4")
    parser.add_argument("--demo", action="store_true",
                        help="load a programme on the first run, print the funder pack and addresses")
    parser.add_argument("--clients", type=int, default=350, help="the programme's size (50-100000)")
    parser.add_argument("--seed", type=int, default=2016)
    parser.add_argument("--load-over", choices=LOAD_OVER, default="asgi",
                        help="the loader calls the apps in process (asgi, default) or over their ports (http)")
    parser.add_argument("--concurrency", type=int, default=CONCURRENCY, help="the loader's commands at once (1-256)")
    parser.add_argument("--once", action="store_true", help="stop after printing (with --demo)")
    parser.add_argument("--dead-letters", action="store_true",
                        help="list the messages the consumers parked in the data folder, and exit")
    return parser.parse_args(argv)


async def run(args: argparse.Namespace, database: EmbeddedPostgres) -> None:
    from .system import serving  # the services: imported once the input is known to be good

    started = time.monotonic()
    addresses = Addresses(args.host, args.port_base)
    stop, hurry = asyncio.Event(), asyncio.Event()
    loading = asyncio.Event()

    def on_signal() -> None:  # the first asks the load to end the clients under way; a second stops at once
        if stop.is_set():
            hurry.set()
            return
        stop.set()
        if loading.is_set():
            print("Stopping the load once the clients under way are sent (Ctrl-C again stops at once)…",
                  file=sys.stderr, flush=True)

    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, on_signal)
    db = await asyncio.to_thread(database.start)
    try:
        async with serving(db, addresses) as system:
            print(f"Kohtaamo is running in one process (data in {db.folder}).", flush=True)
            if args.demo:
                marker = db.folder / "programme"
                began = programme_of(marker)
                if began is not None and began[0] == "loading":
                    print(f"Going on with the load this folder began (clients={began[1]} seed={began[2]}).",
                          flush=True)
                loading.set()
                with PhaseBars(enabled=True) as bars:
                    load = asyncio.create_task(load_programme(
                        system, marker, clients=args.clients, seed=args.seed, over=args.load_over,
                        concurrency=args.concurrency, progress=bars.update, stop=stop))
                    summary = await _load_until_stopped(load, hurry)
                loading.clear()
                if summary is not None:
                    print(load_text(summary, args.load_over), flush=True)
                if not stop.is_set():
                    await _unless_stopped(asyncio.create_task(settled(system)), stop)
                if not stop.is_set():
                    figures = await funder_pack(system)
                    print(f"\nFunder pack, SoKu (S20397), project window "
                          f"({marker.read_text().strip() if marker.exists() else 'no programme'}):\n")
                    print(pack_table(figures))
            if stop.is_set():  # Ctrl-C while loading or settling: not ready, and no addresses to visit
                went_on = ("the next start goes on with the load" if _stopped_on_request(db.folder)
                           else "--reset loads afresh")
                print(f"\nStopped after {time.monotonic() - started:.1f} s, before the demo was ready. "
                      f"The folder keeps what was loaded; {went_on}.", flush=True)
            else:
                print(f"\nAPIs (OpenAPI docs):\n{addresses_text(system)}")
                if args.demo:
                    print(f"\nDevelopment tokens (organisation 908, 8 hours):\n{tokens_text()}")
                print(f"\nReady in {time.monotonic() - started:.1f} s. Ctrl-C stops everything.", flush=True)
                if not args.once:
                    await stop.wait()
            print("Stopping…", file=sys.stderr, flush=True)
    finally:
        await asyncio.to_thread(database.stop)


async def _load_until_stopped(load: asyncio.Task, hurry: asyncio.Event) -> LoadSummary | None:
    """The load's summary; None if there was nothing to load, or it stopped. On a stop the
    loader ends the clients under way (seconds) unless a second Ctrl-C cuts them short."""
    try:
        await _unless_stopped(load, hurry)
        return load.result() if not hurry.is_set() else None
    except LoadStopped:
        return None
    except Unfinished as exc:
        print(f"The load of this folder was cut short and does not go on ({exc}); it shows what was "
              "loaded. --reset (make demo RESET=1) loads afresh.", flush=True)
        return None


def _stopped_on_request(folder: Path) -> bool:
    journal = folder / "programme.journal"
    return journal.exists() and journal.read_text().endswith('{"stopped":true}\n')


async def _unless_stopped(task: asyncio.Task, stop: asyncio.Event) -> None:
    stopping = asyncio.create_task(stop.wait())
    await asyncio.wait({task, stopping}, return_when=asyncio.FIRST_COMPLETED)
    stopping.cancel()
    if not task.done():
        task.cancel()
        await asyncio.gather(task, return_exceptions=True)
        return
    task.result()


def main(argv: list[str] | None = None) -> int:
    args = parse(argv)
    data = args.data.resolve()
    data.parent.mkdir(parents=True, exist_ok=True)
    try:
        if args.demo:
            check_load(args.clients, args.seed)
        if not 1 <= args.concurrency <= 256:
            raise BadInput(f"--concurrency must be from 1 to 256, not {args.concurrency}")
        if not 0 < args.port_base <= 65535 - 4:
            raise BadInput(f"--port-base must be from 1 to {65535 - 4}, not {args.port_base}")
        database = EmbeddedPostgres(data)
        if args.dead_letters:
            return _dead_letters(database)
        if args.reset:
            database.reset()
        database.check()
        # A port in use is refused before PostgreSQL starts.
        for sock in check_ports(Addresses(args.host, args.port_base)):
            sock.close()
    except (BadInput, IncompatibleData, PortInUse) as exc:
        print(f"kohtaamo.embedded: {exc}", file=sys.stderr)
        return 2
    _log_to(data / "logs" / "embedded.log")
    try:
        asyncio.run(run(args, database))
    except (PortInUse, IncompatibleData) as exc:
        print(f"kohtaamo.embedded: {exc}", file=sys.stderr)
        return 2
    except LoadError as exc:  # a service refused one of the programme's commands
        print(f"kohtaamo.embedded: the load stopped: {exc}. The folder keeps what was stored and the "
              "load does not go on; --reset (make demo RESET=1) starts afresh", file=sys.stderr)
        return 1
    return 0


def _dead_letters(database: EmbeddedPostgres) -> int:
    if not database.pgdata.exists():
        raise BadInput(f"no data in {database.folder}: nothing has run there")
    database.check()
    print(parked_text(parked(database)))
    return 0


def _log_to(path: Path) -> None:
    """The services' logs go to a file; the terminal keeps the summary (and errors)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handler = logging.FileHandler(path, encoding="utf-8")
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    console = logging.StreamHandler(sys.stderr)
    console.setLevel(logging.ERROR)
    root = logging.getLogger()
    root.handlers[:] = [handler, console]
    root.setLevel(logging.INFO)
    # A line per request of the in-process loader, beside the service's own access line.
    logging.getLogger("httpx").setLevel(logging.WARNING)


if __name__ == "__main__":
    sys.exit(main())
