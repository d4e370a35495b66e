"""The dashboard's routes: the page, its sign-in and sign-out, the drill-down's purpose form."""

from __future__ import annotations

import asyncio
from datetime import UTC, date, datetime, time
from typing import Any, Literal
from urllib.parse import parse_qs

from fastapi import APIRouter, Depends, Query, Request, Response
from fastapi.responses import HTMLResponse, RedirectResponse

from kohtaamo.servicekit.auth import Principal, require_roles
from kohtaamo.servicekit.errors import ApiError, FieldError
from kohtaamo.servicekit.session import end_session, from_own_origin, start_session

from ...application import periods
from ...application.access import READERS, NotVisible, scope_for, visible_projects
from ...application.dashboard import HELSINKI, Step, overview
from ...application.engine import Engine, UnknownIndicator
from ...application.evaluation import Scope
from .. import http_models as out
from . import drilldown, view
from .formatting import Formats
from .pages import SIGN_IN, PageRoute, language, render

PAGE = {200: {"content": {"text/html": {}}, "description": "The page."}}
_ERROR_BODY = {"$ref": "#/components/schemas/ErrorResponse"}
# A day, or a moment with a time zone (whether it exists is checked when parsed).
AS_OF = r"^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2}))?$"


def page_errors(*statuses: int) -> dict[int | str, dict[str, Any]]:
    """A page answers an error as an HTML page to a browser and in the one JSON shape to
    anything else: both are documented."""
    return {status: {"description": out.ERRORS[status]["description"],
                     "content": {"application/json": {"schema": _ERROR_BODY}, "text/html": {}}}
            for status in statuses}
_FORM = {"requestBody": {"required": True, "content": {"application/x-www-form-urlencoded": {"schema": {
    "type": "object", "required": ["token"], "properties": {
        "token": {"type": "string", "minLength": 1, "pattern": r"\S",
                  "description": "The staff member's bearer token (a JWT)."},
        "next": {"type": "string", "description": "A dashboard address to go to afterwards."},
        "lang": {"type": "string", "enum": ["fi", "en"]}}}}}}}
Lang = Literal["fi", "en"] | None


def build_dashboard_router() -> APIRouter:
    router = APIRouter(prefix="/dashboard", tags=["dashboard"], route_class=PageRoute,
                       responses=page_errors(401, 403))
    readers = Depends(require_roles(*READERS))
    drillers = Depends(require_roles(*view.DRILLDOWN_ROLES))

    @router.get("", response_class=HTMLResponse, responses=PAGE | page_errors(404, 422))
    async def dashboard(
        request: Request,
        project: str | None = Query(None, description="A project you can see; default the first."),
        period: str = Query("window", description="window, 2016, 2016Q1 or 2016-03"),
        as_of: str | None = Query(None, description="A day (what was known at its end, Helsinki) "
                                  "or a moment with a time zone; default now.", pattern=AS_OF),
        organisation: str | None = Query(None, description="One organisation's part of the project."),
        step: Step = Query("quarter", description="The charts' step."),
        lang: Lang = Query(None, description="fi or en; default the browser's language."),
        principal: Principal = readers,
    ) -> Response:
        choice, scope = _choice(request, principal, project, period, as_of, organisation, step)
        engine: Engine = request.app.state.engine
        shown = await overview(engine, scope, choice.period, choice.as_of, step)
        targeted, other = view.cards(shown, choice, principal.roles)
        places, activity_tables = view.monthly(shown, choice)
        return render(request, "dashboard.html", {
            "choice": choice, "principal": principal, "targeted": targeted, "other": other,
            "progress": view.progress_charts(shown, choice), "tables": view.cross_tables(shown, choice),
            "places": places, "activity_tables": activity_tables,
            "freshness": await _freshness(request), "formats": Formats(choice.lang),
            "projects": visible_projects(principal.roles, principal.org, principal.projects,
                                         engine.pack.projects.values()),
            "period_choices": _period_choices(choice.project.window),
            "overdue": "plan-review-on-time" in shown.figures
                       and bool(principal.roles & set(view.DRILLDOWN_ROLES)),
            "drilldown_ready": drilldown.purposes(request.app) is not None,
        })

    @router.get("/drilldown", response_class=HTMLResponse,
                responses=PAGE | page_errors(404, 422))
    async def drilldown_form(
        request: Request,
        code: str = Query(description="The indicator."),
        set: Literal["numerator", "denominator", "excluded"] = Query(description="Which clients."),
        project: str = Query(), period: str = Query("window"),
        as_of: str | None = Query(None, pattern=AS_OF),
        organisation: str | None = Query(None), step: Step = Query("quarter"), lang: Lang = Query(None),
        principal: Principal = drillers,
    ) -> Response:
        choice, _ = _choice(request, principal, project, period, as_of, organisation, step)
        engine: Engine = request.app.state.engine
        try:
            definition = engine.indicator(code).definition
        except UnknownIndicator:
            raise ApiError(404, "not_found", f"no indicator '{code}'") from None
        return render(request, "drilldown.html", {
            "choice": choice, "code": code, "set": set, "title": definition.title.model_dump()[choice.lang],
            "purposes": drilldown.purposes(request.app), "action": drilldown.action(code),
            "hidden": drilldown.hidden_fields(choice, set)})

    @router.get("/sign-in", response_class=HTMLResponse, responses=PAGE)
    async def sign_in_form(request: Request, lang: Lang = Query(None),
                           next: str | None = Query(None, description="Where to go afterwards.")) -> Response:
        return render(request, "sign_in.html", {"next": _safe_next(next), "problem": None})

    @router.post("/sign-in", response_class=HTMLResponse, openapi_extra=_FORM,
                 responses={303: {"description": "Signed in: on to the dashboard."}} | page_errors(422))
    async def sign_in(request: Request) -> Response:
        form = await _form(request)
        lang = form.get("lang") if form.get("lang") in ("fi", "en") else language(request)
        next_ = _safe_next(form.get("next"))
        try:
            if not from_own_origin(request):
                raise ApiError(403, "forbidden", "sign in on this service's own sign-in page")
            token = (form.get("token") or "").strip()
            if not token:
                raise ApiError(422, "invalid_request", "the request has invalid fields",
                               [FieldError("token", "paste your token here")])
            principal = request.app.state.token_verifier.verify(token)
            if not principal.has_any(READERS):
                raise ApiError(403, "forbidden", f"the token has none of the roles {', '.join(READERS)}")
        except ApiError as problem:
            return render(request, "sign_in.html", {"lang": lang, "next": next_, "problem": problem},
                          status=problem.status)
        answer = RedirectResponse(next_ or f"/dashboard?lang={lang}", status_code=303)
        start_session(request, answer, token)
        return answer

    @router.post("/sign-out", responses={303: {"description": "Signed out: on to the sign-in form."}})
    async def sign_out(request: Request) -> Response:
        if not from_own_origin(request):
            raise ApiError(403, "forbidden", "sign out on this service's own pages")
        answer = RedirectResponse(f"{SIGN_IN}?lang={language(request)}", status_code=303)
        end_session(request, answer)
        return answer

    return router


