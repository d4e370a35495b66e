"""Sampling profiles of a running service with py-spy, and their top costs."""

from __future__ import annotations

import contextlib
import shutil
import signal
import subprocess
from collections import Counter
from collections.abc import Iterator
from pathlib import Path


@contextlib.contextmanager
def sampled(pid: int, output: Path | None) -> Iterator[None]:
    """py-spy records ``pid`` while the block runs (``output=None``: nothing is recorded)."""
    spy = shutil.which("py-spy") or str(Path.home() / ".local" / "bin" / "py-spy")
    if output is None or not Path(spy).exists():
        yield
        return
    output.parent.mkdir(parents=True, exist_ok=True)
    process = subprocess.Popen(
        [spy, "record", "--pid", str(pid), "--rate", "200", "--format", "raw", "--nonblocking",
         "--output", str(output)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        yield
    finally:
        process.send_signal(signal.SIGINT)  # py-spy writes its file when interrupted
        process.wait(timeout=60)


def top_costs(collapsed: Path, n: int = 25) -> list[dict[str, object]]:
    """The functions most often on the stack (inclusive share of samples) from py-spy's
    collapsed stacks, leaving out the event loop and thread plumbing every stack passes."""
    inclusive: Counter[str] = Counter()
    total = 0
    for line in collapsed.read_text().splitlines():
        stack, _, count = line.rpartition(" ")
        if not count.isdigit():
            continue
        total += int(count)
        frames = {f.split(" (")[0] + " (" + f.split(" (")[1].split(":")[0] + ")"
                  if " (" in f else f for f in stack.split(";")}
        for frame in frames:
            inclusive[frame] += int(count)
    # FastStream's and fast_depends' wrappers sit on every consumed message's stack.
    plumbing = ("_run_once", "run_forever", "run_until_complete", "_run (", "run (",
                "<module>", "_bootstrap", "select (", "main (", "serve (", "_serve", "runpy",
                "faststream/", "fast_depends/")
    rows = [(frame, c) for frame, c in inclusive.most_common()
            if not any(p in frame for p in plumbing)]
    return [{"function": frame, "share_pct": round(100 * c / max(total, 1), 1)} for frame, c in rows[:n]]
