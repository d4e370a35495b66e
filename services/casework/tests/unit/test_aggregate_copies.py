"""The aggregate cache's copy of a file or kuty period (``CopiedByContainers``): new
containers, the same immutable values; changing the copy leaves the cached one as it was."""

from __future__ import annotations

import copy
from datetime import date
from uuid import uuid4

import pytest

from kohtaamo.casework.application import commands as c
from kohtaamo.casework.application.casework import Casework
from kohtaamo.casework.domain.errors import CaseworkError
from kohtaamo.casework.domain.plan import PlanTerms
from kohtaamo.casework.domain.service_delivery import ServiceDelivery
from kohtaamo.contracts import examples
from kohtaamo.servicekit.eventstore import eventsourcing_env
from kohtaamo.servicekit.messages import Source

from ..fakes import MemoryVault
from ..immutability import mutable_parts

ORG = "091"


def service(on: date) -> ServiceDelivery:
    return ServiceDelivery(uuid4(), "INDIVIDUAL_COACHING", "OWN_ORGANISATION", on, 1, "SESSION")


@pytest.fixture
def cached() -> Casework:
    """Casework as deployed: client files and kuty periods kept in the aggregate cache."""
    return Casework.create(eventsourcing_env("memory://", aggregate_cache=100), vault=MemoryVault(),
                           worker_pepper="pepper-for-unit-tests", today=lambda: date(2026, 12, 1))


def test_a_copy_has_new_containers_and_shares_the_values(casework, own_client, staff):
    # given a file with a plan and a service
    client_id = own_client()
    casework.plans.agree(staff(), c.AgreePlan(client_id, PlanTerms(
        uuid4(), "CLIENT_PLAN", date(2016, 3, 20), ["SOCIAL_COUNSELLOR"], date(2017, 3, 1))))
    casework.client_work.record_service(staff(), c.RecordService(client_id, service(date(2016, 4, 1))))
    file = casework.store.file(client_id, ORG)

    # when it is copied and the copy gets another service
    copied = copy.deepcopy(file)
    copied.services[uuid4()] = service(date(2016, 5, 1))

    # then the file is as it was, the copy holds the same plan object, and nothing in either is mutable
    assert len(file.services) == 1 and len(copied.services) == 2
    assert copied.plans == file.plans and copied.plans is not file.plans
    assert all(copied.plans[k] is v for k, v in file.plans.items())
    assert copied.id == file.id and copied.version == file.version
    assert mutable_parts(file) == [] and mutable_parts(copied) == []


def test_commands_through_the_cache_end_as_a_replay_of_the_stored_events(cached):
    # given a client with a worker, in casework with the aggregate cache
    client_id = uuid4()
    cached.intake_facts.apply(examples.envelope(examples.client_registered(
        client_id=client_id, registered_on=date(2016, 3, 1)), event_id=uuid4(), organisation_id=ORG),
        Source("intake.clients", 0, 1))
    staff = cached.worker_ids.staff(sub="cw-1", roles=frozenset({"caseworker"}), organisation_id=ORG, team="t")
    cached.workers.assign(staff, c.AssignWorker(client_id, None, "SOCIAL_COUNSELLOR", "OWN_WORKER", "AREA",
                                                date(2016, 3, 2)))

    # when services are recorded one after another (each reads the cached file's copy), one refused
    for day in (date(2016, 4, 1), date(2016, 4, 8), date(2016, 4, 15)):
        cached.client_work.record_service(staff, c.RecordService(client_id, service(day)))
    with pytest.raises(CaseworkError):  # before the registration
        cached.client_work.record_service(staff, c.RecordService(client_id, service(date(2015, 1, 1))))

    # then the file read through the cache is the file replayed from the store
    through_cache = cached.store.file(client_id, ORG)
    replayed = cached.store.repository.get(client_id, version=through_cache.version)
    assert len(through_cache.services) == 3
    assert vars(through_cache) == vars(replayed)
