"""Intake's facts are applied on a thread of their own, not in the executor the commands
share: a burst of commands holding its threads does not hold back a client's consent."""

from __future__ import annotations

import asyncio
import threading

from kohtaamo.meetingplace.bootstrap import build
from kohtaamo.meetingplace.domain.known_client import KnownClient
from kohtaamo.meetingplace.settings import MeetingplaceSettings
from kohtaamo.servicekit.testing.deliveries import registration_arrives


async def test_a_registration_is_applied_while_the_shared_executor_is_busy():
    # given meetingplace wired as it runs, and the loop's default executor (where commands
    # run) held by more commands than it can have threads (32 at most)
    parts = build(MeetingplaceSettings(database_url="memory://"))
    release = threading.Event()
    commands = [asyncio.ensure_future(asyncio.to_thread(release.wait)) for _ in range(40)]
    try:
        # when intake's registration arrives through the subscription's own handler
        client_id = await registration_arrives(parts.broker, organisation_id="091")
        known = parts.app.store.get_or_none(KnownClient.id_for(client_id), KnownClient)
        # then meetingplace knows the client, and the commands are still under way
        assert known is not None and known.organisation_id == "091"
        assert not any(c.done() for c in commands)
    finally:
        release.set()
        await asyncio.gather(*commands)
        parts.consumer_offload.close()
