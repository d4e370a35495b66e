"""Drawing dates and weighted codes from a seeded generator."""

from __future__ import annotations

import random
from collections.abc import Sequence
from datetime import date, timedelta


def between(rng: random.Random, first: date, last: date) -> date:
    """A day from ``first`` to ``last``, both included (``first`` if the span is empty)."""
    return first + timedelta(days=rng.randrange(max(0, (last - first).days) + 1))


def pick(rng: random.Random, weighted: Sequence[tuple[str, int]]) -> str:
    return rng.choices([code for code, _ in weighted], weights=[w for _, w in weighted])[0]
