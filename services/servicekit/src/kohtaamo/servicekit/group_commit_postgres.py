"""The grouped insert into a PostgreSQL event store (see ``group_commit`` for the why).

One transaction per group, holding the events table's lock as the library does (so
notification ids stay in commit order). Usually no two commands collide, and one statement
inserts every event of the group, in arrival order, on the condition that none of their
(aggregate, version) keys is stored yet (PostgreSQL checks it once, before any row takes a
notification id). Otherwise nothing was inserted: the keys that exist are looked up, exactly
the commands that collide — with the stored events or with an earlier command of the same
group — are refused, and the others' events are inserted. A refused command gets
``IntegrityError`` (a ``RecordConflictError``), as it would alone; the others are saved.
A refused command's events never take a number from the notification id sequence, so ids
stay gap-free.

Commands on one aggregate stay serialised by optimistic concurrency: the second command to
write version N of an aggregate, in the same group or a later one, is refused, so no update
is lost. If the group transaction fails for another reason (a value the database refuses),
each command is inserted alone with the library's own code, so only the failing one fails.
A lost connection is retried as the library retries it, then fails every caller (and, as
with the library, a group whose COMMIT went through but whose answer was lost is then
refused as a conflict on the retry: the events are stored, the callers hear otherwise).

Selected by ``PERSISTENCE_MODULE`` (``GroupCommitSettings.eventsourcing_env``).
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import Any

from eventsourcing.persistence import (
    IntegrityError,
    InterfaceError,
    OperationalError,
    StoredEvent,
)
from eventsourcing.postgres import (
    PostgresAggregateRecorder,
    PostgresApplicationRecorder,
    PostgresDatastore,
    PostgresFactory,
)
from eventsourcing.utils import retry
from psycopg.sql import SQL, Identifier

from .group_commit import MAX_BATCH_KEY, WINDOW_KEY, GroupCommitSettings, GroupCommitter

log = logging.getLogger(__name__)

Outcome = Sequence[int] | Exception
Key = tuple[Any, int]


class GroupCommitRecorder(PostgresApplicationRecorder):
    def __init__(
        self, datastore: PostgresDatastore, *, events_table_name: str = "stored_events",
        window: float = 0.001, max_batch: int = 128,
    ) -> None:
        super().__init__(datastore, events_table_name=events_table_name)
        names = {"schema": Identifier(datastore.schema), "table": Identifier(events_table_name),
                 "id_type": Identifier(datastore.originator_id_type),
                 "event_type": Identifier(self.stored_event_type_name)}
        existing = SQL(
            "SELECT t.originator_id, t.originator_version FROM {schema}.{table} AS t"
            " JOIN unnest(%s::{id_type}[], %s::bigint[]) AS k(id, version)"
            " ON t.originator_id = k.id AND t.originator_version = k.version"
        ).format(**names)
        self.select_existing_statement = existing
        # All the group's events, or none if any of their versions is stored: the condition
        # is evaluated once, before any row takes a notification id.
        self.insert_unless_existing_statement = SQL(
            "INSERT INTO {schema}.{table} (originator_id, originator_version, topic, state)"
            " SELECT originator_id, originator_version, topic, state"
            " FROM unnest(%s::{schema}.{event_type}[]) WHERE NOT EXISTS ({existing})"
            " RETURNING notification_id"
        ).format(existing=existing, **names)
        self.group: GroupCommitter[list[StoredEvent], Sequence[int]] = GroupCommitter(
            self._write_group, window=window, max_batch=max_batch,
            name=f"group-commit-{events_table_name}",
        )

    def insert_events(self, stored_events: Sequence[StoredEvent], **kwargs: Any) -> Sequence[int] | None:
        if not stored_events or any(value is not None for value in kwargs.values()):
            # Nothing to group, or a tracking record to write with the events: the library's way.
            return super().insert_events(stored_events, **kwargs)
        return self.group.submit(list(stored_events))

    def close(self) -> None:
        self.group.close()

    def _write_group(self, requests: list[list[StoredEvent]]) -> list[Outcome]:
        try:
            return self._insert_group(requests)
        except (InterfaceError, OperationalError) as exc:  # still failing after the retries
            return [_own_copy(exc) for _ in requests]
        except Exception as exc:  # the type only: a database message may quote a value
            log.warning("group insert of %d commands failed (%s); inserting each alone",
                        len(requests), type(exc).__name__)
            return [self._insert_alone(request) for request in requests]

    def _insert_alone(self, request: list[StoredEvent]) -> Outcome:
        try:
            return super().insert_events(request) or []
        except Exception as exc:
            return exc

    @retry((InterfaceError, OperationalError), max_attempts=10, wait=0.2)
    def _insert_group(self, requests: list[list[StoredEvent]]) -> list[Outcome]:
        failure: Exception | None = None
        with self.datastore.get_connection() as conn:
            with conn.pipeline() as pipeline:
                try:
                    with conn.transaction():  # any failure inside rolls the whole group back
                        outcomes = self._save_group(conn, pipeline, requests)
                except Exception as exc:  # re-raised outside the pipeline, as the library does
                    failure = exc
            if failure is not None:  # still inside: the datastore maps psycopg's errors
                raise failure
        return outcomes

    def _save_group(self, conn: Any, pipeline: Any, requests: list[list[StoredEvent]]) -> list[Outcome]:
        events = [e for request in requests for e in request]
        keys = [(e.originator_id, e.originator_version) for e in events]
        ids_and_versions = ([k[0] for k in keys], [k[1] for k in keys])
        with conn.cursor() as curs:
            self._lock_table(curs)
            self._notify_channel(curs)
            if len(set(keys)) == len(keys):  # no two commands write one version: try all at once
                rows = [self.construct_pg_stored_event(*k, e.topic, e.state) for k, e in zip(keys, events)]
                curs.execute(self.insert_unless_existing_statement, (rows, *ids_and_versions),
                             prepare=True)
                pipeline.sync()
                if ids := [row["notification_id"] for row in curs.fetchall()]:
                    outcomes: list[Outcome] = [[] for _ in requests]
                    _hand_out(ids, list(range(len(requests))), requests, outcomes)
                    return outcomes
            # Some version is taken (nothing was inserted): refuse exactly those commands.
            curs.execute(self.select_existing_statement, ids_and_versions, prepare=True)
            existing = {(row["originator_id"], row["originator_version"]) for row in curs.fetchall()}
        outcomes, accepted = _refuse_collisions(requests, existing)
        events = [e for i in accepted for e in requests[i]]
        if events:
            with conn.cursor() as curs:
                PostgresAggregateRecorder._insert_stored_events(self, curs, events)
                pipeline.sync()
                ids = self._fetch_ids_after_insert_events(curs, events)
            _hand_out(ids, accepted, requests, outcomes)
        return outcomes


def _refuse_collisions(
    requests: list[list[StoredEvent]], existing: set[Key]
) -> tuple[list[Outcome], list[int]]:
    """A conflict for each request whose keys are stored or taken by an earlier request."""
    taken = set(existing)
    outcomes: list[Outcome] = [[] for _ in requests]
    accepted: list[int] = []
    for i, request in enumerate(requests):
        keys = [(e.originator_id, e.originator_version) for e in request]
        clash = next((k for n, k in enumerate(keys) if k in taken or k in keys[:n]), None)
        if clash is None:
            taken.update(keys)
            accepted.append(i)
        else:
            outcomes[i] = IntegrityError(
                f"version {clash[1]} of aggregate {clash[0]} was saved by another command first"
            )
    return outcomes, accepted


def _hand_out(ids: Sequence[int], accepted: list[int], requests: list[list[StoredEvent]],
              outcomes: list[Outcome]) -> None:
    """Give each accepted request its own notification ids, in insertion order."""
    at = 0
    for i in accepted:
        outcomes[i] = list(ids[at:at + len(requests[i])])
        at += len(requests[i])
    if at != len(ids):
        raise RuntimeError(f"{len(ids)} notification ids for {at} events")


def _own_copy(exc: Exception) -> Exception:
    """Each caller raises an exception of its own (one object raised in many threads would
    collect all their tracebacks)."""
    copy = type(exc)(str(exc))
    copy.__cause__ = exc
    return copy


class GroupCommitFactory(PostgresFactory):
    """The library's PostgreSQL factory, with the grouped recorder for the events table."""

    def __init__(self, env: Any) -> None:
        super().__init__(env)
        defaults = GroupCommitSettings()
        self._window = float(self.env.get(WINDOW_KEY) or defaults.window_ms) / 1000
        self._max_batch = int(self.env.get(MAX_BATCH_KEY) or defaults.max_batch)
        self._grouped: list[GroupCommitRecorder] = []

    def application_recorder(self) -> GroupCommitRecorder:
        recorder = GroupCommitRecorder(
            self.datastore, events_table_name=f"{self.env.name.lower() or 'stored'}_events",
            window=self._window, max_batch=self._max_batch,
        )
        if self.env_create_table():
            recorder.create_table()
        self._grouped.append(recorder)
        return recorder

    def close(self) -> None:
        for recorder in self._grouped:
            recorder.close()  # what is waiting is written before the connections close
        super().close()
