"""A service's background task: running while the service runs, stopped after."""

import asyncio

from kohtaamo.servicekit.background import in_background


async def test_the_work_runs_inside_the_block_and_is_cancelled_and_awaited_after():
    # given work that runs until cancelled
    started, stopped = asyncio.Event(), asyncio.Event()

    async def work() -> None:
        started.set()
        try:
            await asyncio.Event().wait()
        finally:
            stopped.set()

    # when the block runs, the work runs; when it ends, the work has stopped
    async with in_background(work(), name="work") as task:
        await started.wait()
        assert not task.done()
    assert stopped.is_set() and task.cancelled()
