"""Rotation as a background task of the service: on a schedule, and soon after each erasure.

What is due is read from the table, not kept in memory, so that an erasure made by another
instance, or one made just before a crash, still gets its rotation. An erasure in this
process wakes the task at once; erasures within ``after_erasure`` of the first one share a
rotation. Instances that find another one rotating (the advisory lock) wait for it.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from datetime import timedelta

from .vault import SubjectKeyVault

log = logging.getLogger(__name__)


class RotationSchedule:
    def __init__(
        self, vault: SubjectKeyVault, *, interval: timedelta, after_erasure: timedelta,
        poll: float = 60.0, retry: float = 30.0,
    ) -> None:
        self._vault = vault
        self._interval = interval
        self._after_erasure = after_erasure
        self._poll = poll  # how soon another instance's erasure or rotation is noticed
        self._retry = retry
        self._wake = asyncio.Event()
        self._loop: asyncio.AbstractEventLoop | None = None
        vault.on_destroyed(self.erasure_seen)

    def erasure_seen(self) -> None:
        """Thread-safe: called from the worker thread that destroyed a key."""
        if self._loop is not None:
            with contextlib.suppress(RuntimeError):  # the loop closed: the service is stopping
                self._loop.call_soon_threadsafe(self._wake.set)

    async def run(self) -> None:
        self._loop = asyncio.get_running_loop()
        while True:
            self._wake.clear()  # before reading the table: an erasure from now on wakes us
            try:
                await asyncio.to_thread(self._vault.reload_keyring)
                due_in = await asyncio.to_thread(
                    self._vault.rotation_due_in, interval=self._interval, after_erasure=self._after_erasure
                )
                if due_in <= 0:
                    if await asyncio.to_thread(self._vault.rotate, wait=False) is None:
                        due_in = 1.0  # another instance is rotating: look again shortly
                    else:
                        continue
            except asyncio.CancelledError:
                raise
            except Exception:
                log.exception("key rotation failed; retrying in %s s", self._retry)
                due_in = self._retry
            await self._sleep(min(due_in, self._poll))

    async def _sleep(self, seconds: float) -> None:
        # asyncio.timeout, not wait_for: on Python 3.11 wait_for can swallow a cancellation
        # that arrives as the wait ends, and the task would never stop.
        try:
            async with asyncio.timeout(max(seconds, 0.0)):
                await self._wake.wait()
        except TimeoutError:
            pass
