"""Structured logs: one JSON object a line, with the service and the ids of what is going on.

Every record gets ``service``, and whichever apply: ``correlation_id`` and
``causation_id`` (the request's or the consumed event's cause, ``causation.py``),
``event_id`` (the event being applied or published), ``trace_id``/``span_id``. Log calls
name ids and codes only, never personal data (names, identity codes, contact details,
free text); the e2e suite scans the log of a whole run for the people it planted.
Access log lines come from ``http_observability`` (method, route template, status), not
from uvicorn, whose lines would carry paths and query strings.
"""

from __future__ import annotations

import contextlib
import logging
import sys
from collections.abc import Iterator
from contextvars import ContextVar
from typing import IO, Any
from uuid import UUID

from opentelemetry import trace
from pythonjsonlogger.json import JsonFormatter

from . import causation
from .settings import TelemetrySettings

_event: ContextVar[UUID | None] = ContextVar("kohtaamo_log_event", default=None)
_FORMAT = "%(asctime)s %(levelname)s %(name)s %(message)s"


@contextlib.contextmanager
def about_event(event_id: UUID | None) -> Iterator[None]:
    """Name ``event_id`` on every log record written inside the block."""
    token = _event.set(event_id)
    try:
        yield
    finally:
        _event.reset(token)


class ContextFields(logging.Filter):
    """Adds the service and the ids of the current request or event to each record."""

    def __init__(self, service: str) -> None:
        super().__init__()
        self._service = service

    def filter(self, record: logging.LogRecord) -> bool:
        record.service = self._service
        cause = causation.current()
        if cause is not None:
            record.correlation_id = str(cause.correlation_id)
            record.causation_id = str(cause.causation_id)
        event_id = _event.get()
        if event_id is not None:
            record.event_id = str(event_id)
        span = trace.get_current_span().get_span_context()
        if span.is_valid:
            record.trace_id = format(span.trace_id, "032x")
            record.span_id = format(span.span_id, "016x")
        return True


def json_handler(service: str, stream: IO[str] | None = None) -> logging.Handler:
    handler = logging.StreamHandler(stream or sys.stderr)
    handler.setFormatter(JsonFormatter(_FORMAT, rename_fields={"levelname": "level",
                                                                "name": "logger",
                                                                "asctime": "time"}))
    handler.addFilter(ContextFields(service))
    return handler


def configure_logging(service: str, settings: TelemetrySettings) -> None:
    """The process's logging, once, in ``main()``: JSON (default) or text on stderr."""
    if settings.log_format == "json":
        handler = json_handler(service)
    else:
        handler = logging.StreamHandler(sys.stderr)
        handler.setFormatter(logging.Formatter(_FORMAT))
        handler.addFilter(ContextFields(service))
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(settings.log_level.upper())
    # uvicorn's own loggers go through the root handler; its access log is replaced.
    for name in ("uvicorn", "uvicorn.error"):
        logging.getLogger(name).handlers[:] = []
        logging.getLogger(name).propagate = True
    logging.getLogger("uvicorn.access").disabled = True


def uvicorn_options() -> dict[str, Any]:
    """What ``uvicorn.run`` needs so that it keeps the logging configured above."""
    return {"log_config": None, "access_log": False}
