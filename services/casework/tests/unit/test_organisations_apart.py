"""Whatever one organisation recorded in casework, a member of another organisation holding
the same role can neither read nor change it (404), and nothing is stored."""

from datetime import date
from uuid import uuid4

from kohtaamo.contracts import examples
from kohtaamo.servicekit.testing import last_notification
from kohtaamo.servicekit.testing.organisations import Call, Scenario, trespass, unreplayed

from ..conftest import ORG, deliver_to
from .test_http_api import CONTRACT, KUTY_PLAN, REFERRAL, VISIT, WORKER

OTHER = "837" if ORG != "837" else "091"
CW = "caseworker"


async def test_another_organisation_neither_reads_nor_changes_caseworks_records(api, opened, token):
    # Given a client of one organisation, with every kind of record casework keeps
    a = Scenario(api, lambda role, org: token(role, org=org), ORG)
    client = opened()
    a.own(client)
    consent = uuid4()
    deliver_to(api, examples.consent_recorded(client_id=client, consent_id=consent, parties=["UNEMPLOYED_NURSE"],
                                              purposes=["REFERRAL"], given_on=date(2016, 3, 1), valid_until=None))
    base = f"/clients/{client}"
    assigned = await a.do(Call("POST /clients/{client_id}/responsible-worker", f"{base}/responsible-worker",
                               CW, WORKER))
    me = await a.do(Call("GET /workers/me", "/workers/me", CW))
    await a.do(Call("GET /caseloads/workers/{worker_id}", f"/caseloads/workers/{me['worker_id']}", CW,
                    filtered=True))
    await a.do(Call("GET /caseloads/team", "/caseloads/team", "team_lead"))
    await a.do(Call("GET /caseloads/without-worker", "/caseloads/without-worker", "manager"))
    await a.do(Call("GET /caseloads/overdue-reviews", "/caseloads/overdue-reviews", CW,
                    params={"as_of": "2017-01-01"}))
    await a.do(Call("GET /clients/{client_id}", base, "manager"))
    await a.do(Call("POST /clients/{client_id}/appointments", f"{base}/appointments", CW, VISIT))
    await a.do(Call("GET /clients/{client_id}/appointments", f"{base}/appointments", CW,
                    params={"purpose": "CLIENT_WORK"}))
    referral = await a.do(Call("POST /clients/{client_id}/referrals", f"{base}/referrals", CW, REFERRAL))
    await a.do(Call("POST /clients/{client_id}/referrals/{referral_id}/outcomes",
                    f"{base}/referrals/{referral['referral_id']}/outcomes", CW,
                    {"outcome": "ACCEPTED", "outcome_on": "2016-04-05"}))
    await a.do(Call("POST /clients/{client_id}/services", f"{base}/services", CW, {
        "service_type": "INDIVIDUAL_COACHING", "provider": "OWN_ORGANISATION", "provided_on": "2016-04-02",
        "quantity": 1, "unit": "SESSION"}))
    plan = await a.do(Call("POST /clients/{client_id}/plans", f"{base}/plans", CW, KUTY_PLAN))
    await a.do(Call("GET /clients/{client_id}/plans", f"{base}/plans", CW, params={"purpose": "CLIENT_PLAN"}))
    await a.do(Call("POST /clients/{client_id}/plans/{plan_id}/reviews", f"{base}/plans/{plan['id']}/reviews",
                    CW, {"reviewed_on": "2016-03-25", "review_type": "REGULAR", "measures_changed": False}))
    signed = await a.do(Call("POST /clients/{client_id}/work-activity-contracts", f"{base}/work-activity-contracts",
                             CW, {**CONTRACT, "plan_id": plan["id"]}))
    await a.do(Call("POST /clients/{client_id}/work-activities", f"{base}/work-activities", CW,
                    {"contract_id": signed["contract_id"], "started_on": "2016-04-04"}))
    period = f"{base}/work-activities/{signed['work_activity_id']}"
    operation = "/clients/{client_id}/work-activities/{work_activity_id}"
    await a.do(Call(f"POST {operation}/attendance", f"{period}/attendance", CW, {
        "period_start": "2016-04-04", "period_end": "2016-04-10", "days_attended": 2, "hours_attended": 8,
        "recorded_by_role": "KUTY_ORGANISER_REP"}))
    await a.do(Call(f"POST {operation}/absences", f"{period}/absences", CW,
                    {"absent_from": "2016-04-11", "absent_until": "2016-04-12", "category": "SICKNESS"}))
    await a.do(Call(f"POST {operation}/mid-review", f"{period}/mid-review", CW, {
        "reviewed_on": "2016-05-16", "feedback_given": True, "self_assessment_done": True,
        "goals_reviewed": True, "decision": "CONTINUE"}))
    await a.do(Call(f"GET {operation}", period, CW, params={"purpose": "WORK_ACTIVITY"}))
    await a.do(Call(f"POST {operation}/end", f"{period}/end", CW, {
        "ended_on": "2016-06-30", "end_type": "COMPLETED", "end_reasons": ["CLIENT_DECISION"],
        "end_evaluation_done": True, "self_assessment_done": True}))
    await a.do(Call("POST /clients/{client_id}/transitions", f"{base}/transitions", CW,
                    {"transition_on": "2016-07-01", "destination": "OPEN_EMPLOYMENT", "source": "KUTY_END"}))
    await a.do(Call("GET /clients/{client_id}/access-log", f"{base}/access-log", "data_protection_officer"))
    await a.do(Call("POST /clients/{client_id}/relationship-end", f"{base}/relationship-end", CW,
                    {"ended_on": "2016-07-02", "reason": "GOALS_MET"}))
    assert assigned is not None

    # When a member of another organisation makes every one of those calls
    problems = await trespass(a, OTHER, stored=lambda: last_notification(api.app.state.casework.store))

    # Then none reached the first organisation's records, and every route was tried
    assert not problems, "\n".join(problems)
    assert not unreplayed(api.app.openapi(), a.calls)
