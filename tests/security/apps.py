"""The four services' HTTP apps as the attack tests see them, and their route tables.

Routes come from each app's own route table, so a route added tomorrow is attacked too;
the few that need no token are named here, and a new public route fails the tests until it
is named (and justified) below.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from fastapi import FastAPI
from fastapi.routing import APIRoute, iter_route_contexts
from starlette.routing import Mount, Route

from kohtaamo.casework.bootstrap import create_app as create_casework
from kohtaamo.casework.settings import CaseworkSettings
from kohtaamo.intake.bootstrap import create_app as create_intake
from kohtaamo.intake.settings import IntakeSettings
from kohtaamo.meetingplace.bootstrap import create_app as create_meetingplace
from kohtaamo.meetingplace.settings import MeetingplaceSettings
from kohtaamo.reporting.bootstrap import create_app as create_reporting
from kohtaamo.reporting.settings import ReportingSettings

# Public by design: liveness, Prometheus' scrape (counts and timings, no data), the API
# documents, the dashboard's sign-in and sign-out forms and its stylesheet.
PUBLIC = {
    ("GET", "/health"), ("GET", "/metrics"),
    ("GET", "/openapi.json"), ("GET", "/docs"), ("GET", "/docs/oauth2-redirect"), ("GET", "/redoc"),
    ("GET", "/dashboard/sign-in"), ("POST", "/dashboard/sign-in"), ("POST", "/dashboard/sign-out"),
    ("GET", "/dashboard/static"),
}


@dataclass(frozen=True)
class Operation:
    method: str
    template: str
    roles: frozenset[str]  # the roles the operation's security requirement lets in
    path: str  # the template filled in with values that route

    @property
    def label(self) -> str:
        return f"{self.method} {self.template}"

    @property
    def takes_body(self) -> bool:
        return self.method in ("POST", "PUT", "PATCH")


def apps() -> dict[str, FastAPI]:
    """Each service's app as ``python -m`` builds it; no lifespan runs, so none touches its
    stores: a refused token must be refused before anything is read."""
    unreachable = "postgresql://nobody:nothing@127.0.0.1:9/none"
    return {
        "intake": create_intake(IntakeSettings(database_url="memory://"), kafka=False),
        "casework": create_casework(CaseworkSettings(database_url="memory://"), kafka=False),
        "meetingplace": create_meetingplace(MeetingplaceSettings(database_url="memory://"), kafka=False),
        "reporting": create_reporting(ReportingSettings(database_url=unreachable)),
    }


def public_routes(app: FastAPI) -> set[tuple[str, str]]:
    """Every (method, path) of ``app`` that declares no security requirement."""
    secured = {(op.method, op.template) for op in operations(app)}
    found = set()
    for route in iter_route_contexts(app.routes):
        if isinstance(route.original_route, Mount):
            found.add(("GET", route.path))
        elif isinstance(route.original_route, Route):
            for method in (route.methods or set()) - {"HEAD"}:
                if (method, route.path_format) not in secured:
                    found.add((method, route.path_format))
    return found


def operations(app: FastAPI) -> Iterator[Operation]:
    """Every operation of ``app`` whose OpenAPI entry asks for a token."""
    document = app.openapi()
    for route in iter_route_contexts(app.routes):  # included routers' routes too
        if not isinstance(route.original_route, APIRoute):
            continue
        for method in sorted(route.methods - {"HEAD"}):
            entry = document["paths"].get(route.path_format, {}).get(method.lower())
            if entry is None:  # not in the document: it must still refuse, so attack it
                entry = {"security": [{"HTTPBearer": []}]}
            requirements = entry.get("security")
            if not requirements:
                continue
            roles = frozenset(r for req in requirements for names in req.values() for r in names)
            yield Operation(method, route.path_format, roles, _filled(route.path_format, entry))



def _filled(template: str, entry: dict[str, Any]) -> str:
    path = template
    for parameter in entry.get("parameters", []):
        if parameter.get("in") == "path":
            path = path.replace("{" + parameter["name"] + "}", _value(parameter.get("schema", {})))
    return path


def _value(schema: dict[str, Any]) -> str:
    if "enum" in schema:
        return str(schema["enum"][0])
    for option in schema.get("anyOf", []) + schema.get("allOf", []):
        if "enum" in option:
            return str(option["enum"][0])
    return {"uuid": str(uuid.uuid4()), "date": "2016-03-01"}.get(schema.get("format", ""), "x1")
