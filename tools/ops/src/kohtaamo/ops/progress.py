"""The rebuild's progress bar (rich, on stderr): events applied, events/s, remaining lag."""

from __future__ import annotations

from types import TracebackType

from rich.console import Console
from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn


class RebuildBar:
    def __init__(self, *, enabled: bool) -> None:
        self._progress = Progress(
            TextColumn("rebuilding reporting"), BarColumn(),
            TextColumn("{task.completed:,.0f}/{task.total:,.0f} events"),
            TextColumn("{task.fields[rate]:,.0f} events/s"),
            TextColumn("lag {task.fields[lag]:,}"), TimeElapsedColumn(),
            console=Console(stderr=True), disable=not enabled, transient=False)
        self._task = self._progress.add_task("rebuild", total=None, rate=0.0, lag=0)

    def __enter__(self) -> RebuildBar:
        self._progress.start()
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 tb: TracebackType | None) -> None:
        self._progress.stop()

    def update(self, applied: int, remaining: int, rate: float) -> None:
        self._progress.update(self._task, completed=applied, total=applied + remaining,
                              rate=rate, lag=remaining)
