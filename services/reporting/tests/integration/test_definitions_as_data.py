"""Definitions are data: a changed file changes figure and version; a bad one stops start."""

from __future__ import annotations

import shutil
from importlib import resources
from datetime import date

import pytest

from kohtaamo.contracts import examples
from kohtaamo.reporting.adapters.figures_sql import FactsReader
from kohtaamo.reporting.application.engine import Engine
from kohtaamo.reporting.application.pack import PackError, load_pack, packaged
from kohtaamo.reporting.bootstrap import create_app
from kohtaamo.reporting.settings import ReportingSettings


@pytest.fixture
def pack_copy(tmp_path):
    folder = tmp_path / "pack"
    with resources.as_file(packaged()) as shipped:
        shutil.copytree(shipped, folder)
    return folder


def edit(folder, name, old, new):
    file = folder / "indicators" / name
    text = file.read_text()
    assert old in text
    file.write_text(text.replace(old, new))


@pytest.mark.postgres
async def test_a_code_list_changed_in_the_file_changes_the_figure_and_the_version(
    scenario, figure, store, pack, pack_copy
):
    clients = [scenario.client(date(2016, 1, 5)) for _ in range(10)]
    for client in clients[:6]:
        scenario.add(examples.service_provided(client_id=client, provided_on=date(2016, 2, 1),
                                               service_type="INDIVIDUAL_COACHING"))
    for client in clients[6:]:
        scenario.add(examples.service_provided(client_id=client, provided_on=date(2016, 2, 1),
                                               service_type="ERRAND_HELP"))
    await scenario.apply()
    edit(pack_copy, "02-capability-service-share.yaml", "DAY_ACTIVITY, WORK_TRIAL]",
         "DAY_ACTIVITY, WORK_TRIAL, ERRAND_HELP]")
    changed = Engine(load_pack(pack_copy), FactsReader(store.pool))

    before, _ = await figure("capability-service-share", "2016Q1")
    after, _ = await figure("capability-service-share", "2016Q1", using=changed)

    assert (before.value, after.value) == ("60.0", "100.0")
    assert before.indicator.version != after.indicator.version


def test_the_version_is_the_hash_of_the_meaning_not_of_the_layout(pack, pack_copy):
    edit(pack_copy, "01-clients-registered.yaml", "kind: client_count", "# a comment\nkind:   client_count")

    assert load_pack(pack_copy).indicators["clients-registered"].version == \
        pack.indicators["clients-registered"].version


def test_a_new_indicator_of_an_existing_kind_needs_only_a_file(pack_copy):
    (pack_copy / "indicators" / "12-health-checks.yaml").write_text("""
code: health-check-share
title: {fi: "Terveystarkastuksen saaneet", en: "Clients with a health check"}
description: {fi: "Osuus", en: "Share"}
kind: client_share
population: {base: active_in_period}
qualifying:
  window: in_period
  events: [{event: ServiceProvided, codes: [HEALTH_CHECK]}]
""")

    assert load_pack(pack_copy).indicators["health-check-share"].definition.kind == "client_share"


@pytest.mark.parametrize(("file", "old", "new", "message"), [
    ("02-capability-service-share.yaml", "HEALTH_CHECK,", "HEALTH_CHEK,",
     "02-capability-service-share.yaml: qualifying.events[0]: not ServiceType codes: HEALTH_CHEK"),
    ("05-plan-coverage.yaml", "min_days_registered: 30", "min_days_registered: -1",
     "05-plan-coverage.yaml: population.min_days_registered: Input should be greater than or equal to 1"),
    ("03-transitions.yaml", "where: {continuation: false}", "where: {attended: false}",
     "03-transitions.yaml: qualifying.events[1]: WorkActivityStarted can only be filtered by continuation"),
    ("06-plan-review-on-time.yaml", "days: 365", "weeks: 52",
     "06-plan-review-on-time.yaml: qualifying.weeks: Extra inputs are not permitted"),
    ("01-clients-registered.yaml", "kind: client_count", "kind: [oops",
     "01-clients-registered.yaml: not valid YAML"),
])
def test_an_invalid_definition_stops_reporting_at_start_naming_file_field_and_reason(
    pack_copy, file, old, new, message
):
    edit(pack_copy, file, old, new)

    with pytest.raises(PackError) as refused:
        create_app(ReportingSettings(pack_dir=pack_copy))

    assert str(refused.value).startswith(message)


def test_two_files_with_one_code_are_refused(pack_copy):
    shutil.copy(pack_copy / "indicators" / "03-transitions.yaml", pack_copy / "indicators" / "99-again.yaml")

    with pytest.raises(PackError, match="99-again.yaml: code: 'transitions' is also defined in 03-transitions.yaml"):
        load_pack(pack_copy)
