"""Intake's facts are applied on a thread of their own, not in the executor the commands
share: a burst of commands holding its threads does not hold back a client's consent."""

from __future__ import annotations

import asyncio
import threading
from uuid import uuid4

from kohtaamo.contracts import examples
from kohtaamo.meetingplace.bootstrap import build
from kohtaamo.meetingplace.domain.known_client import KnownClient
from kohtaamo.meetingplace.settings import MeetingplaceSettings
from kohtaamo.servicekit.consumer import declared
from kohtaamo.servicekit.messages import Source


async def test_a_registration_is_applied_while_the_shared_executor_is_busy():
    # given meetingplace wired as it runs, and the loop's default executor (where commands
    # run) held by more commands than it can have threads (32 at most)
    parts = build(MeetingplaceSettings(database_url="memory://"))
    release = threading.Event()
    commands = [asyncio.ensure_future(asyncio.to_thread(release.wait)) for _ in range(40)]
    (subscription,) = declared(parts.broker)
    client_id = uuid4()
    envelope = examples.envelope(examples.client_registered(client_id=client_id), organisation_id="091",
                                 event_id=uuid4())
    try:
        # when intake's registration arrives through the subscription's own handler
        await asyncio.wait_for(subscription.handle(envelope, Source("intake.clients", 0, 0)), timeout=30)
        known = parts.app.store.get_or_none(KnownClient.id_for(client_id), KnownClient)
        # then meetingplace knows the client, and the commands are still under way
        assert known is not None and known.organisation_id == "091"
        assert not any(c.done() for c in commands)
    finally:
        release.set()
        await asyncio.gather(*commands)
        parts.consumer_offload.close()
