"""The casework API on the in-memory store: the bad-input list (each a 4xx with a message per
field, nothing stored), consent-checked referrals, and organisations kept apart (404)."""

from datetime import date, timedelta
from uuid import uuid4

import pytest

from kohtaamo.contracts import examples
from kohtaamo.servicekit.testing import last_notification

from ..conftest import deliver_to

WORKER = {"role": "SOCIAL_COUNSELLOR", "worker_model": "OWN_WORKER", "allocation_basis": "AREA",
          "assigned_on": "2016-03-02"}
VISIT = {"kind": "HOME_VISIT", "channel": "FACE_TO_FACE", "held_on": "2016-03-15",
         "participant_roles": ["SOCIAL_COUNSELLOR"]}
KUTY_PLAN = {"plan_type": "WORK_ACTIVITY_PLAN", "agreed_on": "2016-03-20", "participant_roles": ["SOCIAL_COUNSELLOR"],
             "review_due_on": "2016-09-20"}
CONTRACT = {"placement_id": str(uuid4()), "organiser_kind": "NGO", "form": "GROUP", "signed_on": "2016-04-01",
            "planned_start_on": "2016-04-04", "planned_end_on": "2016-06-30", "days_per_week": 2,
            "hours_per_day": 4}
REFERRAL = {"referred_on": "2016-04-01", "referring_role": "SOCIAL_COUNSELLOR", "target": "UNEMPLOYED_NURSE",
            "reason": "HEALTH_CHECK", "basis": "CONSENT"}


def store(api):
    return api.app.state.casework.store


@pytest.fixture
async def mine(api, opened, token):
    """A client whose responsible worker is the default caseworker (cw-1)."""
    client_id = opened()
    response = await api.post(f"/clients/{client_id}/responsible-worker", json=WORKER, headers=token("caseworker"))
    assert response.status_code == 200, response.text
    return client_id


@pytest.fixture
async def period(api, mine, token):
    """A started kuty period of ``mine``: (client id, work activity id)."""
    cw = token("caseworker")
    plan = await api.post(f"/clients/{mine}/plans", json=KUTY_PLAN, headers=cw)
    signed = await api.post(f"/clients/{mine}/work-activity-contracts", headers=cw,
                            json={**CONTRACT, "plan_id": plan.json()["id"]})
    started = await api.post(f"/clients/{mine}/work-activities", headers=cw,
                             json={"contract_id": signed.json()["contract_id"], "started_on": "2016-04-04"})
    assert (plan.status_code, signed.status_code, started.status_code) == (201, 201, 201), started.text
    assert started.json()["id"] == signed.json()["work_activity_id"]
    return mine, started.json()["id"]


async def refused(api, token, method, path, body, *, status, field=None):
    """Send a bad command; assert its error and that nothing was stored."""
    before = last_notification(store(api))
    response = await api.request(method, path, json=body, headers=token("caseworker"))
    assert response.status_code == status, response.text
    error = response.json()["error"]
    assert set(error) >= {"code", "message", "fields"} and error["message"]
    if field is not None:
        assert [f["field"] for f in error["fields"]] == [field], error
        assert all(f["message"] for f in error["fields"])
    assert last_notification(store(api)) == before, "refused, yet something was stored"
    return error


@pytest.mark.parametrize("due, field", [("2016-03-19", "review_due_on"), ("2017-03-21", "review_due_on")])
async def test_a_plan_review_date_before_the_agreement_or_over_a_year_after_is_refused(api, mine, token, due, field):
    await refused(api, token, "POST", f"/clients/{mine}/plans", {**KUTY_PLAN, "review_due_on": due},
                  status=422, field=field)


@pytest.mark.parametrize("attendance, field", [
    ({"period_start": "2016-04-01", "period_end": "2016-04-07", "days_attended": 2, "hours_attended": 8}, "period_start"),
    ({"period_start": "2016-06-27", "period_end": "2016-07-03", "days_attended": 2, "hours_attended": 8}, "period_end"),
    ({"period_start": "2016-04-04", "period_end": "2016-04-10", "days_attended": 3, "hours_attended": 12}, "days_attended"),
    ({"period_start": "2016-04-04", "period_end": "2016-04-10", "days_attended": 2, "hours_attended": 9}, "hours_attended"),
    ({"period_start": "2016-04-10", "period_end": "2016-04-04", "days_attended": 0, "hours_attended": 0}, "period_end"),
])
async def test_attendance_outside_the_contract_or_beyond_its_days_is_refused(api, period, token, attendance, field):
    client_id, work_activity_id = period
    await refused(api, token, "POST", f"/clients/{client_id}/work-activities/{work_activity_id}/attendance",
                  {**attendance, "recorded_by_role": "KUTY_ORGANISER_REP"}, status=422, field=field)


async def test_a_start_without_a_contract_and_a_continuation_of_nothing_are_refused(api, period, token):
    client_id, _ = period
    await refused(api, token, "POST", f"/clients/{client_id}/work-activities",
                  {"contract_id": str(uuid4()), "started_on": "2016-04-04"}, status=422, field="contract_id")
    plan = await api.post(f"/clients/{client_id}/plans", json=KUTY_PLAN, headers=token("caseworker"))
    signed = await api.post(f"/clients/{client_id}/work-activity-contracts", headers=token("caseworker"),
                            json={**CONTRACT, "form": "INDIVIDUAL", "plan_id": plan.json()["id"]})
    await refused(api, token, "POST", f"/clients/{client_id}/work-activities",
                  {"contract_id": signed.json()["contract_id"], "started_on": "2016-04-04",
                   "is_continuation_of": str(uuid4())}, status=422, field="is_continuation_of")


