"""The ``kohtaamo`` command (typer). Exit codes: see ``errors`` (0 well, 1 not well,
2 bad input, 3 Kafka or PostgreSQL unreachable, 4 refused)."""

from __future__ import annotations

import asyncio
import logging
import sys
from collections.abc import Awaitable, Callable
from typing import Any, TypeVar

import asyncpg
import typer
from aiokafka.errors import KafkaError

from . import dlq, health, lag, rebuild, topics
from .context import Ops
from .errors import NOT_WELL, UNREACHABLE, OpsError
from .output import emit, table
from .progress import RebuildBar

T = TypeVar("T")
JSON = typer.Option(False, "--json", help="Print JSON for a script instead of a table.")

app = typer.Typer(name="kohtaamo", no_args_is_help=True, add_completion=False,
                  rich_markup_mode=None, pretty_exceptions_enable=False,
                  help="Operate Kohtaamo: topics, consumer lag, dead letters, rebuilds, health.\n\n"
                       "Exit codes: 0 all well; 1 done but not well (something down or missing, "
                       "a replay failed again, a rebuild did not switch); 2 bad input; "
                       "3 Kafka or PostgreSQL unreachable; 4 refused (another rebuild runs).")
topics_app = typer.Typer(help="The contracts' topics.", invoke_without_command=True)
dlq_app = typer.Typer(help="Parked (dead-lettered) messages.", no_args_is_help=True)
rebuild_app = typer.Typer(help="Rebuild a read model from the topics.", no_args_is_help=True)
app.add_typer(topics_app, name="topics")
app.add_typer(dlq_app, name="dlq")
app.add_typer(rebuild_app, name="rebuild")


def _ops(ctx: typer.Context) -> Ops:
    root = ctx.find_root()
    if not isinstance(root.obj, Ops):
        root.obj = Ops.from_environment()
    return root.obj


def _run(work: Callable[[], Awaitable[T]]) -> T:
    """Run ``work``; any failure becomes one line on stderr and its exit code."""
    try:
        return asyncio.run(work())
    except OpsError as exc:
        _fail(exc.message, exc.code)
    except (KafkaError, OSError, asyncpg.PostgresConnectionError) as exc:
        _fail(f"cannot reach Kafka or PostgreSQL: {type(exc).__name__}: {exc}", UNREACHABLE)
    raise AssertionError("unreachable")


def _fail(message: str, code: int) -> None:
    typer.echo(f"kohtaamo: {message}", err=True)
    raise typer.Exit(code)


@topics_app.callback()
def list_topics(ctx: typer.Context, as_json: bool = JSON) -> None:
    """Every topic of the contracts' routing table: partitions, end offsets, its dead-letter
    topic and how many records are parked there. Exit 1 if a topic is missing."""
    if ctx.invoked_subcommand is not None:
        return
    found = _run(lambda: topics.states(_ops(ctx)))
    emit([t.as_dict() for t in found], as_json=as_json, text=table(
        ["topic", "producer", "partitions", "end offsets", "events", "dead letters"],
        [[t.topic, t.producer, t.partitions if t.partitions is not None else "MISSING",
          ",".join(map(str, t.end_offsets)) or "-", sum(t.end_offsets),
          f"{t.parked} on {t.dead_letter_topic}" if t.dead_letter_partitions is not None
          else f"{t.dead_letter_topic} MISSING"] for t in found]))
    if any(t.missing for t in found):
        raise typer.Exit(NOT_WELL)


@topics_app.command("create")
def create_topics(ctx: typer.Context, partitions: int = typer.Option(
        3, min=1, help="Partitions of each topic it creates.")) -> None:
    """Create the topics and dead-letter topics that are missing (idempotent)."""
    created = _run(lambda: topics.create_missing(_ops(ctx), partitions))
    typer.echo(f"created {len(created)} topics: {', '.join(created)}" if created
               else "every topic exists; nothing created")


@app.command("lag")
def show_lag(ctx: typer.Context, group: str | None = typer.Option(
        None, "--group", help="Only this consumer group (e.g. reporting)."),
        as_json: bool = JSON) -> None:
    """Per consumer group and partition: events not yet consumed and the age of the oldest
    one; and each producing service's outbox lag (events stored, not yet published)."""
    ops = _ops(ctx)

    async def both() -> tuple[list[lag.PartitionLag], list[lag.OutboxLag]]:
        return await lag.group_lags(ops, group), ([] if group else await lag.outbox_lags(ops))

    groups, outboxes = _run(both)
    text = table(["group", "topic", "partition", "committed", "end", "lag", "oldest unconsumed"],
                 [[g.group, g.topic, g.partition, g.committed, g.end, g.lag,
                   f"{g.seconds:.1f} s ago" if g.seconds is not None else "-"] for g in groups])
    if outboxes:
        text += "\n\n" + table(["outbox", "stored", "published", "lag"],
                               [[o.relay, o.stored, o.published, o.lag if o.lag is not None else o.note]
                                for o in outboxes])
    emit({"groups": lag.as_dicts(groups), "outboxes": lag.as_dicts(outboxes)}, as_json=as_json,
         text=text)


