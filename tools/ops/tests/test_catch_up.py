"""A rebuild is caught up only when the broker has named the partitions and none is behind:
metadata that does not come in time is not "nothing left to read"."""

from __future__ import annotations

import pytest

from kohtaamo.ops.errors import NotWell
from kohtaamo.ops.rebuild import _catch_up
from kohtaamo.reporting.adapters.freshness import LagUnknown, PartitionLag


class Looks:
    """A new read model's lag, one answer per look: a list of partitions, or LagUnknown."""

    def __init__(self, *answers: list[PartitionLag] | None) -> None:
        self._answers, self.looks = list(answers), 0

    async def partitions(self) -> list[PartitionLag]:
        answer = self._answers[min(self.looks, len(self._answers) - 1)]
        self.looks += 1
        if answer is None:
            raise LagUnknown("the broker named no partitions of intake.clients")
        return answer


async def test_no_partitions_and_unknown_metadata_are_not_caught_up():
    # given a lag that first has no partitions, then unknown metadata, then 7 events applied of 7
    done = [PartitionLag("intake.clients", 0, 6, 7, 7)]
    lag = Looks([], None, done)

    # when the rebuild waits to catch up
    applied = await _catch_up(lag, None, timeout=30)

    # then it waited for the partitions and counts the 7 events
    assert applied == 7 and lag.looks == 3


async def test_metadata_that_never_comes_is_a_clear_failure_at_the_deadline():
    with pytest.raises(NotWell, match="did not catch up"):
        await _catch_up(Looks(None), None, timeout=0.5)
