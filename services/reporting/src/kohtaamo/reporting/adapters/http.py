"""Reporting's HTTP API: the indicator pack, figures (JSON and CSV), freshness."""

from __future__ import annotations

import csv
import io
from datetime import UTC, date, datetime
from typing import Any

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import Response

from kohtaamo.servicekit.auth import Principal, require_roles
from kohtaamo.servicekit.errors import ApiError, FieldError
from kohtaamo.servicekit.fields import IsoDate

from ..application import periods
from ..application.access import READERS, NotVisible, scope_for
from ..application.engine import Engine, UnknownIndicator
from ..application.evaluation import Scope
from ..application.publication import publish
from . import http_models as out
from .freshness import LagUnknown


def build_router() -> APIRouter:
    router = APIRouter(tags=["indicators"], responses={401: out.ERRORS[401], 403: out.ERRORS[403]})
    readers = Depends(require_roles(*READERS))

    @router.get("/indicators", response_model=list[out.IndicatorSummary])
    async def list_indicators(request: Request, _: Principal = readers) -> list[dict[str, Any]]:
        engine: Engine = request.app.state.engine
        return [{"code": v.definition.code, "title": v.definition.title.model_dump(),
                 "description": v.definition.description.model_dump(), "kind": v.definition.kind,
                 "version": v.version,
                 "target": v.definition.target.model_dump() if v.definition.target else None}
                for v in engine.pack.indicators.values()]

    # Before /indicators/{code}: "x.csv" would otherwise be taken for a code.
    @router.get("/indicators/{code}.csv", response_class=Response,
                responses={200: {"content": {"text/csv": {}}}, 404: out.ERRORS[404], 422: out.ERRORS[422]})
    async def figure_csv(request: Request, code: str, params: dict[str, Any] = Depends(figure_params),
                         principal: Principal = readers) -> Response:
        published = await _figure(request, code, params, principal)
        return Response(_csv(published), media_type="text/csv; charset=utf-8",
                        headers={"Content-Disposition": f'attachment; filename="{code}.csv"'})

    @router.get("/indicators/{code}", response_model=out.Figure, response_model_exclude_unset=True,
                responses={404: out.ERRORS[404], 422: out.ERRORS[422]})
    async def figure(request: Request, code: str, params: dict[str, Any] = Depends(figure_params),
                     principal: Principal = readers) -> dict[str, Any]:
        return await _figure(request, code, params, principal)

    @router.get("/freshness", response_model=out.FreshnessOut, tags=["operations"])
    async def freshness(request: Request, _: Principal = readers) -> dict[str, Any]:
        freshness = request.app.state.freshness
        try:
            parts = await freshness.partitions()
        except LagUnknown:  # not "caught up": nothing is known to be behind, nor that nothing is
            parts = []
        return {"caught_up": bool(parts) and all(p.lag == 0 for p in parts),
                "last_applied_at": await freshness.last_applied_at(), "partitions": [
            {"topic": p.topic, "partition": p.partition, "last_applied": p.last_applied,
             "end_offset": p.end, "lag": p.lag} for p in parts]}

    return router


# The forms periods.parse reads (a year from 0001).
PERIOD_NAME = r"^(window|\d{4}|\d{4}Q[1-4]|\d{4}-(0[1-9]|1[0-2]))$"


def figure_params(
    project: str = Query(description="The project id, e.g. S20397."),
    period: str | None = Query(None, description="window, 2016, 2016Q1 or 2016-03; or give from and to",
                               pattern=PERIOD_NAME),
    from_: IsoDate | None = Query(None, alias="from", description="First day (Helsinki), inclusive."),
    to: IsoDate | None = Query(None, description="Last day (Helsinki), inclusive."),
    as_of: datetime | None = Query(None, description="Only events recorded at or before this "
                                   "moment (inclusive); with a time zone. Default: now."),
    organisation: str | None = Query(None, description="One organisation's part of the project."),
) -> dict[str, Any]:
    if as_of is not None and as_of.tzinfo is None:
        raise invalid("as_of", "needs a time zone, e.g. 2016-04-01T00:00:00+03:00")
    return {"project": project, "period": period, "from": from_, "to": to,
            "as_of": as_of or datetime.now(UTC), "organisation": organisation}


async def _figure(request: Request, code: str, params: dict[str, Any], principal: Principal
                  ) -> dict[str, Any]:
    engine, scope, period = resolve(request, code, params, principal)
    return publish(await engine.evaluate(code, scope, period, params["as_of"]))


def resolve(request: Request, code: str, params: dict[str, Any], principal: Principal
            ) -> tuple[Engine, Scope, periods.Period]:
    """The engine, the caller's scope and the period of a figure request, or the error."""
    engine: Engine = request.app.state.engine
    try:
        engine.indicator(code)
    except UnknownIndicator:
        raise ApiError(404, "not_found", f"no indicator '{code}': GET /indicators lists them") from None
    scope = visible_scope(engine, principal, params["project"], params["organisation"])
    try:
        period = periods.parse(params["period"], params["from"], params["to"], scope.project.window)
    except periods.PeriodError as exc:
        raise invalid(exc.field, str(exc)) from None
    return engine, scope, period


def visible_scope(engine: Engine, principal: Principal, project: str,
                  organisation: str | None = None) -> Scope:
    try:
        return scope_for(principal.roles, principal.org, principal.projects,
                         engine.pack.projects.get(project), organisation)
    except NotVisible:
        raise ApiError(404, "not_found", f"no project '{project}'"
                       + (f" with organisation '{organisation}'" if organisation else "")
                       + " that you can see") from None


def invalid(field: str, message: str) -> ApiError:
    return ApiError(422, "invalid_request", "the request has invalid fields", [FieldError(field, message)])


def _csv(figure: dict[str, Any]) -> str:
    """What a publication may print, one line per figure or table row: shown values only."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    head = ["code", "project", "period_start", "period_end", "as_of", "definition_version"]
    meta = [figure["code"], figure["project"], figure["period"]["start"], figure["period"]["end"],
            figure["as_of"], figure["definition_version"]]
    table = figure.get("table")
    if table is None:
        extra = ["numerator_shown", "denominator_shown"] if "denominator_shown" in figure else []
        writer.writerow(head + extra + ["shown", "status"])
        writer.writerow(meta + [figure[k] for k in extra] + [figure["shown"], figure["status"]])
        return buffer.getvalue()
    keys = list(table["rows"][0]["key"]) if table["rows"] else []
    writer.writerow(head + keys + [c["code"] for c in table["columns"]])
    for row in table["rows"]:
        key = [row["key"][k] if not isinstance(row["key"][k], dict) else row["key"][k]["en"]
               for k in keys]
        writer.writerow(meta + key + [c["shown"] for c in row["cells"]])
    return buffer.getvalue()
