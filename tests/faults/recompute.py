"""The independent recomputation: each producing service's notification log, read through
the same transcoding its relay uses (domain event -> contract envelope -> bytes -> the
registry), projected straight into a fresh reporting schema, not via Kafka. Then reporting's
live facts and figures are compared with it, row by row and figure by figure."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

import asyncpg

from kohtaamo.casework.application.publishing import Publisher as CaseworkPublisher
from kohtaamo.casework.bootstrap import build as build_casework
from kohtaamo.casework.settings import CaseworkSettings
from kohtaamo.contracts import Envelope, default_registry
from kohtaamo.intake.application.publishing import Publisher as IntakePublisher
from kohtaamo.intake.bootstrap import build as build_intake
from kohtaamo.intake.settings import IntakeSettings
from kohtaamo.meetingplace.application.publishing import Publisher as MeetingplacePublisher
from kohtaamo.meetingplace.bootstrap import build as build_meetingplace
from kohtaamo.meetingplace.settings import MeetingplaceSettings
from kohtaamo.reporting.adapters.figures_sql import FactsReader
from kohtaamo.reporting.adapters.store import ReportingStore
from kohtaamo.reporting.application import periods
from kohtaamo.reporting.application.engine import Engine
from kohtaamo.reporting.application.evaluation import Scope
from kohtaamo.reporting.application.pack import load_pack, packaged
from kohtaamo.reporting.application.projector import writes_for
from kohtaamo.servicekit.consumer import Source
from kohtaamo.servicekit.settings import KafkaSettings

from .processes import Deployment

PAGE = 500
_NOT_COMPARED = ("src_topic", "src_partition", "src_offset")  # where Kafka put it


def producers(deployment: Deployment, kafka: KafkaSettings) -> dict[str, Any]:
    """Each producing service's components, wired as its process wires them (nothing started)."""
    common = {"database_url": deployment.database_url, "kafka": kafka}
    return {
        "intake": build_intake(IntakeSettings(
            **common, database_schema=deployment.schemas["intake"],
            keyring_path=deployment.work_dir / "intake.keyring")),
        "casework": build_casework(CaseworkSettings(
            **common, database_schema=deployment.schemas["casework"],
            keyring_path=deployment.work_dir / "casework.keyring")),
        "meetingplace": build_meetingplace(MeetingplaceSettings(
            **common, database_schema=deployment.schemas["meetingplace"])),
    }


_PUBLISHERS = {"intake": IntakePublisher, "casework": CaseworkPublisher,
               "meetingplace": MeetingplacePublisher}


def published(service: str, components: Any, kafka: KafkaSettings
              ) -> Iterator[tuple[Envelope[Any], Source]]:
    """Every integration event the service's store holds, as its consumers would parse it."""
    store = components.app.store
    translate = _PUBLISHERS[service](store)
    registry = default_registry()
    position = 0
    while True:
        notifications = store.recorder.select_notifications(
            start=position, limit=PAGE, inclusive_of_start=False)
        if not notifications:
            return
        for n in notifications:
            outgoing = translate(store.mapper.to_domain_event(n))
            if outgoing is not None:
                yield (registry.parse(outgoing.envelope.to_bytes()),
                       Source(kafka.topic(outgoing.topic), 0, n.id))
        position = notifications[-1].id


async def project(store: ReportingStore, events: list[tuple[Envelope[Any], Source]]) -> int:
    """Apply the events to ``store`` in batches, as reporting's consumer would; the refused."""
    refused = 0
    for i in range(0, len(events), PAGE):
        batch = [(e, s, writes_for(e, s)) for e, s in events[i:i + PAGE]]
        refused += len(await store.apply_batch(batch))
    return refused


@dataclass
class FactComparison:
    lost: int = 0  # in the recomputation, missing in reporting
    double_counted: int = 0  # in reporting more often than the events say, or never caused
    differing: int = 0  # the same event id with other values
    rows: int = 0
    held: int = 0
    samples: list[str] = field(default_factory=list)  # a few rows that differ, to debug
    by_table: dict[str, dict[str, int]] = field(default_factory=dict)