def _choice(request: Request, principal: Principal, project: str | None, period: str,
            as_of: str | None, organisation: str | None, step: Step) -> tuple[view.Choice, Scope]:
    engine: Engine = request.app.state.engine
    visible = visible_projects(principal.roles, principal.org, principal.projects,
                               engine.pack.projects.values())
    if project is None and not visible:
        raise ApiError(404, "not_found", "there is no project you can see")
    chosen = engine.pack.projects.get(project) if project is not None else visible[0]
    try:
        scope = scope_for(principal.roles, principal.org, principal.projects, chosen, organisation)
    except NotVisible:
        raise ApiError(404, "not_found", f"no project '{project}' that you can see"
                       + (f" with organisation '{organisation}'" if organisation else "")) from None
    try:
        parsed = periods.parse(period, None, None, chosen.window)
    except periods.PeriodError as exc:
        raise _invalid(exc.field, str(exc)) from None
    moment, day = _as_of(as_of)
    return view.Choice(scope.project, organisation, parsed, moment, day, as_of if as_of and day is None else None,
                       step, language(request)), scope


def _as_of(raw: str | None) -> tuple[datetime, date | None]:
    """A day means what was known at its end (Helsinki); a moment needs its time zone."""
    if not raw:
        return datetime.now(UTC), None
    try:
        day = date.fromisoformat(raw)
        return datetime.combine(day, time.max, tzinfo=HELSINKI), day
    except ValueError:
        pass
    try:
        moment = datetime.fromisoformat(raw)
    except ValueError:
        raise _invalid("as_of", "give a day (2016-03-31) or a moment with a time zone") from None
    if moment.tzinfo is None:
        raise _invalid("as_of", "needs a time zone, e.g. 2016-04-01T00:00:00+03:00")
    return moment, None


def _period_choices(window: tuple[date, date]) -> dict[str, list[periods.Period]]:
    return {"years": periods.years(window), "quarters": periods.steps(window, "quarter"),
            "months": periods.steps(window, "month")}


async def _freshness(request: Request) -> dict[str, Any] | None:
    """How far behind reporting is; None when the broker does not answer in time."""
    freshness = request.app.state.freshness
    try:
        parts = await asyncio.wait_for(freshness.partitions(), timeout=5)
        last = await freshness.last_applied_at()
    except Exception:  # the page still shows its figures, saying freshness is unknown
        return None
    return {"lag": sum(p.lag for p in parts), "last_applied_at": last}


async def _form(request: Request) -> dict[str, str]:
    kind = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if kind != "application/x-www-form-urlencoded":
        raise ApiError(415, "unsupported_media_type", "send the sign-in form (application/x-www-form-urlencoded)")
    try:
        fields = parse_qs((await request.body()).decode("utf-8", "replace"), max_num_fields=10)
    except ValueError:  # more fields than a sign-in form has
        raise ApiError(400, "malformed_form", "the sign-in form has unexpected fields") from None
    return {k: v[0] for k, v in fields.items()}


def _safe_next(target: str | None) -> str | None:
    """Only a dashboard address of this service: never another site (no open redirect)."""
    if target and target.startswith("/dashboard") and "//" not in target and "\\" not in target:
        return target
    return None


def _invalid(field: str, message: str) -> ApiError:
    return ApiError(422, "invalid_request", "the request has invalid fields", [FieldError(field, message)])