@dlq_app.command("list")
def list_parked(ctx: typer.Context, topic: str | None = typer.Argument(
        None, help="A contract topic (or its .dlt); every one if left out."),
        replayed: bool = typer.Option(False, "--replayed", help="Also those replayed and applied."),
        as_json: bool = JSON) -> None:
    """Parked messages: id, when, the group that parked it, source topic, partition and
    offset, and the reason (the latest, after a replay that failed again)."""
    found = _run(lambda: dlq.parked(_ops(ctx), topic, replayed_too=replayed))
    rows = [p.as_dict() for p in found]
    emit(rows, as_json=as_json, text=table(
        ["dead-letter topic", "id", "parked at", "consumer", "source", "kind", "reason"],
        [[r["dead_letter_topic"], r["id"], r["parked_at"][:19], r["consumer"],
          f"{r['source_topic']}[{r['source_partition']}]@{r['source_offset']}", r["kind"],
          r["reason"] + (" (replayed: applied)" if not p.still_parked else "")]
         for r, p in zip(rows, found, strict=True)]) if found else "nothing parked")


@dlq_app.command("replay")
def replay_parked(ctx: typer.Context, topic: str = typer.Argument(help="The contract topic (or its .dlt)."),
                  ids: list[str] = typer.Option([], "--id", help="A parked message's id (PARTITION:OFFSET); repeatable."),
                  every: bool = typer.Option(False, "--all", help="Every message parked on the topic."),
                  as_json: bool = JSON) -> None:
    """Send parked messages back through their consumer's own parse-and-apply path. One that
    is applied is marked done and never replayed again; one that fails stays parked with
    the new reason (exit 1)."""
    result = _run(lambda: dlq.replay(_ops(ctx), topic, ids, every=every))
    lines = [f"{p.id}: applied ({p.source_topic}[{p.source_partition}]@{p.source_offset})"
             for p in result.applied]
    lines += [f"{p.id}: still parked: {r.reason}" for p, r in result.failed]
    emit({"applied": [p.id for p in result.applied],
          "failed": [{"id": p.id, "reason": r.reason} for p, r in result.failed]},
         as_json=as_json, text="\n".join(lines) or "nothing parked; nothing replayed")
    if result.failed:
        raise typer.Exit(NOT_WELL)


@rebuild_app.command("reporting")
def rebuild_reporting(ctx: typer.Context, force: bool = typer.Option(
        False, "--force", help="Switch even if figures differ (they are listed)."),
        timeout: float = typer.Option(3600.0, help="Seconds to catch up before giving up."),
        as_json: bool = JSON) -> None:
    """Replay every topic into a new schema under a new consumer group while reporting
    serves on; compare every indicator of the pack; switch only if they all agree."""
    with RebuildBar(enabled=not as_json and sys.stderr.isatty()) as bar:
        outcome = _run(lambda: rebuild.rebuild(_ops(ctx), force=force, progress=bar.update,
                                               timeout=timeout))
    report: dict[str, Any] = {
        "generation": outcome.model.generation, "schema": outcome.model.schema,
        "consumer_group": outcome.model.consumer_group, "replaced": outcome.replaced.generation,
        "events": outcome.events, "seconds": round(outcome.seconds, 1),
        "figures_compared": outcome.comparison.evaluated if outcome.comparison else 0,
        "differences": outcome.differences, "switched": outcome.switched}
    head = (f"rebuilt {outcome.events} events into schema {outcome.model.schema} (group "
            f"{outcome.model.consumer_group}) in {outcome.seconds:.1f} s; compared "
            f"{report['figures_compared']} figures with generation {outcome.replaced.generation}")
    verdict = (f"switched: reporting now serves generation {outcome.model.generation}"
               if outcome.switched else "not switched: the live read model serves on "
               "(--force switches anyway)")
    listed = [f"  differs: {d}" for d in outcome.differences]
    emit(report, as_json=as_json, text="\n".join([head, *listed, verdict]))
    if not outcome.switched:
        raise typer.Exit(NOT_WELL)


@rebuild_app.command("cleanup")
def cleanup(ctx: typer.Context) -> None:
    """Drop the read models no longer served (the old schema after a switch, refused or
    failed rebuilds); refused while a rebuild runs."""
    dropped = _run(lambda: rebuild.cleanup(_ops(ctx)))
    typer.echo("\n".join(f"dropped {d}" for d in dropped) or "nothing to clean up")


@app.command("health")
def show_health(ctx: typer.Context, as_json: bool = JSON) -> None:
    """Every service, Kafka and PostgreSQL, one line each; exit 1 when something is not ok."""
    found = _run(lambda: health.lines(_ops(ctx)))
    emit([line.as_dict() for line in found], as_json=as_json,
         text=table(["component", "state", "where", "detail"],
                    [[h.name, h.state, h.where, h.detail] for h in found]))
    if not all(h.well for h in found):
        raise typer.Exit(NOT_WELL)


def main() -> None:
    # The clients' own log lines (aiokafka's "Unable connect to …") would make a failure
    # more than one line; the message above says what is wrong.
    logging.getLogger().addHandler(logging.NullHandler())
    app()
