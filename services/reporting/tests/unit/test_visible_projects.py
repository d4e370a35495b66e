from datetime import date

from kohtaamo.reporting.application.access import visible_projects
from kohtaamo.reporting.application.pack import Project


def _project(id_: str, *orgs: str) -> Project:
    return Project(id=id_, title={"fi": id_, "en": id_}, window_start=date(2015, 9, 1),
                   window_end=date(2018, 11, 30), organisations=orgs)


PROJECTS = [_project("S20397", "908", "020"), _project("S99999", "091")]


def test_a_manager_sees_the_projects_their_organisation_runs():
    assert [p.id for p in visible_projects({"manager"}, "020", (), PROJECTS)] == ["S20397"]


def test_a_project_wide_role_sees_the_projects_its_token_names():
    seen = visible_projects({"analyst"}, "837", ("S99999",), PROJECTS)

    assert [p.id for p in seen] == ["S99999"]


def test_no_reporting_role_sees_nothing():
    assert visible_projects({"intake_worker"}, "908", ("S20397",), PROJECTS) == []
