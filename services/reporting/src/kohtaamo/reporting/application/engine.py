"""The engine: every indicator of the pack, evaluated on a consistent snapshot of facts."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime
from uuid import UUID

from .evaluation import FactsSource, Figure, Position, Scope
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
        [figure] = await self.evaluate_many([(self.indicator(code), period)], scope, as_of)
        return figure

    async def evaluate_pack(self, scope: Scope, period: Period, as_of: datetime) -> list[Figure]:
        """Every indicator for one period as known at T, from one snapshot."""
        return await self.evaluate_many([(i, period) for i in self.pack.indicators.values()],
                                        scope, as_of)

    async def evaluate_each(self, wanted: Sequence[tuple[str, Period]], scope: Scope,
                            as_of: datetime) -> list[Figure]:
        """Each (code, period) as known at T, from one snapshot: a page of figures and
        their progress over time that agree with each other."""
        return await self.evaluate_many([(self.indicator(code), period) for code, period in wanted],
                                        scope, as_of)

    async def evaluate_many(self, items: Sequence[tuple[Versioned, Period]], scope: Scope,
                            as_of: datetime, *, through: Sequence[Position] | None = None
                            ) -> list[Figure]:
        """Any definitions (the pack's, or those a publication stored) over their periods,
        from one snapshot, so that figures and log positions agree. With ``through`` only
        facts read at or before those positions count: a publication evaluated again
        exactly as it was closed."""
        async with self._facts.snapshot(through) as facts:
            positions = await facts.positions()
            return [await evaluate_kind(facts, indicator, scope, period, as_of, positions)
                    for indicator, period in items]

    async def explain(self, code: str, scope: Scope, period: Period, as_of: datetime,
                      pick: Callable[[Figure], tuple[frozenset[UUID], bool]]
                      ) -> tuple[Figure, dict[UUID, list[UUID]]]:
        """A figure and the event ids behind each client of the set ``pick`` chooses from
        it (``pick`` says whether the qualifying events count too), from one snapshot."""
        indicator = self.indicator(code)
        async with self._facts.snapshot() as facts:
            positions = await facts.positions()
            figure = await evaluate_kind(facts, indicator, scope, period, as_of, positions)
            clients, qualifying = pick(figure)
            d = indicator.definition
            behind = await facts.evidence(scope, period, as_of, d.population,
                                          d.qualifying if qualifying else None, clients)
        return figure, behind

    async def behind(self, figure: Figure, clients: frozenset[UUID]) -> dict[UUID, list[UUID]]:
        """The event ids that put each of ``clients`` in ``figure``'s population or made
        them qualify, as known at its as_of."""
        d = figure.indicator.definition
        async with self._facts.snapshot() as facts:
            return await facts.evidence(figure.scope, figure.period, figure.as_of, d.population,
                                        getattr(d, "qualifying", None), clients)
