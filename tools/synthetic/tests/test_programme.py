"""The programme as data: the same for a seed, SoKu's proportions, and nothing personal
beyond synthetic identity codes."""

from __future__ import annotations

from collections import Counter
from datetime import date

import pytest

from kohtaamo.intake.domain.hetu import PersonalIdentityCode
from kohtaamo.synthetic import Programme
from kohtaamo.synthetic.codes import WINDOW_END, WINDOW_START
from kohtaamo.synthetic.plan import Command, Race

PERSONAL = ("phone", "email", "postal_address", "details", "notes", "text", "note")


def commands(programme: Programme) -> list[tuple[str, Command]]:
    return [(phase.name, c) for phase in programme.phases() for chain in phase.chains for c in chain]


@pytest.fixture(scope="module")
def soku() -> Programme:
    return Programme(350, 2016)


def test_the_same_seed_gives_the_same_commands_and_another_seed_others(soku):
    again = Programme(350, 2016)
    assert commands(again) == commands(soku)
    assert again.expected() == soku.expected()
    assert commands(Programme(350, 2017)) != commands(soku)


def test_a_client_path_does_not_depend_on_the_size_of_the_programme():
    small, large = Programme(50, 2016), Programme(60, 2016)
    first = next(small.client_chains(None))
    assert first == next(large.client_chains(None))


def test_soku_sized_programme_has_the_sources_proportions(soku):
    expected = soku.expected()
    assert expected["clients-registered"] == 350
    assert 0.62 <= expected["capability-service-share.numerator"] / 350 <= 0.80  # around 70 %
    routes = Counter(c.key for _, c in commands(soku))
    assert routes["POST /clients"] == 350 + sum(c.voided for c in soku.people)
    assert 1 <= routes["POST /clients/{client}/void"] <= 15  # a few voided registrations
    assert 0.8 <= routes["POST /clients/{client}/consents"] / 350 <= 0.98
    assert 0.7 <= routes["GET /clients/{client}"] / 350 <= 0.9  # clients who get casework
    assert routes["POST /clients/{client}/work-activity-contracts"] >= 20
    assert routes["POST /clients/{client}/work-activities/{work_activity}/attendance"] >= 10 * 20  # weekly
    assert routes["POST /clients/{client}/work-activities/{work_activity}/absences"] > 0
    assert routes["POST /activities/{activity}/cancellation"] > 0
    assert routes["POST /activities/{activity}/participations"] > 0  # participants recorded late
    assert routes["PUT /meeting-places/{place}/tallies/{date}/{slot}"] > 0  # a corrected tally
    assert routes["POST /meeting-places"] == 3  # SoKu's three NARIKAT
    held = [c for _, c in commands(soku) if c.route == "/activities/{activity}/held"]
    assert any(c.body["attendee_count"] == 0 for c in held)  # some nobody came to


def test_every_effective_date_lies_in_the_project_window(soku):
    days = [c.day for _, c in commands(soku) if c.day is not None]
    assert days and all(WINDOW_START <= d <= WINDOW_END for d in days)


def test_late_entries_come_after_later_dated_ones(soku):
    """Some deliveries are entered after commands dated later than them (back-dated paperwork)."""
    out_of_order = 0
    for chain in soku.client_chains(None):
        dated = [c.day for c in chain if c.day is not None and c.service == "casework"]
        out_of_order += any(later < max(dated[:k]) for k, later in enumerate(dated) if k)
    assert out_of_order > 0


def test_nothing_personal_beyond_synthetic_identity_codes(soku):
    registrations = [c.body for _, c in commands(soku) if c.route == "/clients"]
    codes = [PersonalIdentityCode.parse(b["personal_identity_code"]) for b in registrations]
    assert all(900 <= int(c.value[7:10]) <= 999 for c in codes)
    assert len({c.value for c in codes}) == len(codes)
    assert all(b["first_name"] == "Synteettinen" and b["last_name"].startswith("Asiakas ") for b in registrations)
    assert all(date(1940, 1, 1) < c.birth_date < date(2001, 1, 1) for c in codes)  # adults
    for _, command in commands(soku):
        text = repr(command.body)
        assert not any(f"'{field}'" in text for field in PERSONAL), command


@pytest.mark.parametrize(("clients", "seed"), [(49, 1), (100_001, 1), (50, -1)])
def test_a_size_or_seed_out_of_range_is_refused(clients, seed):
    with pytest.raises(ValueError, match="clients must be 50..100000|seed must not be negative"):
        Programme(clients, seed)


def test_every_attendance_week_lies_within_its_work_activity_contracts_dates():
    # given a programme large enough to hold kuty cut short by the end of a client's path
    # (a contract whose planned end is the client's last day, then interrupted)
    programme = Programme(5000, 2016)
    outside = []
    # when each attendance week is set against the contract before it in the client's chain
    for chain in programme.client_chains(None):
        planned: tuple[str, str] | None = None
        for c in chain:
            if c.route == "/clients/{client}/work-activity-contracts":
                planned = (c.body["planned_start_on"], c.body["planned_end_on"])
            elif c.route.endswith("/attendance"):
                assert planned is not None
                if not planned[0] <= c.body["period_start"] <= c.body["period_end"] <= planned[1]:
                    outside.append((planned, c.body["period_start"], c.body["period_end"]))
    # then none lies outside (casework refuses such a week with 422)
    assert outside == []


def test_every_referral_on_consent_is_made_on_or_after_the_consent_is_given():
    # given a programme large enough to hold a file assigned before the client's consent
    programme = Programme(5000, 2016)
    given: dict[int | str, str] = {}
    for chain in programme.client_chains("intake"):
        for c in chain:
            if c.route == "/clients/{client}/consents":
                given[c.owner] = c.body["given_on"]
    early = []
    # when each consent-based referral is set against its client's consent
    for chain in programme.client_chains(None):
        for c in chain:
            if c.route == "/clients/{client}/referrals" and c.body["basis"] == "CONSENT":
                if c.owner not in given or c.body["referred_on"] < given[c.owner]:
                    early.append((c.owner, given.get(c.owner), c.body["referred_on"]))
    # then none comes before it (casework refuses such a referral with 409 consent_missing)
    assert early == []


def test_every_command_naming_meetingplace_clients_waits_for_their_consent_to_arrive(soku):
    # given SoKu's programme, where meetingplace learns of clients only from intake's events
    naming = [c for _, c in commands(soku) if c.service == "meetingplace" and c.body
              and (c.body.get("client_id") or c.body.get("participants"))]
    # when the commands that name a client are looked at
    # then each waits for the consent (404 client_not_found until it arrives), none sends blind
    assert {c.key for c in naming} >= {"POST /activities/{activity}/held", "POST /activities/{activity}/participations",
                                        "POST /meeting-places/{place}/identified-visits"}
    assert [c.key for c in naming if c.race is not Race.CONSENT] == []
