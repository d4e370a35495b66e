"""The engine: every indicator of the pack, evaluated on a consistent snapshot of facts."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from .evaluation import FactsSource, Figure, Scope
from .kinds import evaluate_kind
from .pack import Pack, Versioned
from .periods import Period


class UnknownIndicator(LookupError):
    pass


class Engine:
    """Every indicator of the pack, evaluated on a consistent snapshot of the facts."""

    def __init__(self, pack: Pack, facts: FactsSource) -> None:
        self.pack = pack
        self._facts = facts

    def indicator(self, code: str) -> Versioned:
        try:
            return self.pack.indicators[code]
        except KeyError:
            raise UnknownIndicator(code) from None

    async def evaluate(self, code: str, scope: Scope, period: Period, as_of: datetime) -> Figure:
        indicator = self.indicator(code)
        async with self._facts.snapshot() as facts:
            positions = await facts.positions()
            return await evaluate_kind(facts, indicator, scope, period, as_of, positions)

    async def evaluate_pack(self, scope: Scope, period: Period, as_of: datetime) -> list[Figure]:
        """Every indicator for one period as known at T, from one snapshot: what a period
        close publishes."""
        async with self._facts.snapshot() as facts:
            positions = await facts.positions()
            return [await evaluate_kind(facts, ind, scope, period, as_of, positions)
                    for ind in self.pack.indicators.values()]

    async def evaluate_each(self, wanted: Sequence[tuple[str, Period]], scope: Scope,
                            as_of: datetime) -> list[Figure]:
        """Each (code, period) as known at T, from one snapshot: a page of figures and
        their progress over time that agree with each other."""
        indicators = [(self.indicator(code), period) for code, period in wanted]
        async with self._facts.snapshot() as facts:
            positions = await facts.positions()
            return [await evaluate_kind(facts, ind, scope, period, as_of, positions)
                    for ind, period in indicators]
