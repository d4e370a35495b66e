"""Responsible workers: who may assign whom, reassignment with a reason, caseload lists."""

from datetime import date
from uuid import uuid4

import pytest

from kohtaamo.casework.application.access import NotPermitted
from kohtaamo.casework.application.commands import AssignWorker
from kohtaamo.casework.domain.errors import ClientNotKnown, Conflict, InvalidCommand


def assign(client_id, worker_id=None, *, on=date(2016, 3, 2), reason=None):
    return AssignWorker(client_id=client_id, worker_id=worker_id, role="SOCIAL_WORKER",
                        worker_model="RESPONSIBLE_WORKER", allocation_basis="AGE", assigned_on=on,
                        reassignment_reason=reason)


def test_a_caseworker_takes_an_unassigned_client_who_leaves_the_no_worker_list(casework, registered, staff):
    client_id, other = registered(), registered()
    me = staff("caseworker", sub="cw-1", team="team-a")

    assignment = casework.workers.assign(me, assign(client_id))

    assert (assignment.worker_id, assignment.team, assignment.replaces_worker_id) == (me.worker_id, "team-a", None)
    assert [e.client_id for e in casework.workers.caseload(me, me.worker_id)] == [client_id]
    assert [e.client_id for e in casework.workers.without_worker(staff("manager"))] == [other]


def test_a_reassignment_records_the_previous_worker_and_needs_a_reason(casework, own_client, staff):
    client_id = own_client()
    lead, colleague = staff("team_lead", sub="lead-1"), staff("caseworker", sub="cw-2")

    with pytest.raises(InvalidCommand, match="reason") as refused:
        casework.workers.assign(lead, assign(client_id, colleague.worker_id, on=date(2017, 1, 2)))
    moved = casework.workers.assign(lead, assign(client_id, colleague.worker_id, on=date(2017, 1, 2),
                                                 reason="WORKER_LEFT"))

    assert refused.value.field == "reassignment_reason"
    assert (moved.worker_id, moved.replaces_worker_id) == (colleague.worker_id, staff().worker_id)
    assert casework.workers.caseload(staff(), staff().worker_id) == []
    assert [e.client_id for e in casework.workers.caseload(colleague, colleague.worker_id)] == [client_id]


def test_the_same_worker_again_is_a_conflict_and_a_reassignment_cannot_predate_the_last(casework, own_client, staff):
    client_id = own_client()
    lead = staff("team_lead", sub="lead-1")

    with pytest.raises(Conflict):
        casework.workers.assign(lead, assign(client_id, staff().worker_id, on=date(2017, 1, 2), reason="OTHER"))
    with pytest.raises(InvalidCommand, match="before the current assignment") as early:
        casework.workers.assign(lead, assign(client_id, uuid4(), on=date(2016, 3, 1), reason="OTHER"))
    assert early.value.field == "assigned_on"


def test_a_caseworker_cannot_take_another_workers_client_nor_assign_someone_to_an_unassigned_one(
    casework, own_client, registered, staff
):
    theirs, free = own_client(), registered()
    other = staff("caseworker", sub="cw-2")

    with pytest.raises(NotPermitted):
        casework.workers.assign(other, assign(theirs, reason="OTHER"))
    with pytest.raises(NotPermitted):
        casework.workers.assign(other, assign(free, uuid4()))


def test_a_team_lead_reassigns_within_their_team_only(casework, own_client, staff):
    client_id = own_client()  # cw-1 of team-a

    with pytest.raises(NotPermitted):
        casework.workers.assign(staff("team_lead", sub="lead-b", team="team-b"),
                                assign(client_id, uuid4(), on=date(2017, 1, 2), reason="WORKLOAD"))


def test_lists_show_each_caller_only_what_they_may_see(casework, own_client, registered, staff):
    mine = own_client()
    b_worker = staff("caseworker", sub="cw-b", team="team-b")
    theirs = registered()
    casework.workers.assign(b_worker, assign(theirs))

    team_a = casework.workers.team_caseload(staff("team_lead", sub="lead-a", team="team-a"))
    manager_view = casework.workers.caseload(staff("manager", sub="boss"), b_worker.worker_id)
    peeking = casework.workers.caseload(staff(), b_worker.worker_id)

    assert [e.client_id for e in team_a] == [mine]
    assert [e.client_id for e in manager_view] == [theirs]
    assert peeking == []


def test_a_future_assignment_date_is_refused_and_another_organisation_is_unknown(casework, registered, staff):
    client_id = registered()

    with pytest.raises(InvalidCommand, match="future"):
        casework.workers.assign(staff(), assign(client_id, on=date(2027, 1, 1)))
    with pytest.raises(ClientNotKnown):
        casework.workers.assign(staff(org="837"), assign(client_id))


def test_worker_ids_are_stable_pseudonyms_per_organisation(casework):
    ids = casework.worker_ids

    assert ids.of("091", "aino.virtanen") == ids.of("091", "aino.virtanen")
    assert ids.of("091", "aino.virtanen") != ids.of("837", "aino.virtanen")
    assert "aino" not in str(ids.of("091", "aino.virtanen"))
