"""The load's progress (on stderr): a rich bar per phase on a terminal; where stderr is a
file or a pipe (a log, CI, nohup), where a live bar would show nothing until the end, a
plain line per phase at its start, at every tenth of it and at its end."""

from __future__ import annotations

import sys
import time
from types import TracebackType
from typing import TextIO

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TaskID, TextColumn, TimeElapsedColumn

STEPS = 10  # lines per phase off a terminal


class PhaseBars:
    def __init__(self, *, enabled: bool, stream: TextIO | None = None) -> None:
        console = Console(file=stream or sys.stderr)
        self._lines = enabled and not console.is_terminal
        self._stream = console.file
        self._progress = Progress(TextColumn("{task.description:<14}"), BarColumn(), MofNCompleteColumn(),
                                  TimeElapsedColumn(), console=console, disable=not enabled or self._lines)
        self._tasks: dict[str, TaskID] = {}
        self._step: dict[str, int] = {}
        self._began = time.monotonic()

    def __enter__(self) -> PhaseBars:
        self._progress.start()
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 tb: TracebackType | None) -> None:
        self._progress.stop()

    def update(self, done: int, total: int, phase: str) -> None:
        if self._lines:
            self._line(done, total, phase)
            return
        if phase not in self._tasks:
            self._tasks[phase] = self._progress.add_task(phase, total=total)
        self._progress.update(self._tasks[phase], completed=done, total=total)

    def _line(self, done: int, total: int, phase: str) -> None:
        step = STEPS if done >= total else done * STEPS // max(total, 1)
        if self._step.get(phase, -1) >= step:
            return
        self._step[phase] = step
        elapsed = int(time.monotonic() - self._began)
        share = 100 if done >= total else 100 * done // total
        print(f"{phase:<14} {done}/{total} ({share} %) "
              f"{elapsed // 3600}:{elapsed // 60 % 60:02}:{elapsed % 60:02}", file=self._stream, flush=True)
