"""The fault suite: a seeded programme of FAULTS_EVENTS (100,000) events through the four
services as OS processes on the real Kafka and PostgreSQL, while services are SIGKILLed,
the broker and the database restarted, a tenth of the records delivered twice and one in a
hundred poisoned. Then, waiting on conditions: reporting's every figure equals a
recomputation from the services' event stores, every poison message is parked with its
reason, casework's and meetingplace's views equal a replay of intake's events. The figures
go to bench/results/faults.json; the test asserts on data only."""

from __future__ import annotations

import asyncio
import json
import os
import time
from datetime import UTC, datetime
from pathlib import Path
from uuid import UUID

import httpx
import pytest

from kohtaamo.reporting.adapters.store import ReportingStore

from .driver import PROJECT, TALLY_ROWS, Api, Plan, run_programme
from .faults import KINDS, Injector, Schedule, summary
from .processes import SCHEMAS, SERVICES, Deployment, ServiceProcess
from .recompute import compare_facts, compare_figures, producers, project, published
from .settling import consumer_lags, dead_letters, outbox_lags
from .tampering import Tamperer
from .views import compare_views, expected_clients

pytestmark = [pytest.mark.faults, pytest.mark.e2e, pytest.mark.kafka, pytest.mark.postgres]
ROOT = Path(__file__).resolve().parents[2]
EVENTS = int(os.environ.get("FAULTS_EVENTS", "100000"))
SEED = int(os.environ.get("FAULTS_SEED", "2016"))
CONCURRENCY = int(os.environ.get("FAULTS_CONCURRENCY", "8"))
PORT_BASE = int(os.environ.get("KOHTAAMO_PORT_BASE", "9300"))
RESULTS = Path(os.environ.get("FAULTS_RESULTS", ROOT / "bench" / "results" / "faults.json"))


