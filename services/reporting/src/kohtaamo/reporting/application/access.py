"""Who sees which part of which project (issue 10, item 6).

- ``manager``: their own organisation's part of a project their organisation runs;
- ``project_manager`` or ``analyst`` with the project in the token's ``projects`` claim:
  the whole project, across the organisations that run it;
- anyone else, an unknown project, or a project the caller has no part in: not found
  (404, the same answer as for a project that does not exist: no existence leak).
"""

from __future__ import annotations

from collections.abc import Iterable

from .evaluation import Scope
from .pack import Project

READERS = ("manager", "project_manager", "analyst")
PROJECT_WIDE = ("project_manager", "analyst")


class NotVisible(LookupError):
    """The caller may not see this project (or organisation): answered as not found."""


def scope_for(roles: Iterable[str], org: str, projects: Iterable[str], project: Project | None,
              organisation: str | None = None) -> Scope:
    roles, projects = set(roles), set(projects)
    if project is None:
        raise NotVisible("no such project")
    if roles & set(PROJECT_WIDE) and project.id in projects:
        visible = project.organisations
    elif "manager" in roles and org in project.organisations:
        visible = (org,)
    else:
        raise NotVisible("no such project")
    if organisation is not None:
        if organisation not in visible:
            raise NotVisible("no such organisation in the project")
        visible = (organisation,)
    return Scope(project, tuple(visible))


def visible_projects(roles: Iterable[str], org: str, projects: Iterable[str],
                     known: Iterable[Project]) -> list[Project]:
    """The projects the caller can see any part of, in the order given."""
    visible = []
    for project in known:
        try:
            scope_for(roles, org, projects, project)
        except NotVisible:
            continue
        visible.append(project)
    return visible