async def test_a_referral_or_appointment_for_an_unknown_client_says_it_may_be_on_its_way(api, token):
    unknown = uuid4()
    for path, body in [(f"/clients/{unknown}/referrals", REFERRAL), (f"/clients/{unknown}/appointments", VISIT)]:
        error = await refused(api, token, "POST", path, body, status=404)
        assert error["code"] == "client_not_known" and "may still be on its way" in error["message"]


async def test_a_referral_or_appointment_for_a_voided_client_is_refused(api, mine, token):
    deliver_to(api, examples.client_registration_voided(client_id=mine, reason="RECORDED_IN_ERROR",
                                                        duplicate_of=None, voided_on=date(2016, 3, 3)))
    for path, body in [(f"/clients/{mine}/referrals", {**REFERRAL, "basis": "STATUTORY"}),
                       (f"/clients/{mine}/appointments", VISIT)]:
        error = await refused(api, token, "POST", path, body, status=409)
        assert error["code"] == "file_closed" and "voided" in error["message"]


async def test_an_appointment_in_the_future_is_refused(api, mine, token):
    tomorrow = (date.today() + timedelta(days=1)).isoformat()
    await refused(api, token, "POST", f"/clients/{mine}/appointments", {**VISIT, "held_on": tomorrow},
                  status=422, field="held_on")


async def test_an_end_before_the_start_is_refused(api, period, token):
    client_id, work_activity_id = period
    await refused(api, token, "POST", f"/clients/{client_id}/work-activities/{work_activity_id}/end",
                  {"ended_on": "2016-04-03", "end_type": "INTERRUPTED", "end_reasons": ["CLIENT_DECISION"],
                   "end_evaluation_done": False, "self_assessment_done": False}, status=422, field="ended_on")
    await refused(api, token, "POST", f"/clients/{client_id}/relationship-end",
                  {"ended_on": "2016-02-01", "reason": "GOALS_MET"}, status=422, field="ended_on")


async def test_codes_and_dates_the_api_does_not_know_are_refused_per_field(api, mine, token):
    error = await refused(api, token, "POST", f"/clients/{mine}/appointments",
                          {**VISIT, "kind": "SAUNA", "held_on": 20160315}, status=422)
    assert sorted(f["field"] for f in error["fields"]) == ["held_on", "kind"]


async def test_a_referral_is_refused_without_consent_allowed_with_it_and_refused_after_withdrawal(api, mine, token):
    cw = token("caseworker")
    path = f"/clients/{mine}/referrals"
    missing = await refused(api, token, "POST", path, REFERRAL, status=409, field="target")
    consent_id = uuid4()
    deliver_to(api, examples.consent_recorded(client_id=mine, consent_id=consent_id, parties=["UNEMPLOYED_NURSE"],
                                              purposes=["REFERRAL"], given_on=date(2016, 3, 1), valid_until=None))
    allowed = await api.post(path, json=REFERRAL, headers=cw)
    deliver_to(api, examples.consent_withdrawn(client_id=mine, consent_id=consent_id, withdrawn_on=date(2016, 5, 1),
                                               whole_consent=True, parties_affected=[]))
    after = await refused(api, token, "POST", path, {**REFERRAL, "referred_on": "2016-05-02"}, status=409)

    assert (missing["code"], missing["party"], missing["purpose"]) == ("consent_missing", "UNEMPLOYED_NURSE", "REFERRAL")
    assert allowed.status_code == 201 and allowed.json()["consent_id"] == str(consent_id)
    assert after["code"] == "consent_missing"


async def test_another_organisations_client_is_not_found_for_reads_and_writes(api, mine, token):
    other = {"org": "837"}
    reads = [await api.get(path, headers=token(role, **other)) for path, role in [
        (f"/clients/{mine}", "manager"), (f"/clients/{mine}/appointments?purpose=CLIENT_WORK", "caseworker"),
        (f"/clients/{mine}/access-log", "data_protection_officer")]]
    writes = [await api.post(f"/clients/{mine}/appointments", json=VISIT, headers=token("caseworker", **other)),
              await api.post(f"/clients/{mine}/responsible-worker", json=WORKER, headers=token("team_lead", **other))]

    assert [r.status_code for r in reads + writes] == [404] * 5
    assert {r.json()["error"]["code"] for r in reads + writes} == {"client_not_known"}
    listing = await api.get("/caseloads/without-worker", headers=token("manager", **other))
    assert listing.json()["count"] == 0


async def test_a_colleague_of_the_same_organisation_is_refused_the_file_not_told_it_is_missing(api, mine, token):
    response = await api.get(f"/clients/{mine}/appointments?purpose=CLIENT_WORK", headers=token("caseworker", sub="cw-2"))

    assert response.status_code == 403 and response.json()["error"]["code"] == "not_permitted"


async def test_a_manager_sees_ids_and_counts_but_no_private_text(api, mine, token):
    await api.post(f"/clients/{mine}/appointments", json={**VISIT, "notes": "Kertoi velkaantumisesta"},
                   headers=token("caseworker"))

    summary = await api.get(f"/clients/{mine}", headers=token("manager", sub="boss"))
    private = await api.get(f"/clients/{mine}/appointments?purpose=CLIENT_WORK", headers=token("manager", sub="boss"))

    assert summary.status_code == 200 and summary.json()["appointments"] == 1
    assert "velka" not in summary.text.lower()
    assert private.status_code == 403