async def fact_tables(pool: asyncpg.Pool) -> list[str]:
    rows = await pool.fetch("SELECT table_name FROM information_schema.tables "
                            "WHERE table_schema = current_schema() AND table_name LIKE 'fact\\_%' "
                            "AND table_type = 'BASE TABLE' ORDER BY 1")
    return [r["table_name"] for r in rows]


async def _rows(pool: asyncpg.Pool, table: str) -> Counter[tuple[Any, ...]]:
    columns = [r["column_name"] for r in await pool.fetch(
        "SELECT column_name FROM information_schema.columns WHERE table_schema = current_schema()"
        " AND table_name = $1 ORDER BY ordinal_position", table)]
    kept = [c for c in columns if c not in _NOT_COMPARED]
    quoted = ", ".join(f'"{c}"' for c in kept)
    records = await pool.fetch(f"SELECT {quoted} FROM {table}")
    return Counter(tuple(r.values()) for r in records)


async def compare_facts(live: asyncpg.Pool, recomputed: asyncpg.Pool, *, held: set[Any]
                        ) -> FactComparison:
    """``held``: event ids reporting keeps without counting them anywhere (a valid event about
    a client it has no registration of); reported apart, not as double-counted."""
    result = FactComparison()
    tables = await fact_tables(recomputed)
    assert tables and tables == await fact_tables(live), tables
    for table in [*tables, "processed_events"]:
        expected, actual = await _rows(recomputed, table), await _rows(live, table)
        if table == "processed_events":  # where it was read differs; what was read may not
            expected = Counter(k[:2] for k in expected.elements())
            actual = Counter(k[:2] for k in actual.elements())
        lost, extra = expected - actual, actual - expected
        kept = Counter({k: n for k, n in extra.items() if k[0] in held})
        result.held += sum(kept.values()) if table != "processed_events" else 0
        extra -= kept
        ids_lost, ids_extra = {k[0] for k in lost}, {k[0] for k in extra}
        differing = len(ids_lost & ids_extra)
        result.samples += [f"{table}: recomputed {k}" for k in list(lost)[:3]]
        result.samples += [f"{table}: reporting {k}" for k in list(extra)[:3]]
        entry = {"rows": sum(expected.values()), "lost": sum(lost.values()) - differing,
                 "double_counted": sum(extra.values()) - differing, "differing": differing}
        result.by_table[table] = entry
        result.lost += entry["lost"]
        result.double_counted += entry["double_counted"]
        result.differing += differing
        if table != "processed_events":
            result.rows += entry["rows"]
    return result


@dataclass
class FigureComparison:
    compared: int = 0
    differing: list[str] = field(default_factory=list)
    values: int = 0


PERIODS = ("window", "2015", "2016", "2017", "2018", "2016Q2", "2017-03")


async def compare_figures(live: asyncpg.Pool, recomputed: asyncpg.Pool, project_id: str
                          ) -> FigureComparison:
    """Every indicator of the pack over the project and each period, evaluated by reporting's
    own engine on both read models; exact (unsuppressed) values compared."""
    pack = load_pack(packaged())
    project = pack.projects[project_id]
    engines = Engine(pack, FactsReader(live)), Engine(pack, FactsReader(recomputed))
    as_of = datetime.now(UTC)
    result = FigureComparison()
    for code in pack.indicators:
        for name in PERIODS:
            period = periods.parse(name, None, None, project.window)
            scope = Scope(project, project.organisations)
            a, b = [await e.evaluate(code, scope, period, as_of) for e in engines]
            result.compared += 1
            if _figure(a) != _figure(b):
                result.differing.append(f"{code} {name}: reporting {str(_figure(a))[:300]} "
                                        f"!= recomputed {str(_figure(b))[:300]}")
            elif a.count:
                result.values += 1
    return result


def _figure(figure: Any) -> Any:
    """What a figure says (its members too), without where the logs stood when it was read."""
    if figure is None:
        return None
    return (figure.status, figure.count, figure.numerator, figure.denominator, figure.value,
            figure.table, figure.members, _figure(figure.previous))

