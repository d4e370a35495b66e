"""What every dashboard page shares: the language, the templates, the answer to an error
(an HTML page for a browser, the one JSON error shape for anything else), safe headers."""

from __future__ import annotations

from collections.abc import Callable, Coroutine
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlencode

from fastapi import Request, Response
from fastapi.exceptions import RequestValidationError
from fastapi.responses import RedirectResponse
from fastapi.routing import APIRoute
from fastapi.templating import Jinja2Templates

from kohtaamo.servicekit.errors import ApiError, FieldError

from .labels import LANGUAGES, Language, text

HERE = Path(__file__).parent
SIGN_IN = "/dashboard/sign-in"
# No script at all; styles and images from the service itself; forms post only to it.
HEADERS = {
    "Content-Security-Policy": "default-src 'none'; style-src 'self'; img-src 'self' data:; "
                               "form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "Cache-Control": "no-store",
}


def templates() -> Jinja2Templates:
    return Jinja2Templates(directory=HERE / "templates")


def language(request: Request) -> Language:
    """``lang`` when the request names one, else the browser's first preference, else Finnish."""
    asked = request.query_params.get("lang")
    if asked in LANGUAGES:
        return asked  # type: ignore[return-value]
    for part in request.headers.get("accept-language", "").split(","):
        code = part.split(";")[0].strip().lower()[:2]
        if code in LANGUAGES:
            return code  # type: ignore[return-value]
    return "fi"


def wants_html(request: Request) -> bool:
    return "text/html" in request.headers.get("accept", "")


def render(request: Request, name: str, context: dict[str, Any], status: int = 200) -> Response:
    lang = context.get("lang") or language(request)
    switch = {code: "?" + urlencode([(k, v) for k, v in request.query_params.multi_items() if k != "lang"]
                                    + [("lang", code)]) for code in LANGUAGES}
    page = request.app.state.dashboard_templates.TemplateResponse(
        request, name, {"lang": lang, "t": lambda key, **v: text(key, lang, **v), "switch": switch}
        | context, status_code=status)
    page.headers.update(HEADERS)
    return page


def error_page(request: Request, error: ApiError) -> Response:
    if error.status == 401:
        back = request.url.path + (f"?{request.url.query}" if request.url.query else "")
        answer = RedirectResponse(f"{SIGN_IN}?lang={language(request)}&next={quote(back, safe='')}", 303)
        answer.headers.update(HEADERS)
        return answer
    heading = f"error_{error.status}" if f"error_{error.status}" in _HEADINGS else "error"
    return render(request, "error.html", {"error": error, "heading": heading}, status=error.status)


_HEADINGS = {"error_401", "error_403", "error_404", "error_422"}


class PageRoute(APIRoute):
    """A route whose refusals a browser sees as a page (or the sign-in form, for 401)."""

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        handler = super().get_route_handler()

        async def page(request: Request) -> Response:
            try:
                answer = await handler(request)
            except ApiError as exc:
                if not wants_html(request):
                    raise
                return error_page(request, exc)
            except RequestValidationError as exc:
                if not wants_html(request):
                    raise
                fields = [FieldError(str(e["loc"][-1]), str(e.get("msg", "invalid"))) for e in exc.errors()]
                return error_page(request, ApiError(422, "invalid_request", "the request has invalid fields",
                                                    fields))
            for name, value in HEADERS.items():
                answer.headers.setdefault(name, value)
            return answer

        return page
