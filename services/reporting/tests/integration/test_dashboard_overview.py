"""The dashboard's figures are the published figures, from one snapshot, with progress
over the window as figures of the API's own periods."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from kohtaamo.contracts import examples as ex
from kohtaamo.reporting.application import periods
from kohtaamo.reporting.application.dashboard import overview
from kohtaamo.reporting.application.evaluation import Scope
from kohtaamo.reporting.application.publication import publish

from ..conftest import LATER, PROJECT

pytestmark = pytest.mark.postgres


@pytest.fixture
async def programme(scenario):
    """Clients registered in three quarters, most with a qualifying service."""
    for quarter_start, n in ((date(2015, 10, 5), 6), (date(2016, 1, 12), 7), (date(2016, 4, 20), 9)):
        for k in range(n):
            client = scenario.client(quarter_start)
            if k % 3:
                scenario.add(ex.service_provided(client_id=client, service_episode_id=ex.uid(f"{client}"),
                                                 provided_on=quarter_start, service_type="GROUP_COACHING"))
    await scenario.apply()


def _scope(pack) -> Scope:
    project = pack.projects[PROJECT]
    return Scope(project, project.organisations)


async def test_every_card_and_table_is_the_published_figure_for_the_same_parameters(programme, engine, pack):
    scope = _scope(pack)
    window = periods.parse("window", None, None, scope.project.window)

    shown = await overview(engine, scope, window, LATER)

    assert list(shown.figures) == [c for c in pack.indicators if c != "work-activity-attendance"]
    for code, published in shown.figures.items():
        assert published == publish(await engine.evaluate(code, scope, window, LATER)), code
    assert shown.figures["clients-registered"]["value"] == 22


async def test_progress_to_a_whole_window_target_climbs_from_the_window_start(programme, engine, pack):
    scope = _scope(pack)
    window = periods.parse("window", None, None, scope.project.window)

    shown = await overview(engine, scope, window, LATER)

    clients = next(p for p in shown.progress if p.code == "clients-registered")
    assert clients.cumulative
    assert {p.period.start for p in clients.points} == {date(2015, 9, 1)}
    assert [p.figure["value"] for p in clients.points[:4]] == [0, 6, 13, 22]  # 2015Q3 has none
    last = clients.points[-1]
    assert (last.period.start, last.period.end) == scope.project.window
    assert last.figure == shown.figures["clients-registered"]


async def test_progress_of_a_share_is_each_quarter_as_the_api_names_it(programme, engine, pack):
    scope = _scope(pack)
    window = periods.parse("window", None, None, scope.project.window)

    shown = await overview(engine, scope, window, LATER, step="quarter")

    share = next(p for p in shown.progress if p.code == "capability-service-share")
    assert not share.cumulative
    assert [p.period.name for p in share.points[:3]] == ["2015Q3", "2015Q4", "2016Q1"]
    q1 = periods.parse("2016Q1", None, None, scope.project.window)
    assert share.points[2].figure == publish(await engine.evaluate("capability-service-share", scope, q1, LATER))
    assert {p.code for p in shown.progress} == {c for c, v in pack.indicators.items() if v.definition.target}


async def test_progress_stops_at_the_as_of_day_and_counts_only_what_was_recorded_by_then(
        programme, engine, pack):
    scope = _scope(pack)
    window = periods.parse("window", None, None, scope.project.window)
    then = datetime(2016, 2, 15, 12, tzinfo=UTC)

    shown = await overview(engine, scope, window, then, step="month")

    clients = next(p for p in shown.progress if p.code == "clients-registered")
    assert clients.points[-1].period.end == date(2016, 2, 29)
    assert len(clients.points) == 6  # 2015-09 … 2016-02
    assert clients.points[-1].figure["value"] == 13
    assert shown.figures["clients-registered"]["value"] == 13
