"""Disclosure control: the one place that decides what a published figure may show.

Rules (issue 10, exact):
- a count of people of 1-4 is shown as ``<5``; 0 is shown as 0;
- counts of activities and per-client attendance rows are not suppressed;
- a share whose denominator is 1-4 hides numerator, denominator and value (its status is
  still computed and shown);
- in a table shown with its totals (the totals row and column count as a row and a
  column): if exactly one cell of a row or column is suppressed, the smallest other
  non-zero cell of that line is suppressed too (ties: the first), repeated until no line
  has exactly one suppressed cell; zero cells are never suppressed.

And, so that a suppressed number cannot be worked back out of what is shown: when a
share's numerator is a suppressed count of people, its value (numerator / denominator)
is hidden too.
"""

from __future__ import annotations

from dataclasses import dataclass

SMALL = range(1, 5)  # 1-4 people
LESS_THAN_FIVE = "<5"
SUPPRESSED = "suppressed"


@dataclass(frozen=True)
class Shown:
    """A number as it may be published: ``value`` is None whenever it is suppressed."""

    value: int | str | None
    shown: str
    suppressed: bool


def visible(value: int | str | None) -> Shown:
    return Shown(value, "" if value is None else str(value), False)


def hidden(shown: str = SUPPRESSED) -> Shown:
    return Shown(None, shown, True)


def count(n: int, *, people: bool = True) -> Shown:
    """A single count: of people (suppressed when 1-4) or of things (never)."""
    return hidden(LESS_THAN_FIVE) if people and n in SMALL else visible(n)


@dataclass(frozen=True)
class ShownShare:
    numerator: Shown
    denominator: Shown
    value: Shown

    @property
    def suppressed(self) -> bool:
        return self.value.suppressed


def share(numerator: int, denominator: int, value: str | None) -> ShownShare:
    """A share of people; ``value`` is the already rounded percentage (None if den = 0)."""
    if denominator in SMALL:
        return ShownShare(hidden(), hidden(), hidden())
    shown_num = count(numerator)
    if shown_num.suppressed:
        return ShownShare(shown_num, visible(denominator), hidden())
    return ShownShare(shown_num, visible(denominator),
                      visible(value) if value is not None else Shown(None, "", False))


Cell = tuple[int, int]


def table(grid: list[list[int]], *, people: bool = True, with_totals: bool = False) -> list[list[Shown]]:
    """Protect a table of counts. With ``with_totals`` the last row and the last column of
    ``grid`` are its totals, and secondary suppression runs over every row and column."""
    if not people:
        return [[visible(v) for v in row] for row in grid]
    primary = {(r, c) for r, row in enumerate(grid) for c, v in enumerate(row) if v in SMALL}
    secondary = _secondary(grid, primary) if with_totals else set()
    return [
        [hidden(LESS_THAN_FIVE) if (r, c) in primary
         else hidden() if (r, c) in secondary else visible(v)
         for c, v in enumerate(row)]
        for r, row in enumerate(grid)
    ]


def _secondary(grid: list[list[int]], primary: set[Cell]) -> set[Cell]:
    rows, cols = len(grid), len(grid[0]) if grid else 0
    lines = [[(r, c) for c in range(cols)] for r in range(rows)]
    lines += [[(r, c) for r in range(rows)] for c in range(cols)]
    suppressed = set(primary)
    added: set[Cell] = set()
    while True:
        fix = _first_line_with_one(lines, suppressed, grid)
        if fix is None:
            return added
        suppressed.add(fix)
        added.add(fix)


def _first_line_with_one(lines: list[list[Cell]], suppressed: set[Cell],
                         grid: list[list[int]]) -> Cell | None:
    for line in lines:
        if sum(cell in suppressed for cell in line) != 1:
            continue
        candidates = [cell for cell in line
                      if cell not in suppressed and grid[cell[0]][cell[1]] != 0]
        if candidates:  # min() keeps the first of equals
            return min(candidates, key=lambda cell: grid[cell[0]][cell[1]])
    return None


def sees_suppressed(roles: frozenset[str]) -> bool:
    """Whether a caller may see suppressed numbers in a figure. Nobody may through the
    figures API: the people behind a small number are for drill-down, with a purpose."""
    return False
