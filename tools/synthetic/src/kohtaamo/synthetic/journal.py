"""What a load has sent, chain by chain, in a file: a load stopped on request goes on where
it stopped, without sending a command twice.

A programme is the same for the same size and seed, so a chain is named by its phase and its
place in the phase. Each finished chain is one JSON line with the ids its commands were
given (later chains refer to them). A stop on request lets the chains under way finish and
then writes a last line saying so (as does a load that ends); a journal without it was cut short mid-chain (a kill,
a crash), and its load cannot go on exactly: some commands of the chains under way were sent
and are not in the journal.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

Ids = dict[tuple[str, str], str]  # (name, owner) -> the id a service answered


class JournalError(Exception):
    """The journal is not one this load can go on from."""


@dataclass
class Sent:
    """What the journal says was done before this run."""

    done: set[tuple[str, int]] = field(default_factory=set)  # (phase, chain's place in it)
    ids: Ids = field(default_factory=dict)

    def chains(self, phase: str) -> int:
        return sum(1 for p, _ in self.done if p == phase)


class Journal:
    def __init__(self, path: Path) -> None:
        self.path = path
        self._file: IO[str] | None = None

    def exists(self) -> bool:
        return self.path.exists()

    def open(self, clients: int, seed: int) -> Sent:
        """Start a journal for this programme, or go on with the one there."""
        sent = self.read(clients, seed)
        if self.path.exists():
            self._file = self.path.open("a", encoding="utf-8")
        else:
            self._file = self.path.open("w", encoding="utf-8")
            self._write({"clients": clients, "seed": seed})
        return sent

    def chain_done(self, phase: str, index: int, ids: Ids) -> None:
        self._write({"phase": phase, "chain": index, "ids": [[n, o, v] for (n, o), v in ids.items()]})

    def stopped(self) -> None:
        self._write({"stopped": True})

    def complete(self) -> None:
        self._write({"complete": True})

    def close(self) -> None:
        if self._file is not None:
            self._file.close()
            self._file = None

    def _write(self, record: dict) -> None:
        assert self._file is not None, "the journal is not open"
        self._file.write(json.dumps(record, separators=(",", ":")) + "\n")
        self._file.flush()  # a line per chain: what a crash loses is the chains under way

    def read(self, clients: int, seed: int) -> Sent:
        """What the journal says was sent of this programme (nothing if there is no journal);
        ``JournalError`` if the load cannot go on from it."""
        if not self.path.exists():
            return Sent()
        sent, header, stopped = Sent(), None, False
        with self.path.open(encoding="utf-8") as lines:
            for number, line in enumerate(lines, 1):
                try:
                    record = json.loads(line)
                except ValueError:
                    raise JournalError(f"{self.path} line {number} is not a record (cut short?)") from None
                if header is None:
                    header = record
                elif record.get("stopped") or record.get("complete"):
                    stopped = True  # the load can go on (after "complete", with nothing left to send)
                else:
                    stopped = False  # chains after a stop: the load went on since
                    sent.done.add((record["phase"], record["chain"]))
                    sent.ids.update({(n, o): v for n, o, v in record["ids"]})
        if header != {"clients": clients, "seed": seed}:
            raise JournalError(f"{self.path} is the journal of another programme ({header}), "
                               f"not clients={clients} seed={seed}")
        if not stopped:
            raise JournalError("the load was cut short while sending (no stop on request was recorded), "
                               "so it cannot go on exactly")
        return sent
