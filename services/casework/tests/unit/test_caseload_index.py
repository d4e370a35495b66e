"""The caseload index: intake's follower writes the open files, commands the assignments and
reviews, never the same aggregate; the lists read both; a cached shard is copied cheaply."""

from __future__ import annotations

import copy
from datetime import date
from uuid import uuid4

from kohtaamo.casework.application import commands as c
from kohtaamo.casework.domain.caseloads import Caseloads, OpenFiles, shard_of
from kohtaamo.casework.domain.plan import Goal, PlanTerms
from kohtaamo.casework.domain.service_delivery import RelationshipEnd
from kohtaamo.contracts import examples
from kohtaamo.servicekit.messages import Item, Source

ORG = "091"


def plan_terms() -> PlanTerms:
    return PlanTerms(plan_id=uuid4(), plan_type="CLIENT_PLAN", agreed_on=date(2016, 3, 10),
                     participant_roles=["SOCIAL_COUNSELLOR"], review_due_on=date(2017, 3, 10),
                     goals=[Goal(uuid4(), "WORK")])


def saved_ids(casework, monkeypatch) -> list:
    """The ids of the aggregates each save of the store writes, in order."""
    writes: list = []
    original = casework.store.save

    def save(*aggregates, **kwargs):
        writes.append({getattr(a, "id", None) or a.originator_id for a in aggregates})
        return original(*aggregates, **kwargs)

    monkeypatch.setattr(casework.store, "save", save)
    return writes


def test_intake_events_and_commands_never_write_the_same_index_aggregate(casework, own_client, staff,
                                                                        monkeypatch):
    # given a client with a worker, and a second client to register in the same shard
    first = own_client()
    second = next(u for u in iter(uuid4, None) if shard_of(u) == shard_of(first))
    writes = saved_ids(casework, monkeypatch)

    # when the registration arrives in a batch and a command agrees the first client's plan
    casework.intake_facts.apply_batch([Item(examples.envelope(examples.client_registered(client_id=second),
                                                              organisation_id=ORG), Source("intake.clients", 0, 9))])
    plan = plan_terms()
    casework.plans.agree(staff(), c.AgreePlan(first, plan, {plan.goals[0].goal_id: "Työkokeilu"}))

    # then the follower wrote the shard of open files, the command the shard of caseloads
    shard = shard_of(first)
    follower, command = writes
    assert OpenFiles.id_for(ORG, shard) in follower and Caseloads.id_for(ORG, shard) not in follower
    assert Caseloads.id_for(ORG, shard) in command and OpenFiles.id_for(ORG, shard) not in command


def test_an_ended_relationship_leaves_the_lists_with_its_plans_review(casework, own_client, staff):
    # given a client with a worker and a plan whose review is overdue
    client_id = own_client()
    plan = plan_terms()
    casework.plans.agree(staff(), c.AgreePlan(client_id, plan, {plan.goals[0].goal_id: "Työkokeilu"}))
    manager = staff("manager", sub="boss")
    assert [r.plan_id for r in casework.workers.overdue_reviews(manager, date(2018, 1, 1))] == [plan.plan_id]

    # when the relationship ends
    casework.client_work.end_relationship(staff(), c.EndRelationship(client_id, RelationshipEnd(date(2017, 6, 1),
                                                                                                "GOALS_MET")))

    # then the client is in no list, and the plan's review is not overdue
    assert casework.workers.caseload(staff(), staff().worker_id) == []
    assert casework.workers.without_worker(manager) == []
    assert casework.workers.overdue_reviews(manager, date(2018, 1, 1)) == []


def test_a_voided_registration_leaves_the_lists_though_its_worker_was_set(casework, own_client, staff, deliver):
    # given a client with a worker and another without
    assigned, unassigned = own_client(), uuid4()
    deliver(examples.client_registered(client_id=unassigned))

    # when both registrations are voided
    for client_id in (assigned, unassigned):
        deliver(examples.client_registration_voided(client_id=client_id, reason="RECORDED_IN_ERROR", duplicate_of=None,
                                                    voided_on=date(2016, 3, 2)))

    # then neither is listed
    assert casework.workers.caseload(staff(), staff().worker_id) == []
    assert casework.workers.without_worker(staff("manager", sub="boss")) == []


def test_a_copy_of_a_shard_changes_apart_from_the_original():
    # given a shard with an assignment and a review
    shard = Caseloads.start(ORG, 3)
    client_id, worker_id = uuid4(), uuid4()
    shard.set_worker(client_id, worker_id, "team-a")
    shard.review_due(uuid4(), client_id, date(2017, 3, 10))
    shard.collect_events()

    # when a copy is changed
    twin = copy.deepcopy(shard)
    twin.set_worker(client_id, uuid4(), "team-b")
    twin.remove(client_id)

    # then the original is as it was, with no pending events, and the copy has its own
    assert shard.clients[str(client_id)] == {"worker_id": worker_id, "team": "team-a"}
    assert len(shard.reviews) == 1 and shard.ended == {} and shard.pending_events == []
    assert twin.ended == {str(client_id): True} and twin.reviews == {} and len(twin.pending_events) == 2
    assert twin.version == shard.version + 2
