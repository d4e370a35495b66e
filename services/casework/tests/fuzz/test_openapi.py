"""schemathesis against casework's OpenAPI document, with every check, in process.

The fuzzer's token (sub ``fuzzer``) is the responsible worker of one client, whose plan,
kuty period and referral exist, so that half of the generated requests reach past
"not found" and "not your client" into the rules themselves.
"""

from datetime import date
from uuid import uuid4

from kohtaamo.casework.application import commands as c
from kohtaamo.casework.application import kuty_commands as k
from kohtaamo.casework.bootstrap import create_app
from kohtaamo.casework.domain.kuty import KutyContract
from kohtaamo.casework.domain.plan import Goal, PlanTerms
from kohtaamo.casework.domain.referral import Referral
from kohtaamo.casework.settings import CaseworkSettings
from kohtaamo.contracts import examples
from kohtaamo.servicekit.fuzzing.openapi import fuzz_openapi
from kohtaamo.servicekit.messages import Source

CASEWORKER, TEAM_LEAD, MANAGER, DPO = "caseworker", "team_lead", "manager", "data_protection_officer"
C, W = "/clients/{client_id}", "/clients/{client_id}/work-activities/{work_activity_id}"
ROLES = {
    "GET /workers/me": CASEWORKER,
    f"POST {C}/responsible-worker": TEAM_LEAD,
    "GET /caseloads/workers/{worker_id}": MANAGER,
    "GET /caseloads/team": TEAM_LEAD,
    "GET /caseloads/without-worker": MANAGER,
    "GET /caseloads/overdue-reviews": MANAGER,
    f"GET {C}": MANAGER,
    f"POST {C}/appointments": CASEWORKER,
    f"GET {C}/appointments": CASEWORKER,
    f"POST {C}/referrals": CASEWORKER,
    f"POST {C}/referrals/{{referral_id}}/outcomes": CASEWORKER,
    f"POST {C}/services": CASEWORKER,
    f"POST {C}/transitions": CASEWORKER,
    f"POST {C}/relationship-end": CASEWORKER,
    f"POST {C}/plans": CASEWORKER,
    f"GET {C}/plans": CASEWORKER,
    f"POST {C}/plans/{{plan_id}}/reviews": CASEWORKER,
    f"POST {C}/work-activity-contracts": CASEWORKER,
    f"POST {C}/work-activities": CASEWORKER,
    f"POST {W}/attendance": CASEWORKER,
    f"POST {W}/absences": CASEWORKER,
    f"POST {W}/mid-review": CASEWORKER,
    f"POST {W}/end": CASEWORKER,
    f"GET {W}": CASEWORKER,
    f"GET {C}/access-log": DPO,
}

REGISTERED = date(2000, 1, 1)


def a_client_of_the_fuzzer(app) -> dict[str, list[str]]:
    casework = app.state.casework
    client_id = uuid4()
    casework.intake_facts.apply(examples.envelope(
        examples.client_registered(client_id=client_id, registered_on=REGISTERED), event_id=uuid4(),
        organisation_id="091"), Source("intake.clients", 0, 0))
    fuzzer = casework.worker_ids.staff(sub="fuzzer", roles=frozenset({CASEWORKER}), organisation_id="091", team=None)
    casework.workers.assign(fuzzer, c.AssignWorker(client_id, None, "SOCIAL_WORKER", "OWN_WORKER", "AREA", REGISTERED))
    plan = PlanTerms(uuid4(), "WORK_ACTIVITY_PLAN", REGISTERED, ["SOCIAL_WORKER"], date(2000, 12, 31),
                     goals=[Goal(uuid4(), "WORK")])
    casework.plans.agree(fuzzer, c.AgreePlan(client_id, plan))
    contract = KutyContract(uuid4(), plan.plan_id, uuid4(), "NGO", "GROUP", REGISTERED, REGISTERED,
                            date(2030, 12, 31), 5, 8)
    casework.work_activities.sign(fuzzer, k.SignContract(client_id, contract))
    period = casework.work_activities.start(fuzzer, k.StartWorkActivity(client_id, contract.contract_id, REGISTERED))
    referral = casework.client_work.refer(fuzzer, c.MakeReferral(client_id, Referral(
        uuid4(), REGISTERED, "SOCIAL_WORKER", "KELA", "REHABILITATION", "STATUTORY")))
    return {"path.client_id": [str(client_id)], "path.work_activity_id": [str(period)],
            "path.plan_id": [str(plan.plan_id)], "path.referral_id": [str(referral.referral_id)],
            "path.worker_id": [str(fuzzer.worker_id)]}


