"""Fuzz a service's HTTP API against its own OpenAPI document, in process, with schemathesis.

Runs schemathesis's engine as ``schemathesis run`` would (every phase: examples, coverage,
fuzzing, stateful) with every check on: server errors, status codes, content types,
response schemas and headers, valid data accepted, invalid data refused, missing or ignored
auth, unsupported methods and the ``Allow`` header, … Each operation gets a valid token with
the role the caller names for it, so generated requests reach the route::

    def test_the_api_answers_as_documented():
        app = create_app(IntakeSettings(database_url="memory://"), kafka=False)
        failures = fuzz_openapi(app, auth=AuthSettings(), roles={"POST /clients": "intake_worker"})
        assert not failures, "\\n\\n".join(failures)

Examples are bounded (``KOHTAAMO_FUZZ_EXAMPLES``, default 25 per operation and phase) and
the seed is fixed (``KOHTAAMO_FUZZ_SEED``) so a failure reproduces; raise both for a longer
hunt. (The engine rather than ``@schema.parametrize()``: schemathesis's lazy pytest loader
does not run under pytest 9, and the engine also runs the stateful phase.)
"""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any

import schemathesis
from hypothesis.strategies import SearchStrategy
from schemathesis.config import SchemathesisConfig
from schemathesis.engine import Status, events, from_schema
from schemathesis.python import asgi

from ..auth import issue_token
from ..settings import AuthSettings
from . import known_refusals
from .strategies import register_formats

DEFAULT_EXAMPLES = 25
DEFAULT_SEED = 20261201


def fuzz_openapi(
    app: Any,
    *,
    auth: AuthSettings,
    roles: Mapping[str, str],
    organisation: str = "091",
    projects: Sequence[str] = (),
    refuses_valid_looking_input: Mapping[str, Mapping[str, str]] | None = None,
    formats: Mapping[str, SearchStrategy[str]] | None = None,
    dates_since: date = date(1970, 1, 1),
    known_values: Mapping[str, Sequence[Any]] | None = None,
    max_examples: int | None = None,
) -> list[str]:
    """Every failure schemathesis finds in ``app``, one readable entry each (empty: none).

    ``roles`` maps each authenticated operation (``"POST /clients/{client_id}/void"``) to the
    role its token carries; an authenticated operation missing from it is an error, so a new
    route cannot go unfuzzed. ``refuses_valid_looking_input`` maps an operation to the fields
    it may refuse in input the schema allows, each with the rule JSON Schema cannot state (a
    check character, one date before another); ``""`` stands for a refusal naming no field.
    Such a 422 counts as accepting valid data only if it names nothing but those fields.
    ``formats`` gives strategies for the service's own string formats; valid dates are drawn
    from ``dates_since`` up to today (no command takes a future date for what happened).
    ``projects`` go into every token's ``projects`` claim (project-wide roles).
    ``known_values`` maps a parameter (``"query.project"``, ``"path.code"``) to values that
    exist, drawn half the time, so requests also reach past "not found".
    """
    schema = prepared_schema(
        app, auth=auth, roles=roles, organisation=organisation, projects=projects,
        refuses_valid_looking_input=refuses_valid_looking_input, formats=formats,
        dates_since=dates_since, known_values=known_values, max_examples=max_examples,
    )
    return _run(schema)


def prepared_schema(
    app: Any,
    *,
    auth: AuthSettings,
    roles: Mapping[str, str],
    organisation: str = "091",
    projects: Sequence[str] = (),
    refuses_valid_looking_input: Mapping[str, Mapping[str, str]] | None = None,
    formats: Mapping[str, SearchStrategy[str]] | None = None,
    dates_since: date = date(1970, 1, 1),
    known_values: Mapping[str, Sequence[Any]] | None = None,
    max_examples: int | None = None,
) -> Any:
    """The schemathesis schema ``fuzz_openapi`` runs: configured, with a token per operation."""
    register_formats(formats or {}, dates_since=dates_since)
    refusing = refuses_valid_looking_input or {}
    schema = _load(app, refusing, known_values or {}, max_examples)
    known_refusals.register(schema.raw_schema, refusing)
    unmapped = sorted(_secured_operations(schema.raw_schema) - set(roles))
    if unmapped:
        raise ValueError(f"no role given for the authenticated operations {unmapped}")
    unknown = sorted(set(roles) - _all_operations(schema.raw_schema))
    if unknown:
        raise ValueError(f"roles given for operations the document does not have: {unknown}")
    undocumented = sorted(
        f"{label}: {role}" for label, role in roles.items()
        if role not in _documented_roles(schema.raw_schema, label)
    )
    if undocumented:
        raise ValueError(f"roles their operations do not let in: {undocumented}")
    tokens = {
        label: issue_token(auth, sub="fuzzer", roles=[role], org=organisation, projects=projects)
        for label, role in roles.items()
    }

    @schema.auth(cache_by_key=lambda case, _ctx: case.operation.label)
    class _RoleTokens:
        def get(self, case: Any, _ctx: Any) -> str | None:
            return tokens.get(case.operation.label)

        def set(self, case: Any, token: str, _ctx: Any) -> None:
            case.headers = {**(case.headers or {}), "Authorization": f"Bearer {token}"}

    return schema


