"""The indicator pack and the projects, read from their files once at start.

``pack/indicators/*.yaml`` holds one definition a file (schema in ``definitions``);
``pack/projects.yaml`` the projects: id, titles, window, the organisations that run it.
An invalid file raises ``PackError`` naming the file, the field and the reason.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import Any, Self

import yaml
from pydantic import Field, TypeAdapter, ValidationError, model_validator

from .definitions import Definition, Strict, Text, version_of


class PackError(Exception):
    """An indicator or project file that reporting cannot start with."""


class Project(Strict):
    id: str = Field(min_length=1)
    title: Text
    window_start: date
    window_end: date
    organisations: tuple[str, ...] = Field(min_length=1)

    @model_validator(mode="after")
    def _window_in_order(self) -> Self:
        if self.window_end < self.window_start:
            raise ValueError("window_end is before window_start")
        return self

    @property
    def window(self) -> tuple[date, date]:
        return self.window_start, self.window_end


@dataclass(frozen=True)
class Versioned:
    definition: Any  # one of the Definition models
    version: str
    file: str


@dataclass(frozen=True)
class Pack:
    indicators: dict[str, Versioned]  # by code, in file-name order
    projects: dict[str, Project]


_DEFINITION = TypeAdapter(Definition)
_PROJECTS = TypeAdapter(list[Project])


def packaged() -> Traversable:
    """The pack shipped in the package (``kohtaamo/reporting/pack``)."""
    return resources.files("kohtaamo.reporting").joinpath("pack")


def load_pack(folder: Path | Traversable | None = None) -> Pack:
    root = folder if folder is not None else packaged()
    indicators: dict[str, Versioned] = {}
    files = sorted((f for f in root.joinpath("indicators").iterdir() if f.name.endswith(".yaml")),
                   key=lambda f: f.name)
    if not files:
        raise PackError(f"{root}/indicators: no indicator definitions (*.yaml)")
    for file in files:
        definition = _validated(_DEFINITION, file)
        if definition.code in indicators:
            raise PackError(f"{file.name}: code: '{definition.code}' is also defined in "
                            f"{indicators[definition.code].file}")
        indicators[definition.code] = Versioned(definition, version_of(definition), file.name)
    projects_file = root.joinpath("projects.yaml")
    projects = {p.id: p for p in _validated(_PROJECTS, projects_file)}
    return Pack(indicators, projects)


def restored(definition: dict[str, Any], version: str, file: str) -> Versioned:
    """A definition as a publication stored it, checked to be the version it names."""
    try:
        parsed = _DEFINITION.validate_python(definition)
    except ValidationError as exc:
        raise PackError(f"{file}: a stored definition no longer validates: {exc}") from None
    if version_of(parsed) != version:
        raise PackError(f"{file}: the stored definition is not version {version}")
    return Versioned(parsed, version, file)


def _validated(adapter: TypeAdapter[Any], file: Traversable) -> Any:
    try:
        data = yaml.safe_load(file.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise PackError(f"{file.name}: missing") from None
    except yaml.YAMLError as exc:
        raise PackError(f"{file.name}: not valid YAML: {exc}") from None
    try:
        return adapter.validate_python(data)
    except ValidationError as exc:
        problems = "; ".join(f"{_where(e['loc'])}: {e['msg'].removeprefix('Value error, ')}"
                             for e in exc.errors())
        raise PackError(f"{file.name}: {problems}") from None


_KINDS = {"client_count", "client_share", "cross_tab", "monthly_sums", "client_monthly_attendance"}


def _where(loc: tuple[Any, ...]) -> str:
    # ("client_share", "qualifying", "events", 0, "codes") -> qualifying.events[0].codes
    parts: list[str] = []
    for i, part in enumerate(loc):
        if i == 0 and part in _KINDS:
            continue  # the discriminator's branch, not a field
        if isinstance(part, int):
            parts.append(f"[{part}]")
        else:
            parts.append(("." if parts else "") + str(part))
    return "".join(parts) or "(file)"
