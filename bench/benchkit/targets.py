"""Issue 15's targets, judged from one run's figures, and the table printed at the end."""

from __future__ import annotations

from typing import Any


def ratio(value: float | None, ceiling: float | None) -> float | None:
    return round(value / ceiling, 3) if value is not None and ceiling else None


def judge(f: dict[str, Any]) -> list[dict[str, Any]]:
    """One row per target: what was measured, against what, and whether it is met."""
    c = f["ceilings"]
    rows = []
    for cmd in f["commands"]:
        per_s = cmd["per_s"]
        rows.append(row(f"{cmd['service']} {cmd['command']}/s ≥ 2 × single-row transactions",
                        per_s, 2 * c["single_row_transactions_per_s"], per_s >= 2 * c["single_row_transactions_per_s"]))
        rows.append(row(f"{cmd['service']} {cmd['command']}/s ≥ 50 % of its no-op route",
                        per_s, 0.5 * cmd["noop_ceiling_per_s"], per_s >= 0.5 * cmd["noop_ceiling_per_s"]))
        rows.append(row(f"{cmd['service']} {cmd['command']} p99 < 50 ms", cmd["p99_ms"], 50,
                        cmd["p99_ms"] < 50))
    fresh = f["freshness"]
    rows.append(row(f"freshness p99 < 500 ms at {fresh['offered_per_s']:.0f} commands/s",
                    fresh["p99_ms"], 500, fresh["p99_ms"] is not None and fresh["p99_ms"] < 500
                    and fresh["offered_per_s"] >= 190 and fresh["seen"] == fresh["committed"]))
    relay = f["relay"]["per_s"]
    rows.append(row("relay ≥ 50 % of aiokafka produce", relay, 0.5 * c["kafka"]["produce_per_s"],
                    relay >= 0.5 * c["kafka"]["produce_per_s"]))
    largest = f["scaling"][-1]
    rows.append(row(f"rebuild ≥ 50 % of COPY ({largest['events']:,} events)", largest["events_per_s"],
                    0.5 * c["copy_rows_per_s"], largest["events_per_s"] >= 0.5 * c["copy_rows_per_s"]))
    national = [s for s in f["scaling"] if s["events"] >= 9_000_000]
    if national:
        rows.append(row("10 M events rebuilt in ≤ 600 s", national[0]["rebuild_s"], 600,
                        national[0]["rebuild_s"] <= 600))
    else:
        estimate = 10_000_000 / largest["events_per_s"]
        rows.append(row(f"10 M events rebuilt in ≤ 600 s (estimated from {largest['events']:,})",
                        round(estimate, 1), 600, None))
    at_million = [s for s in f["scaling"] if s["events"] >= 900_000] or [largest]
    worst = max(q["p99_ms"] for q in at_million[0]["queries"].values())
    rows.append(row(f"indicator query p99 < 50 ms at {at_million[0]['events']:,} events", worst, 50,
                    worst < 50 if at_million[0]["events"] >= 900_000 else None))
    flat = all(m["flat"] for s in f["scaling"] for m in s["memory"])
    growth = max(m["growth_mib_25_to_100pct"] for m in largest["memory"])
    rows.append(row("reporting's memory flat during a rebuild (MiB grown 25→100 %)", growth, None, flat))
    out = f["scale_out"]
    one, two = out["one_instance"]["events_per_s"], out["two_instances"]["events_per_s"]
    exact = all(r["applied_once"] == r["events"] for r in (out["one_instance"], out["two_instances"]))
    rows.append(row("two reporting instances project faster than one, exactly", two, one,
                    two > one and exact))
    return rows


def row(target: str, value: Any, against: Any, met: bool | None) -> dict[str, Any]:
    return {"target": target, "value": value, "against": against, "met": met}


