"""The SQL fragments every client-level query is made of: what is known, which clients,
which events qualify.

Bind parameters, the same in every query: $1 project, $2 organisations, $3 as_of,
$4 start(P), $5 end(P), and $6-$8 the log positions an evaluation is bound to (topics,
partitions, last offsets; NULL when it is not). SQL text is put together only from these
fixed fragments, chosen by names the definitions were validated against; every value is
a bind parameter.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from ..application.definitions import Criterion
from ..application.evaluation import Position, Scope
from ..application.periods import Period


def known(alias: str) -> str:
    """A fact known at T: recorded at or before it and, when the evaluation is bound to
    log positions (a publication reproduced), read at or before them. Without the bound,
    an event recorded before a close but consumed just after it would change the past."""
    return (f"{alias}.recorded_at <= $3 AND ($6::text[] IS NULL OR EXISTS ("
            f"SELECT 1 FROM unnest($6::text[], $7::integer[], $8::bigint[]) AS seen(topic, part, upto)"
            f" WHERE seen.topic = {alias}.src_topic AND seen.part = {alias}.src_partition"
            f" AND {alias}.src_offset <= seen.upto))")


def base_params(scope: Scope, period: Period, as_of: Any,
                through: Sequence[Position] | None) -> list[Any]:
    """$1-$8, in the order of the module's docstring."""
    bound: list[Any] = [None, None, None] if through is None else [
        [p.topic for p in through], [p.partition for p in through], [p.offset for p in through]]
    return [scope.project.id, list(scope.organisations), as_of, period.start, period.end, *bound]


class Params:
    """Further bind parameters after the base ones: ``add`` returns its placeholder."""

    def __init__(self, first: list[Any]) -> None:
        self.values = list(first)

    def add(self, value: Any) -> str:
        self.values.append(value)
        return f"${len(self.values)}"


CLIENTS = f"""
WITH period AS (  -- names the types of the period's bounds, whichever fragments use them
    SELECT $4::date AS start_on, $5::date AS end_on
), registration AS (
    SELECT DISTINCT ON (client_id) client_id, event_id AS registration_event,
           effective_date AS registered_on, gender,
           COALESCE(age_band_detail, age_band) AS age_band_detail, municipality_code,
           organisation_id
    FROM fact_registrations f
    WHERE {known('f')} AND project_id = $1 AND organisation_id = ANY($2::text[])
    ORDER BY client_id, recorded_at, event_id
), voided AS (
    SELECT DISTINCT client_id FROM fact_client_status f WHERE status = 'VOIDED' AND {known('f')}
), ended AS (
    -- The latest recorded end is the one that stands (a correction is a new row).
    SELECT DISTINCT ON (client_id) client_id, event_id AS end_event, effective_date AS ended_on
    FROM fact_client_status f WHERE status = 'ENDED' AND {known('f')}
    ORDER BY client_id, recorded_at DESC, event_id DESC
), clients AS (
    SELECT r.*, e.ended_on, e.end_event FROM registration r LEFT JOIN ended e USING (client_id)
    WHERE r.client_id NOT IN (SELECT client_id FROM voided)
), cancelled AS (
    SELECT DISTINCT activity_id FROM fact_activities f WHERE status = 'CANCELLED' AND {known('f')}
)
"""

POPULATIONS = {
    "all_clients": "TRUE",
    "registered_in_period": "c.registered_on BETWEEN $4 AND $5",
    "active_in_period": "c.registered_on <= $5 AND (c.ended_on IS NULL OR c.ended_on >= $4)",
    "active_at_end": "c.registered_on <= $5 AND (c.ended_on IS NULL OR c.ended_on > $5)",
    "ended_in_period": "c.ended_on BETWEEN $4 AND $5",
}

# {d}: the bind parameter holding the criterion's days.
WINDOWS = {
    "in_period": "e.effective_date BETWEEN $4 AND $5",
    "in_period_from_registration": "e.effective_date BETWEEN GREATEST($4, c.registered_on) AND $5",
    "on_or_before_end": "e.effective_date <= $5",
    "within_days_before_end": "e.effective_date BETWEEN $5 - {d}::integer AND $5",
    "around_end": "e.effective_date BETWEEN c.ended_on - {d}::integer AND c.ended_on + {d}::integer",
}

# {t},{c},{f},{u}: bind parameters of the rules' event types, codes, flags, uncancelled.
_RULES = """JOIN unnest({t}::text[], {c}::text[], {f}::boolean[], {u}::boolean[])
         AS rule(event_type, code, flag, uncancelled)
      ON e.event_type = rule.event_type
     AND (rule.code IS NULL OR e.code = rule.code)
     AND (rule.flag IS NULL OR e.flag = rule.flag)
     AND NOT (rule.uncancelled AND EXISTS (SELECT 1 FROM cancelled x WHERE x.activity_id = e.ref_id))"""


def _rules_and_window(criterion: Criterion, params: Params) -> tuple[str, str]:
    rows = [(r.event, code, r.flag, r.activity_not_cancelled)
            for r in criterion.events for code in (r.codes or (None,))]
    t, c, f, u = (params.add([row[i] for row in rows]) for i in range(4))
    days = params.add(criterion.days) if criterion.days is not None else None
    return _RULES.format(t=t, c=c, f=f, u=u), WINDOWS[criterion.window].format(d=days)


def criterion_holds(criterion: Criterion, params: Params) -> str:
    """True for a client ``c`` with at least one matching event in the window."""
    rules, window = _rules_and_window(criterion, params)
    return (f"EXISTS (SELECT 1 FROM fact_client_events e {rules}"
            f" WHERE e.client_id = c.client_id AND {known('e')} AND {window})")


def matching_events(criterion: Criterion, params: Params, clients: str) -> str:
    """(client_id, event_id) of every matching event in the window of the clients whose
    ids are in the bind parameter ``clients``."""
    rules, window = _rules_and_window(criterion, params)
    return (f"SELECT c.client_id, e.event_id FROM clients c"
            f" JOIN fact_client_events e ON e.client_id = c.client_id {rules}"
            f" WHERE c.client_id = ANY({clients}::uuid[]) AND {known('e')} AND {window}")
