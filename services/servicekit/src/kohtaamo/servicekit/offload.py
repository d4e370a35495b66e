"""Run a service's synchronous use cases off the event loop, on threads of its own.

``asyncio.to_thread`` uses the loop's default executor (cpu + 4 threads): with group
commit, a command waits in its thread while its group is written, so that executor would
cap a group at six commands on two cores. ``Offload`` is an executor sized by a setting
(``GroupCommitSettings.threads``), and like ``to_thread`` it runs each call in a copy of the
caller's context, so the request's cause (``causation``) reaches the saved events.
"""

from __future__ import annotations

import asyncio
import contextvars
import functools
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import ParamSpec, TypeVar

P = ParamSpec("P")
T = TypeVar("T")


class Offload:
    def __init__(self, threads: int, *, name: str = "command") -> None:
        self.threads = threads
        self._executor = ThreadPoolExecutor(max_workers=threads, thread_name_prefix=name)

    async def __call__(self, fn: Callable[P, T], /, *args: P.args, **kwargs: P.kwargs) -> T:
        context = contextvars.copy_context()
        call = functools.partial(context.run, fn, *args, **kwargs)
        return await asyncio.get_running_loop().run_in_executor(self._executor, call)

    def close(self) -> None:
        """Wait for the calls under way, then stop the threads."""
        self._executor.shutdown(wait=True)