@pytest.mark.timeout(3000)
async def test_nothing_is_lost_or_counted_twice_through_crashes_restarts_duplicates_and_poison(
    stack, kafka_admin, new_schema, eventually, tmp_path
):
    figures: dict = {"seed": SEED, "requested_events": EVENTS, "measured_at": datetime.now(UTC).isoformat()}
    # The run's own topic prefix, provisioned with every service's ACLs, and a schema each.
    admin = kafka_admin
    deployment = Deployment(
        database_url=stack.database_url, kafka_bootstrap=admin.bootstrap_servers,
        topic_prefix=admin.topic_prefix, schemas={n: await new_schema() for n in SCHEMAS},
        port_base=PORT_BASE, work_dir=tmp_path)
    async with httpx.AsyncClient() as http:
        processes = {s: ServiceProcess(deployment, s) for s in SERVICES}
        tamperer = Tamperer(admin, seed=SEED)
        try:
            # given the four services running, a tamperer and a seeded fault schedule
            for p in processes.values():
                p.start()
            for p in processes.values():
                await eventually(lambda p=p: p.health(http), until=lambda h: h and h["status"] == "ok",
                                 timeout=120)
            api = Api({s: deployment.url(s) for s in SERVICES})
            plan = Plan.for_events(EVENTS)
            units = plan.clients + plan.places * -(-plan.days * 3 // TALLY_ROWS)
            injector = Injector(processes, tamperer, Schedule.seeded(units, seed=SEED), http)

            # when the programme runs through the faults
            started = time.monotonic()
            await run_programme(api, events=EVENTS, seed=SEED, concurrency=CONCURRENCY,
                                between=injector.between)
            await api.close()
            figures["load_s"] = round(time.monotonic() - started, 1)
            settled = time.monotonic()
            await eventually(lambda: outbox_lags(processes, http),
                             until=lambda lags: all(v == 0 for v in lags.values()), timeout=600)
            await eventually(_swept(tamperer), timeout=120)  # the last records too
            await eventually(lambda: consumer_lags(admin), until=lambda lags: not any(lags.values()),
                             timeout=900, interval=1.0)
            figures["catch_up_after_load_s"] = round(time.monotonic() - settled, 1)
            await tamperer.close()

            # then: reporting against a recomputation straight from the event stores
            kafka = admin.model_copy(update={"username": None, "password": None})
            components = producers(deployment, kafka)
            streams = {name: await asyncio.to_thread(lambda c=c, n=name: list(published(n, c, kafka)))
                       for name, c in components.items()}
            letters = await dead_letters(admin)
            recomputed = await ReportingStore.open(deployment.database_url, deployment.schemas["recomputed"])
            live = await ReportingStore.open(deployment.database_url, deployment.schemas["reporting"])
            try:
                refused = await project(recomputed, [e for s in streams.values() for e in s])
                held = {UUID(json.loads(p.value)["event_id"]) for p in tamperer.done.poison
                        if p.kind == "unknown_client"}
                facts = await compare_facts(live.pool, recomputed.pool, held=held)
                indicators = await compare_figures(live.pool, recomputed.pool, PROJECT)
            finally:
                await asyncio.gather(recomputed.close(), live.close())
            unknown = {p.client_id for p in tamperer.done.poison if p.kind == "unknown_client"}
            views = await asyncio.to_thread(
                compare_views, expected_clients([e for e, _ in streams["intake"]]),
                components["casework"].app.store, components["meetingplace"].app.store, unknown)
            for c in components.values():
                await asyncio.to_thread(c.app.close)
        finally:
            await tamperer.reset()  # closes its clients
            for p in processes.values():
                p.stop()

    poison = tamperer.done.poison
    parked = {(tuple(x["source"]), x["consumer"]): x for x in letters}
    missing = [(p.kind, p.topic, p.offset, c) for p in poison for c in p.expected_by
               if not parked.get(((p.topic, p.partition, p.offset), c), {}).get("reason")]
    ours = {(p.topic, p.partition, p.offset) for p in poison}
    unexpected = [x for x in letters if tuple(x["source"]) not in ours]
    events = sum(len(s) for s in streams.values())
    figures |= {
        "events": events, "events_by_service": {n: len(s) for n, s in streams.items()},
        "records_on_topics": tamperer.done.originals,
        "faults": summary(injector.injected),
        "duplicates": tamperer.done.duplicates,
        "poison": {"total": len(poison), **dict(sorted(tamperer.done.by_kind.items()))},
        "dead_letters": len(letters), "poison_not_dead_lettered": len(missing),
        "unexpected_dead_letters": len(unexpected),
        "lost": facts.lost, "double_counted": facts.double_counted, "facts_differing": facts.differing,
        "fact_rows": facts.rows, "held_uncounted_rows_of_unknown_clients": facts.held,
        "facts_by_table": facts.by_table, "fact_samples": facts.samples[:12],
        "figure_samples": indicators.differing[:6], "recomputation_refused": refused,
        "figures_compared": indicators.compared, "figures_with_a_count": indicators.values,
        "figures_differing": len(indicators.differing),
        "views": {"clients": views.clients, "casework_differing": len(views.casework_differing),
                  "meetingplace_differing": len(views.meetingplace_differing),
                  "unknown_clients_applied": len(views.unknown_clients_applied)},
        "driver": {"requests": api.tally.requests,
                   "statuses": {str(k): v for k, v in sorted(api.tally.statuses.items())},
                   "concurrency": CONCURRENCY},
        "service_starts": {s: p.starts for s, p in processes.items()},
    }
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(figures, indent=2) + "\n")

    assert events >= EVENTS, figures["events_by_service"]
    assert {f.kind for f in injector.injected} == set(KINDS)
    assert tamperer.done.duplicates >= 0.09 * tamperer.done.originals
    assert len(poison) >= int(0.01 * tamperer.done.originals) > 0
    assert not missing, missing[:10]
    assert not unexpected, [(x["source"], x["consumer"], x["reason"]) for x in unexpected[:10]]
    assert refused == 0
    assert (facts.lost, facts.double_counted, facts.differing) == (0, 0, 0), facts.by_table
    assert facts.held <= len(held)  # a row each at most, and counted by no figure (below)
    assert indicators.values > 0 and not indicators.differing, indicators.differing[:5]
    assert not views.casework_differing, views.casework_differing[:5]
    assert not views.meetingplace_differing, views.meetingplace_differing[:5]
    assert not views.unknown_clients_applied, views.unknown_clients_applied[:5]


def _swept(tamperer: Tamperer):
    async def probe() -> bool:
        try:
            await tamperer.sweep()
            return True
        except Exception:
            await tamperer.reset()
            return False
    return probe