def test_casework_answers_as_its_openapi_document_says():
    app = create_app(CaseworkSettings(database_url="memory://"), kafka=False)

    failures = fuzz_openapi(
        app, auth=CaseworkSettings().auth, roles=ROLES, refuses_valid_looking_input=CROSS_FIELD_RULES,
        dates_since=REGISTERED, known_values=a_client_of_the_fuzzer(app),
    )

    assert not failures, f"{len(failures)} failures:\n\n" + "\n\n".join(failures)


# Rules JSON Schema cannot state: the fields each operation may refuse in input that fits.
AFTER_REGISTRATION = "not before the client's registration"
OF_THE_CLIENT = "an id of this client's"
CROSS_FIELD_RULES: dict[str, dict[str, str]] = {
    f"POST {C}/responsible-worker": {
        "assigned_on": f"{AFTER_REGISTRATION}, nor before the current assignment",
        "worker_id": "not the current worker",
        "reassignment_reason": "given exactly when another worker is replaced",
    },
    f"POST {C}/appointments": {"held_on": AFTER_REGISTRATION, "channel": "fits the kind (a home visit is face to face)"},
    f"POST {C}/referrals": {"referred_on": AFTER_REGISTRATION,
                            "consent_id": f"given only under CONSENT; {OF_THE_CLIENT}"},
    f"POST {C}/referrals/{{referral_id}}/outcomes": {"outcome_on": "not before the referral or its last outcome"},
    f"POST {C}/services": {"provided_on": AFTER_REGISTRATION},
    f"POST {C}/transitions": {"transition_on": AFTER_REGISTRATION, "work_activity_id": OF_THE_CLIENT},
    f"POST {C}/relationship-end": {"ended_on": "not before the latest date in the file",
                                   "final_plan_id": OF_THE_CLIENT},
    f"POST {C}/plans": {
        "agreed_on": f"{AFTER_REGISTRATION}, nor before the plan it supersedes",
        "review_due_on": "after agreed_on, at most a year after it",
        "consent_id": f"{OF_THE_CLIENT}, in force on agreed_on",
        "supersedes_plan_id": OF_THE_CLIENT,
    },
    f"POST {C}/plans/{{plan_id}}/reviews": {
        "reviewed_on": f"{AFTER_REGISTRATION}, nor before the plan's last date",
        "next_review_due_on": "after reviewed_on, at most a year after it",
        "goal_attainment": "the plan's goals, each once",
    },
    f"POST {C}/work-activity-contracts": {
        "signed_on": AFTER_REGISTRATION,
        "plan_id": "a WORK_ACTIVITY_PLAN of this client's",
        "planned_end_on": "not before planned_start_on",
        "mid_review_due_on": "within the planned period",
    },
    f"POST {C}/work-activities": {
        "contract_id": OF_THE_CLIENT, "started_on": "not before signing nor after the planned end",
        "activation_plan_id": "an ACTIVATION_PLAN of this client's", "is_continuation_of": OF_THE_CLIENT,
    },
    f"POST {W}/attendance": {
        "period_start": "within the period", "period_end": "within the period, not before period_start",
        "days_attended": "at most the contract's days a week", "hours_attended": "at most its hours a day",
    },
    f"POST {W}/absences": {
        "absent_from": "within the period", "absent_until": "within the period, not before absent_from",
        "reported_by_client_at": "none when unreported; not in the future",
        "counsellor_notified_at": "after the client's report; not in the future",
        "te_office_notified_at": "after the counsellor was told; not in the future",
    },
    f"POST {W}/mid-review": {"reviewed_on": "within the period", "next_review_due_on": "after reviewed_on"},
    f"POST {W}/end": {
        "ended_on": "not before the start nor the latest record, not after the planned end",
        "end_reasons": "an interruption is not a planned end",
        "follow_up_plan_id": "a FOLLOW_UP_PLAN of this client's",
    },
}
