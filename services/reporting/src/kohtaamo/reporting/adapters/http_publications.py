"""Period close and publications: close, list, read with corrections, reproduce, correct,
and the funder report (XLSX, PDF)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any, Literal
from uuid import UUID

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import Response

from kohtaamo.servicekit.auth import Principal, require_roles
from kohtaamo.servicekit.errors import ApiError

from ..application import periods
from ..application.access import PROJECT_WIDE
from ..application.closing import CloseRefused, CloseRequest, Conflict, close_period, correct
from ..application.corrections import Correction, corrections
from ..application.published import Publication, PublicationSummary
from ..application.report import build_report
from ..application.reproduction import reproduce
from . import http_publication_models as out
from .http import invalid, visible_scope
from .late_facts_sql import LateFactsReader
from .pdf_report import render_pdf
from .publications_sql import PublicationsRepository
from .xlsx_report import render_xlsx

CLOSERS = ("project_manager",)
_MEDIA = {"xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
          "pdf": "application/pdf"}


def build_publications_router() -> APIRouter:
    router = APIRouter(tags=["publications"])
    closers = Depends(require_roles(*CLOSERS))
    readers = Depends(require_roles(*PROJECT_WIDE))

    @router.post("/periods/{project}/close", status_code=201, response_model=out.PublicationOut,
                 response_model_exclude_unset=True, responses=out.errors(401, 403, 404, 409, 422))
    async def close(request: Request, project: str, body: out.CloseIn,
                    principal: Principal = closers) -> dict[str, Any]:
        engine = request.app.state.engine
        scope = visible_scope(engine, principal, project)
        if not scope.whole_project:
            raise ApiError(404, "not_found", f"no project '{project}' that you can see as a whole")
        try:
            period = periods.parse(body.period, body.from_, body.to, scope.project.window)
            publication = await close_period(
                engine, _publications(request),
                CloseRequest(scope.project, period, body.kind, principal.sub), datetime.now(UTC))
        except periods.PeriodError as exc:
            raise invalid(exc.field, str(exc)) from None
        except CloseRefused as exc:
            raise invalid(exc.field, str(exc)) from None
        except Conflict as exc:
            raise _conflict(exc) from None
        return _publication(publication, [])

    @router.get("/publications", response_model=list[out.PublicationSummary],
                responses=out.errors(401, 403, 404, 422))
    async def list_publications(request: Request, project: str = Query(description="The project id."),
                                principal: Principal = readers) -> list[dict[str, Any]]:
        scope = visible_scope(request.app.state.engine, principal, project)
        if not scope.whole_project:
            raise ApiError(404, "not_found", f"no project '{project}' that you can see as a whole")
        return [_summary(s) for s in await _publications(request).of_project(project)]

    @router.get("/publications/{publication_id}", response_model=out.PublicationOut,
                response_model_exclude_unset=True, responses=out.errors(401, 403, 404, 422))
    async def read(request: Request, publication_id: UUID, principal: Principal = readers) -> dict[str, Any]:
        publication = await _visible(request, publication_id, principal)
        found = await corrections(request.app.state.engine, _late_facts(request),
                                  publication, datetime.now(UTC))
        return _publication(publication, found)

    @router.get("/publications/{publication_id}/reproduction", response_model=out.ReproductionOut,
                response_model_exclude_unset=True, responses=out.errors(401, 403, 404, 422))
    async def reproduction(request: Request, publication_id: UUID,
                           principal: Principal = readers) -> dict[str, Any]:
        publication = await _visible(request, publication_id, principal)
        result = await reproduce(request.app.state.engine, publication)
        return {"publication_id": publication.id, "reproduced": result.reproduced,
                "figures": result.figures,
                "differences": [{"code": d.code, "basis": d.basis, "fields": d.fields,
                                 "published": d.published, "recomputed": d.recomputed}
                                for d in result.differences]}

    @router.post("/publications/{publication_id}/correction", status_code=201,
                 response_model=out.PublicationOut, response_model_exclude_unset=True,
                 responses=out.errors(401, 403, 404, 409, 422))
    async def correction(request: Request, publication_id: UUID,
                         principal: Principal = closers) -> dict[str, Any]:
        publication = await _visible(request, publication_id, principal)
        engine, now = request.app.state.engine, datetime.now(UTC)
        found = await corrections(engine, _late_facts(request), publication, now)
        try:
            corrected = await correct(engine, _publications(request), publication,
                                      principal.sub, now, differs=bool(found))
        except Conflict as exc:
            raise _conflict(exc) from None
        return _publication(corrected, [])

    @router.get("/publications/{publication_id}/report.{fmt}", response_class=Response,
                responses={200: {"content": {m: {} for m in _MEDIA.values()},
                                 "description": "The funder report of the publication."},
                           **out.errors(401, 403, 404, 422)})
    async def report(request: Request, publication_id: UUID, fmt: Literal["xlsx", "pdf"],
                     lang: Literal["fi", "en"] = Query("fi", description="fi (default) or en"),
                     principal: Principal = closers) -> Response:
        publication = await _visible(request, publication_id, principal)
        content = build_report(publication, lang)
        data = render_xlsx(content) if fmt == "xlsx" else render_pdf(content)
        name = f"{publication.project.id}-{publication.period.name or publication.period.start}-{lang}.{fmt}"
        return Response(data, media_type=_MEDIA[fmt],
                        headers={"Content-Disposition": f'attachment; filename="{name}"'})

    return router


# A publication belongs to the read model served (a rebuild copies them at its switch), so
# each request reads the one the app serves now.
def _publications(request: Request) -> PublicationsRepository:
    return PublicationsRepository(request.app.state.store.pool)


def _late_facts(request: Request) -> LateFactsReader:
    return LateFactsReader(request.app.state.store.pool)


async def _visible(request: Request, publication_id: UUID, principal: Principal) -> Publication:
    """The publication, if the caller sees its project as a whole; else not found."""
    publication = await _publications(request).get(publication_id)
    missing = ApiError(404, "not_found", f"no publication {publication_id} that you can see")
    if publication is None:
        raise missing
    if not (principal.has_any(PROJECT_WIDE) and publication.project.id in principal.projects):
        raise missing
    return publication


def _conflict(exc: Conflict) -> ApiError:
    extra = {"publication_id": str(exc.existing)} if exc.existing else {}
    return ApiError(409, "conflict", str(exc), extra=extra)


def _summary(s: PublicationSummary | Publication) -> dict[str, Any]:
    project = s.project.id if isinstance(s, Publication) else s.project_id
    return {"publication_id": s.id, "project": project, "kind": s.kind,
            "period": {"name": s.period.name, "start": s.period.start.isoformat(),
                       "end": s.period.end.isoformat()},
            "closed_at": s.closed_at, "closed_by": s.closed_by, "corrects": s.corrects,
            "corrected_by": s.corrected_by}


def _publication(p: Publication, found: list[Correction]) -> dict[str, Any]:
    by_figure = {(c.published.code, c.published.basis): c for c in found}
    figures = []
    for f in p.figures:
        c = by_figure.get((f.code, f.basis))
        figures.append({"basis": f.basis, "published": f.published, "correction": None if c is None else {
            "current": c.current,
            "late_events": [{"event_id": e.event_id, "event_type": e.event_type,
                             "effective_date": e.effective_date, "recorded_at": e.recorded_at}
                            for e in c.late_events]}})
    return _summary(p) | {"log_positions": [{"topic": x.topic, "partition": x.partition,
                                             "offset": x.offset} for x in p.positions],
                          "figures": figures}
