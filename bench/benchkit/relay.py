"""The outbox relay catching up on a backlog: intake's event store holds registrations the
relay has not published yet; notifications/s from its store to Kafka's acknowledgement."""

from __future__ import annotations

import asyncio
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import date
from typing import Any

from kohtaamo.intake.application.commands import PersonalDetails, RegisterClient
from kohtaamo.intake.bootstrap import build
from kohtaamo.intake.settings import IntakeSettings
from kohtaamo.servicekit.settings import KafkaSettings

from .commands import ORG, registration
from .stack import Resources


def _register(components: Any, i: int) -> None:
    body = registration(i)
    components.app.registrations.register(RegisterClient(
        organisation_id=ORG, person=PersonalDetails("Bench", body["last_name"],
                                                    body["personal_identity_code"]),
        municipality_code=ORG, referral_source="SELF", registered_on=date(2016, 3, 1),
        project_id="S20397"))


async def catch_up(res: Resources, admin: KafkaSettings, registrations: int) -> dict[str, Any]:
    kafka = admin.model_copy(update={"username": None, "password": None})  # intake's own
    settings = IntakeSettings(database_url=res.database_url, database_schema=await res.schema(),
                              kafka=kafka)
    components = await asyncio.to_thread(build, settings)
    try:
        with ThreadPoolExecutor(8) as pool:  # the backlog, as concurrent staff would leave it
            list(pool.map(lambda i: _register(components, i), range(registrations)))
        await components.broker.start()
        started, cpu = time.perf_counter(), time.process_time()
        published = await components.relay.publish_pending()
        elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu
    finally:
        await components.broker.stop()
        await asyncio.to_thread(components.app.close)
    return {"notifications": published, "per_s": round(published / elapsed, 1),
            "cpu_us_per_notification": round(1e6 * cpu / published, 1)}
