"""The way to the drill-down route (issue 11), agreed as
``GET /indicators/{code}/drilldown?project=&period=&as_of=&set=&purpose=``.

The dashboard asks for the purpose first, in a form that goes to that route: the route
checks the role, logs the look and answers pseudonymous ids only. Which purposes it takes
are read from the route's own OpenAPI document, so the form offers exactly those. Where
the route is not installed, the dashboard says so instead of linking nowhere.
"""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI

from .view import Choice

PATH = "/indicators/{code}/drilldown"


def purposes(app: FastAPI) -> list[str] | None:
    """The route's coded purposes ([] when it takes any text); None without the route."""
    document = app.openapi()
    operation = document.get("paths", {}).get(PATH, {}).get("get")
    if operation is None:
        return None
    for parameter in operation.get("parameters", []):
        if parameter.get("name") == "purpose":
            return _enum(parameter.get("schema", {}), document)
    return []


def _enum(schema: dict[str, Any], document: dict[str, Any]) -> list[str]:
    if "$ref" in schema:
        name = schema["$ref"].rsplit("/", 1)[-1]
        return _enum(document.get("components", {}).get("schemas", {}).get(name, {}), document)
    if "enum" in schema:
        return [str(v) for v in schema["enum"]]
    for option in schema.get("anyOf", []) + schema.get("allOf", []) + schema.get("oneOf", []):
        found = _enum(option, document)
        if found:
            return found
    return []


def action(code: str) -> str:
    return PATH.replace("{code}", code)


def hidden_fields(choice: Choice, which: str) -> dict[str, str]:
    fields = {"project": choice.project.id, "period": choice.period.name or "window",
              "as_of": choice.as_of.isoformat(), "set": which, "organisation": choice.organisation}
    return {k: v for k, v in fields.items() if v is not None}
