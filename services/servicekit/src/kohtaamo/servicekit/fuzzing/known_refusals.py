"""A schemathesis check: where an operation may refuse input its schema allows (a rule JSON
Schema cannot state), the refusal must name only the fields of those rules.

schemathesis's own ``positive_data_acceptance`` is told to accept 422 for such operations;
this check keeps that from hiding any other refusal of valid data, e.g. a name the pattern
allows but the validator refuses."""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

import schemathesis

# (document title, operation label) -> the fields it may refuse in valid-looking input
_RULES: dict[tuple[str, str], frozenset[str]] = {}


def register(document: Mapping[str, Any], refusing: Mapping[str, Mapping[str, str]]) -> None:
    title = document.get("info", {}).get("title", "")
    for label, fields in refusing.items():
        _RULES[(title, label)] = frozenset(fields)


@schemathesis.check
def refusals_name_only_known_rules(ctx: Any, response: Any, case: Any) -> bool | None:
    if response.status_code != 422 or case.meta is None or not case.meta.generation.mode.is_positive:
        return None
    title = case.operation.schema.raw_schema.get("info", {}).get("title", "")
    allowed = _RULES.get((title, case.operation.label))
    if allowed is None:
        return None  # positive_data_acceptance already fails a 422 here
    try:
        fields = {f["field"] for f in json.loads(response.content)["error"]["fields"]} or {""}
    except (ValueError, KeyError, TypeError):
        raise AssertionError("a 422 without the one error shape") from None
    unexpected = sorted(fields - allowed)
    if unexpected:
        raise AssertionError(
            f"valid-looking input refused for {unexpected}; only {sorted(allowed)} have rules "
            "the schema cannot state"
        )
    return None