def table(f: dict[str, Any]) -> str:
    c = f["ceilings"]
    lines = [f"Kohtaamo benchmark ({f['scale']}), {f['measured_at']}, {f['machine']}", "",
             f"{'figure':<68}{'value':>12}{'ceiling':>12}{'ratio':>8}"]

    def line(name: str, value: Any, ceiling: Any = None) -> None:
        r = ratio(value, ceiling) if isinstance(value, int | float) else None
        lines.append(f"{name:<68}{fmt(value):>12}{fmt(ceiling):>12}{fmt(r):>8}")

    for cmd in f["commands"]:
        line(f"{cmd['service']} {cmd['command']}/s (p50 {cmd['p50_ms']} p99 {cmd['p99_ms']} ms)",
             cmd["per_s"], cmd["noop_ceiling_per_s"])
        line("  … against single-row transactions/s", cmd["per_s"], c["single_row_transactions_per_s"])
    gc = f.get("group_commit")
    if gc:
        for path in ("http", "application_only"):
            for mode, points in gc[path].items():
                for pt in points:
                    line(f"  {path} {mode.replace('_', ' ')}, {pt['clients']} clients (p99 {pt['p99_ms']} ms)",
                         pt["registrations_per_s"], gc["single_row_transaction_ceiling_per_s"])
    fresh = f["freshness"]
    line(f"freshness p50 / p99 ms at {fresh['offered_per_s']:.0f}/s", f"{fresh['p50_ms']} / {fresh['p99_ms']}")
    line("relay notifications/s", f["relay"]["per_s"], c["kafka"]["produce_per_s"])
    line("Kafka consume messages/s (ceiling of a rebuild's reads)", c["kafka"]["consume_per_s"])
    lines.append("")
    lines.append(f"{'events':>10}{'rebuild s':>11}{'events/s':>10}{'/COPY':>7}{'µs CPU/ev':>10}"
                 f"{'query p99':>10}{'DB MiB':>8}{'peak MiB':>9}{'flat':>6}")
    for s in f["scaling"]:
        worst = max(q["p99_ms"] for q in s["queries"].values())
        peak = max(m["peak_rss_mib"] for m in s["memory"])
        lines.append(f"{s['events']:>10,}{s['rebuild_s']:>11}{s['events_per_s']:>10,.0f}"
                     f"{fmt(ratio(s['events_per_s'], c['copy_rows_per_s'])):>7}{s['cpu_us_per_event']:>10}"
                     f"{worst:>10}{s['database_mib']:>8}{peak:>9}{'yes' if all(m['flat'] for m in s['memory']) else 'no':>6}")
    out = f["scale_out"]
    lines.append(f"scale-out at {out['one_instance']['events']:,} events: one instance "
                 f"{out['one_instance']['events_per_s']:,.0f}/s, two {out['two_instances']['events_per_s']:,.0f}/s")
    lines += ["", "ceilings: single-row transactions/s {:,.0f}, COPY rows/s {:,.0f}, Kafka produce/s "
              "{:,.0f} and consume/s {:,.0f} at {} bytes".format(
                  c["single_row_transactions_per_s"], c["copy_rows_per_s"], c["kafka"]["produce_per_s"],
                  c["kafka"]["consume_per_s"], c["kafka"]["message_bytes"]), ""]
    for t in f["targets"]:
        mark = {True: "met", False: "NOT met", None: "not judged"}[t["met"]]
        lines.append(f"[{mark:^10}] {t['target']}: {fmt(t['value'])}"
                     + (f" (against {fmt(t['against'])})" if t["against"] is not None else ""))
    for name, waiting in f.get("waiting", {}).items():
        lines.append(f"[ waiting  ] {name}: {waiting}")
    return "\n".join(lines)


def fmt(v: Any) -> str:
    if v is None:
        return "–"
    if isinstance(v, float):
        return f"{v:,.3f}" if v < 10 else f"{v:,.0f}"
    if isinstance(v, int):
        return f"{v:,}"
    return str(v)
