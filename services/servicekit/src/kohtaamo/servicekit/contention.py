"""Commands of different clients that write one shared aggregate (an organisation's caseload
index, a meeting place's day) race on it: the loser runs again on fresh state. When they keep
losing, the caller gets 503 with ``Retry-After``, never a 500: nothing of theirs was stored."""

from __future__ import annotations

import random
import time
from collections.abc import Callable
from typing import TypeVar

from eventsourcing.persistence import RecordConflictError

T = TypeVar("T")

ATTEMPTS = 20
RETRY_AFTER_S = 1


class Contended(Exception):
    """Every attempt lost to a concurrent change of the same records."""

    def __init__(self, attempts: int) -> None:
        super().__init__(f"too many requests changed the same records at once ({attempts} attempts); "
                         "nothing was saved: try again")


def retrying(attempt: Callable[[], T], *, attempts: int = ATTEMPTS) -> T:
    """Run ``attempt`` (load, change, save) until it saves without a conflict, pausing a
    random, growing while between tries so that racers fall out of step."""
    for n in range(attempts):
        try:
            return attempt()
        except RecordConflictError:
            if n + 1 < attempts:
                time.sleep(random.uniform(0, min(0.25, 0.002 * 2**n)))  # noqa: S311 (not for secrets)
    raise Contended(attempts)
