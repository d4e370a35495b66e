"""Intake's events are applied on a thread of their own: a burst of commands holding every
command thread does not keep a new client from reaching casework."""

from __future__ import annotations

import asyncio
import threading
from uuid import uuid4

from kohtaamo.casework.bootstrap import build
from kohtaamo.casework.settings import CaseworkSettings
from kohtaamo.contracts import examples
from kohtaamo.servicekit.consumer import declared
from kohtaamo.servicekit.messages import Source


async def test_a_registration_is_applied_while_every_command_thread_is_busy():
    # given casework wired as it runs, with every command thread held by a command
    parts = build(CaseworkSettings(database_url="memory://"))
    release = threading.Event()
    commands = [asyncio.ensure_future(parts.offload(release.wait)) for _ in range(parts.offload.threads)]
    (subscription,) = declared(parts.broker)
    client_id = uuid4()
    envelope = examples.envelope(examples.client_registered(client_id=client_id), organisation_id="091",
                                 event_id=uuid4())
    try:
        # when intake's registration arrives through the subscription's own handler
        await asyncio.wait_for(subscription.handle(envelope, Source("intake.clients", 0, 0)), timeout=30)
        opened = parts.app.store.file(client_id, "091")
        # then it was applied, and the commands are still under way
        assert opened.id == client_id
        assert not any(c.done() for c in commands)
    finally:
        release.set()
        await asyncio.gather(*commands)
        parts.offload.close()
        parts.consumer_offload.close()
