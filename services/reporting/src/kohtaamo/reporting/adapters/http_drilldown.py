"""``GET /indicators/{code}/drilldown``: who is behind a figure, with a stated purpose."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any, Literal

from fastapi import APIRouter, Depends, Query, Request

from kohtaamo.servicekit.auth import Principal, require_roles
from kohtaamo.servicekit.errors import ApiError

from ..application.drilldown import (
    DrillRequest,
    NotDrillable,
    Protected,
    Purpose,
    Reader,
    drill_down,
)
from . import http_publication_models as out
from .drilldown_log_sql import DrilldownLogTable
from .http import figure_params, invalid, resolve

DRILLERS = ("manager", "project_manager")


def build_drilldown_router() -> APIRouter:
    router = APIRouter(tags=["drill-down"])

    @router.get("/indicators/{code}/drilldown", response_model=out.DrilldownOut,
                responses=out.errors(401, 403, 404, 422))
    async def drilldown(
        request: Request, code: str,
        member_set: Literal["numerator", "denominator", "excluded"] = Query(
            alias="set", description="numerator, denominator, or excluded (in the denominator, "
            "not in the numerator: e.g. who is missing from the 70 %)"),
        purpose: Purpose = Query(description="Why: SERVICE_FOLLOW_UP, PLAN_REVIEW_FOLLOW_UP, "
                                 "RECORD_CHECK or FUNDER_AUDIT. Logged with every drill-down."),
        params: dict[str, Any] = Depends(figure_params),
        principal: Principal = Depends(require_roles(*DRILLERS)),
    ) -> dict[str, Any]:
        engine, scope, period = resolve(request, code, params, principal)
        ask = DrillRequest(code, scope, period, params["as_of"], member_set, purpose,
                           Reader(principal.sub, principal.org, principal.roles))
        try:
            drilled = await drill_down(engine, DrilldownLogTable(request.app.state.store.pool), ask, datetime.now(UTC))
        except NotDrillable as exc:
            raise invalid(exc.field, str(exc)) from None
        except Protected as exc:
            raise ApiError(403, "small_group", str(exc)) from None
        f = drilled.figure
        return {
            "code": f.code, "definition_version": f.indicator.version, "project": scope.project.id,
            "organisations": list(scope.organisations),
            "period": {"name": period.name, "start": period.start.isoformat(),
                       "end": period.end.isoformat()},
            "as_of": f.as_of.isoformat(), "set": member_set, "purpose": purpose.value,
            "count": len(drilled.clients),
            "clients": [{"client_id": c, "event_ids": e} for c, e in drilled.clients.items()],
        }

    return router
