"""The four services in one process: their own apps, on the embedded PostgreSQL, with the
in-process transport between them, each HTTP API on its usual port.

Each service is built by its own bootstrap (``create_app(settings, inprocess=...)``): the
same handlers, SQL and HTTP as in the real deployment. uvicorn serves the four apps in one
event loop; signals are this module's (uvicorn's own would have each server replace the
others' handlers).
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path

import uvicorn
from fastapi import FastAPI

from kohtaamo.casework.bootstrap import create_app as create_casework
from kohtaamo.casework.settings import CaseworkSettings
from kohtaamo.intake.bootstrap import create_app as create_intake
from kohtaamo.intake.settings import IntakeSettings
from kohtaamo.meetingplace.bootstrap import create_app as create_meetingplace
from kohtaamo.meetingplace.settings import MeetingplaceSettings
from kohtaamo.reporting.bootstrap import create_app as create_reporting
from kohtaamo.reporting.settings import ReportingSettings
from kohtaamo.servicekit.inprocess import InProcessTransport

from .database import Embedded, EmbeddedPostgres
from .ports import SERVICES, Addresses, check_ports


def build_apps(db: Embedded, addresses: Addresses, transport: InProcessTransport) -> dict[str, FastAPI]:
    keys = db.folder / "keys"
    intake = IntakeSettings(database_url=db.url("intake"), http_port=addresses.port("intake"),
                            keyring_path=keys / "intake.keyring")
    casework = CaseworkSettings(database_url=db.url("casework"), http_port=addresses.port("casework"),
                                keyring_path=keys / "casework.keyring")
    meetingplace = MeetingplaceSettings(database_url=db.url("meetingplace"),
                                        http_port=addresses.port("meetingplace"))
    reporting = ReportingSettings(database_url=db.url("reporting"), http_port=addresses.port("reporting"),
                                  )
    return {
        "intake": create_intake(intake, inprocess=transport),
        "casework": create_casework(casework, inprocess=transport),
        "meetingplace": create_meetingplace(meetingplace, inprocess=transport),
        "reporting": create_reporting(reporting, inprocess=transport),
    }


class _Server(uvicorn.Server):
    @contextlib.contextmanager
    def capture_signals(self):  # type: ignore[override]
        yield  # the process's signals are handled once, by System


@dataclass
class System:
    apps: dict[str, FastAPI]
    addresses: Addresses
    transport: InProcessTransport
    servers: list[_Server]

    def stop(self) -> None:
        for server in self.servers:
            server.should_exit = True


@contextlib.asynccontextmanager
async def serving(db: Embedded, addresses: Addresses) -> AsyncIterator[System]:
    """The four services answering on their ports until the block ends."""
    sockets = check_ports(addresses)
    transport = InProcessTransport()
    apps = build_apps(db, addresses, transport)
    servers = [_Server(uvicorn.Config(apps[s], log_config=None, access_log=False, lifespan="on",
                                      timeout_graceful_shutdown=5))
               for s in SERVICES]
    tasks = [asyncio.create_task(server.serve(sockets=[sock]), name=f"http-{name}")
             for server, sock, name in zip(servers, sockets, SERVICES, strict=True)]
    system = System(apps, addresses, transport, servers)
    try:
        while not all(s.started for s in servers):
            done = [t for t in tasks if t.done()]
            if done:  # a lifespan failed: its error, not a hang
                await done[0]
                raise RuntimeError(f"{done[0].get_name()} stopped while starting")
            await asyncio.sleep(0.05)
        yield system
    finally:
        system.stop()
        await asyncio.gather(*tasks, return_exceptions=True)
        for sock in sockets:
            sock.close()


@contextlib.asynccontextmanager
async def started(folder: Path, addresses: Addresses) -> AsyncIterator[System]:
    """The embedded PostgreSQL on ``folder`` and the four services on it, until the block
    ends; then the services stop and the server with them."""
    database = EmbeddedPostgres(folder)
    db = await asyncio.to_thread(database.start)
    try:
        async with serving(db, addresses) as system:
            yield system
    finally:
        await asyncio.to_thread(database.stop)
