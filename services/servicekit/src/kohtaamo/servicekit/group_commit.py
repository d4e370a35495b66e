"""Group commit: concurrent commands of one service saved together in one transaction.

Every insert into an event store takes ``LOCK TABLE … IN EXCLUSIVE MODE`` (that keeps
notification ids in commit order), so one command per transaction caps a service at the
database's single-transaction rate. With group commit, commands that reach the store while
a transaction is being written wait, and are then saved together in the next one (at most
``max_batch``, collected for up to ``window_ms`` when commands are arriving together). Each
caller still gets its own notification ids or its own error: see ``group_commit_postgres``
for how a conflicting or failing command is kept from failing the others.

A service opts in with one line where it builds its event store's environment::

    env = eventsourcing_env(settings.database_url, ..., group_commit=settings.group_commit)

and runs its commands on a thread pool sized for the group, because asyncio's default
executor (cpu + 4 threads) would cap a group at that many commands::

    offload = Offload(settings.group_commit.threads)   # kohtaamo.servicekit.offload
    result = await offload(app.use_case, command)      # instead of asyncio.to_thread

Settings (``<SERVICE>_GROUP_COMMIT__ENABLED``, ``__WINDOW_MS``, ``__MAX_BATCH``,
``__THREADS``) come with every ``ServiceSettings``. Only a PostgreSQL store groups; the
in-memory and SQLite stores save one command at a time, as before. Close the ``Offload``
before the application when the service stops (intake's ``bootstrap`` shows both).
"""

from __future__ import annotations

import threading
import time
from collections import deque
from collections.abc import Callable, Sequence
from concurrent.futures import Future
from typing import Generic, TypeVar

from pydantic import BaseModel, Field

FACTORY_TOPIC = "kohtaamo.servicekit.group_commit_postgres:GroupCommitFactory"
WINDOW_KEY = "GROUP_COMMIT_WINDOW_MS"
MAX_BATCH_KEY = "GROUP_COMMIT_MAX_BATCH"

Request = TypeVar("Request")
Result = TypeVar("Result")


class GroupCommitSettings(BaseModel):
    enabled: bool = True
    window_ms: float = Field(
        default=1.0, ge=0, le=100,
        description="How long a group waits for more commands after its first one; only "
        "when the last group had several (a lone command never waits).",
    )
    max_batch: int = Field(default=128, ge=1, le=10_000, description="Most commands in one transaction.")
    threads: int = Field(
        default=64, ge=1, le=1024,
        description="Threads running commands: the most commands that can wait in one group.",
    )

    def eventsourcing_env(self) -> dict[str, str]:
        """The keys that select the grouped PostgreSQL recorder (nothing when disabled)."""
        if not self.enabled:
            return {}
        return {"PERSISTENCE_MODULE": FACTORY_TOPIC, WINDOW_KEY: str(self.window_ms),
                MAX_BATCH_KEY: str(self.max_batch)}


class Closed(RuntimeError):
    """The event store was closed: nothing more is written."""


class _Waiting(Generic[Request, Result]):
    __slots__ = ("request", "arrived", "outcome", "done", "_asleep")

    def __init__(self, request: Request) -> None:
        self.request, self.arrived = request, time.monotonic()
        self.outcome: Result | BaseException | None = None
        self.done = False
        # A held lock to sleep on: cheaper than an Event (a Condition and a lock) per command.
        self._asleep = threading.Lock()
        self._asleep.acquire()

    def sleep(self) -> None:
        self._asleep.acquire()

    def wake(self) -> None:
        """Once per sleep: when written, or when it is to lead the next group."""
        self._asleep.release()


class GroupCommitter(Generic[Request, Result]):
    """Collects requests from many threads and writes them in groups.

    The classic leader/follower scheme: a request that arrives while no group is being
    written writes one itself (so a lone command waits for nobody); requests that arrive
    meanwhile wait, and the first of them writes them all as the next group. The window
    applies only after a group of more than one (a sign that others are on the way).

    ``write(batch)`` returns one outcome per request, in order: its result, or the exception
    that request (alone) raises; ``submit`` returns or raises it in the caller's thread.
    """

    def __init__(
        self, write: Callable[[list[Request]], Sequence[Result | BaseException]], *,
        window: float, max_batch: int, name: str = "group-commit",
    ) -> None:
        self._write, self._window, self._max_batch, self._name = write, window, max_batch, name
        self._pending: deque[_Waiting[Request, Result]] = deque()
        self._lock = threading.Lock()
        self._arrived = threading.Condition(self._lock)
        self._idle = threading.Condition(self._lock)
        self._writing = self._closed = False
        self._last_group = 0
        self.groups_written = 0  # for tests and diagnostics

    def submit(self, request: Request) -> Result:
        waiting: _Waiting[Request, Result] = _Waiting(request)
        with self._lock:
            if self._closed:
                raise Closed(f"{self._name} is closed")
            self._pending.append(waiting)
            lead = not self._writing
            self._writing = True
            if len(self._pending) == self._max_batch:
                self._arrived.notify()  # a leader waiting out the window can go now
        if not lead:
            waiting.sleep()
        if not waiting.done:
            self._lead(waiting)
        if isinstance(waiting.outcome, BaseException):
            raise waiting.outcome
        return waiting.outcome  # type: ignore[return-value]

    @property
    def pending(self) -> int:
        """Requests waiting for a group (not the one being written)."""
        with self._lock:
            return len(self._pending)

    def close(self) -> None:
        """Refuse new requests; return once those already waiting are written."""
        with self._lock:
            self._closed = True
            while self._writing:
                self._idle.wait()

    def _lead(self, own: _Waiting[Request, Result]) -> None:
        try:
            while not own.done:
                self._write_group(self._next_group(), own)
        finally:
            with self._lock:
                if self._pending:
                    self._pending[0].wake()  # the next group's leader
                else:
                    self._writing = False
                    self._idle.notify_all()

    def _next_group(self) -> list[_Waiting[Request, Result]]:
        with self._lock:
            if self._last_group > 1 and self._window > 0:
                deadline = self._pending[0].arrived + self._window
                while len(self._pending) < self._max_batch:
                    remaining = deadline - time.monotonic()
                    if remaining <= 0:
                        break
                    self._arrived.wait(remaining)
            count = min(len(self._pending), self._max_batch)
            group = [self._pending.popleft() for _ in range(count)]
            self._last_group = count
            return group

    def _write_group(self, group: list[_Waiting[Request, Result]], leader: _Waiting) -> None:
        try:
            outcomes = list(self._write([w.request for w in group]))
            if len(outcomes) != len(group):
                raise RuntimeError(f"{len(outcomes)} outcomes for {len(group)} requests")
        except BaseException as exc:  # a defect in write(): every caller hears of it
            outcomes = [exc] * len(group)
        self.groups_written += 1
        for waiting, outcome in zip(group, outcomes, strict=True):
            waiting.outcome, waiting.done = outcome, True
            if waiting is not leader:  # the leader is awake; the others sleep until now
                waiting.wake()