def _load(
    app: Any,
    refusing: Mapping[str, Mapping[str, str]],
    known: Mapping[str, Sequence[Any]],
    max_examples: int | None,
) -> Any:
    examples = max_examples or int(os.environ.get("KOHTAAMO_FUZZ_EXAMPLES", DEFAULT_EXAMPLES))
    # schemathesis's defaults, and 410: like 404, "gone for good" says nothing of the input.
    positive = ["2xx", "3xx", "401", "403", "404", "409", "410", "429", "5xx"]
    config = SchemathesisConfig.from_dict(
        {
            "seed": int(os.environ.get("KOHTAAMO_FUZZ_SEED", DEFAULT_SEED)),
            # No example database: a run depends on the seed alone (and writes no .hypothesis/).
            "generation": {"max-examples": examples, "database": "none"},
            "checks": {"positive_data_acceptance": {"expected-statuses": positive}},
            "dictionaries": {
                f"known-{i}": {"values": list(values)} for i, values in enumerate(known.values())
            },
            "parameters": {
                name: {"dictionary": f"known-{i}", "probability": 0.5}
                for i, name in enumerate(known)
            },
            "operations": [
                {
                    "include-name": label,
                    "checks": {"positive_data_acceptance": {"expected-statuses": [*positive, "422"]}},
                }
                for label in refusing
            ],
        }
    )
    return schemathesis.openapi.from_asgi("/openapi.json", app, config=config)


def _run(schema: Any) -> list[str]:
    failures: list[str] = []
    try:
        for event in from_schema(schema).execute():
            if isinstance(event, events.ScenarioFinished) and event.status in (
                Status.FAILURE, Status.ERROR
            ):
                failures.extend(_describe(event))
            elif isinstance(event, events.NonFatalError):
                failures.append(f"{event.label}: error {event.info.title}: {event.info.message}")
            elif isinstance(event, events.FatalError):
                failures.append(f"fatal: {event.exception!r}")
            elif isinstance(event, events.EngineFinished):
                failures.extend(f"{f.operation}: {f.title}: {f.message}" for f in event.failures)
    finally:
        # schemathesis started the app's lifespan; end it before the caller's fixtures end
        # what it uses (a database schema, topics).
        asgi.shutdown_lifespans()
    return sorted(set(failures))


def _describe(event: Any) -> list[str]:
    found = []
    for case_id, checks in event.recorder.checks.items():
        for check in checks:
            if check.status == Status.FAILURE and check.failure_info is not None:
                failure = check.failure_info.failure
                found.append(
                    f"{failure.operation or event.label} [{event.phase.value}] {check.name}: "
                    f"{failure.title}\n  {failure.message.strip()}\n"
                    f"  {check.failure_info.code_sample}\n  -> {_answer(event.recorder, case_id)}"
                )
    return found or [f"{event.label} [{event.phase.value}]: {event.status.value}"]


def _answer(recorder: Any, case_id: str) -> str:
    interaction = recorder.interactions.get(case_id)
    response = getattr(interaction, "response", None)
    if response is None:
        return "no response"
    body = (response.content or b"")[:400].decode("utf-8", "replace")
    return f"{response.status_code} {body}"


def _operations(document: Mapping[str, Any]) -> list[tuple[str, dict[str, Any]]]:
    return [
        (f"{method.upper()} {path}", operation)
        for path, item in document.get("paths", {}).items()
        for method, operation in item.items()
        if isinstance(operation, dict)
    ]


def _all_operations(document: Mapping[str, Any]) -> set[str]:
    return {label for label, _ in _operations(document)}


def _secured_operations(document: Mapping[str, Any]) -> set[str]:
    return {label for label, operation in _operations(document) if operation.get("security")}


def _documented_roles(document: Mapping[str, Any], label: str) -> set[str]:
    """The roles an operation's security requirements name (OpenAPI 3.1 lets a bearer
    requirement list role names)."""
    operation = dict(_operations(document)).get(label, {})
    requirements = operation.get("security", [])
    return {role for requirement in requirements for names in requirement.values() for role in names}
