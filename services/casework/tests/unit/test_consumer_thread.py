"""Intake's events are applied on a thread of their own: a burst of commands holding every
command thread does not keep a new client from reaching casework."""

from __future__ import annotations

import asyncio
import threading

from kohtaamo.casework.bootstrap import build
from kohtaamo.casework.settings import CaseworkSettings
from kohtaamo.servicekit.testing.deliveries import registration_arrives


async def test_a_registration_is_applied_while_every_command_thread_is_busy():
    # given casework wired as it runs, with every command thread held by a command
    parts = build(CaseworkSettings(database_url="memory://"))
    release = threading.Event()
    commands = [asyncio.ensure_future(parts.offload(release.wait)) for _ in range(parts.offload.threads)]
    try:
        # when intake's registration arrives through the subscription's own handler
        client_id = await registration_arrives(parts.broker, organisation_id="091")
        # then it was applied, and the commands are still under way
        assert parts.app.store.file(client_id, "091").id == client_id
        assert not any(c.done() for c in commands)
    finally:
        release.set()
        await asyncio.gather(*commands)
        parts.offload.close()
        parts.consumer_offload.close()
