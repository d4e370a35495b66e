"""What one service instance measures and traces with: its metrics and its tracer.

Built once per app in the composition root (``Observability.for_service``) and handed to
``kafka.build_broker`` and ``http.create_api``. The broker carries it (``of_broker``), so
the consumer helpers and the relay, which are given the broker, count into the same
registry without another parameter at every call site.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from opentelemetry import trace
from opentelemetry.sdk.trace import TracerProvider

from .metrics import Metrics
from .settings import TelemetrySettings
from .tracing import provider_for, tracer

_ATTRIBUTE = "kohtaamo_observability"


@dataclass
class Observability:
    service: str
    metrics: Metrics = field(init=False)
    tracer_provider: TracerProvider | None = None

    def __post_init__(self) -> None:
        self.metrics = Metrics(self.service)

    @classmethod
    def for_service(cls, service: str, settings: TelemetrySettings) -> Observability:
        return cls(service, tracer_provider=provider_for(service, settings))

    @property
    def tracer(self) -> trace.Tracer:
        return tracer(self.tracer_provider)

    def close(self) -> None:
        """Export what spans are left (the batch processor holds some back)."""
        if self.tracer_provider is not None:
            self.tracer_provider.shutdown()


def attach(broker: Any, observability: Observability) -> None:
    setattr(broker, _ATTRIBUTE, observability)


def of_broker(broker: Any) -> Observability:
    """The observability the broker was built with (a metrics-only one if none was)."""
    found = getattr(broker, _ATTRIBUTE, None)
    if found is None:
        found = Observability("unnamed")
        attach(broker, found)
    return found
