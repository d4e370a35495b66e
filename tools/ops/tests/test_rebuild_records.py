"""What a rebuild cannot recreate from the topics follows it: a publication closed before
the switch is still read, reproduced and exported after it and after the cleanup, and the
bi views read the new read model."""

from __future__ import annotations

import json
from datetime import date

import asyncpg
import pytest

from kohtaamo.servicekit.auth import issue_token

from .conftest import PROJECT, caught_up

pytestmark = [pytest.mark.kafka, pytest.mark.postgres]

# The schemas a bi view reads its tables from.
READ_BY_BI = """
SELECT DISTINCT n.nspname FROM pg_depend d
JOIN pg_rewrite r ON r.oid = d.objid
JOIN pg_class v ON v.oid = r.ev_class
JOIN pg_class t ON t.oid = d.refobjid AND t.oid <> v.oid
JOIN pg_namespace n ON n.oid = t.relnamespace
WHERE v.relnamespace = $1::text::regnamespace AND n.nspname <> $1::text
"""


async def test_a_publication_and_the_bi_views_follow_the_switch_and_the_cleanup(
    start_reporting, reporting_settings, publish, kohtaamo, eventually, stack
):
    token = issue_token(reporting_settings.auth, sub="pm", roles=["project_manager"], org="091",
                        projects=[PROJECT])
    headers = {"Authorization": f"Bearer {token}"}
    bi, own = reporting_settings.bi_schema_name, reporting_settings.database_schema
    async with start_reporting() as reporting:
        await publish(6, registered_on=date(2020, 3, 1))
        await eventually(lambda: caught_up(reporting))
        closed = await reporting.state.http.post(f"/periods/{PROJECT}/close", json={"period": "2020"},
                                                 headers=headers)
        assert closed.status_code == 201, closed.text
        url = f"/publications/{closed.json()['publication_id']}"

        result = await kohtaamo("rebuild", "reporting", "--json")
        assert result.exit_code == 0, result.output
        assert json.loads(result.stdout)["switched"]
        await eventually(lambda: reporting.state.read_model.generation == 1)

        read = await reporting.state.http.get(url, headers=headers)
        again = await reporting.state.http.get(f"{url}/reproduction", headers=headers)
        assert read.status_code == 200
        assert read.json()["figures"] == closed.json()["figures"]  # no correction either
        assert again.json()["reproduced"] is True  # the same log positions, in the new facts

        cleaned = await kohtaamo("rebuild", "cleanup")
        assert cleaned.exit_code == 0, cleaned.output
        exported = await reporting.state.http.get(f"{url}/report.xlsx", headers=headers)
        assert exported.status_code == 200
        conn = await asyncpg.connect(stack.database_url)
        try:
            read_by_bi = {r["nspname"] for r in await conn.fetch(READ_BY_BI, bi)}
            published = await conn.fetchval(f'SELECT count(*) FROM "{bi}".publications')
        finally:
            await conn.close()

    assert read_by_bi == {f"{own}_rebuild_1"}
    assert published == 1
