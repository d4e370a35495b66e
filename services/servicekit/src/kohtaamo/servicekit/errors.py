"""The one error shape every HTTP API answers with."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class FieldError:
    field: str
    message: str


@dataclass
class ApiError(Exception):
    """Raised by adapters; rendered as ``{"error": {code, message, fields}}``."""

    status: int
    code: str
    message: str
    fields: list[FieldError] = field(default_factory=list)
    extra: dict[str, object] = field(default_factory=dict)

    def body(self) -> dict[str, object]:
        return {
            "error": {
                "code": self.code,
                "message": self.message,
                "fields": [{"field": f.field, "message": f.message} for f in self.fields],
                **self.extra,
            }
        }
