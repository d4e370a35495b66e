"""Whatever casework accepts, it can publish: a generative test over every command.

Hypothesis drives intake's events and casework's use cases with arbitrary, valid-looking input
(codes repeated or unknown, dates in any order and in the future, numbers out of range, ids
that do not exist). Each command is either refused, and nothing is stored, or stored, and then
every stored event translates into a contract envelope that parses. This is the test that
catches a rule living only in the contracts, which would otherwise stop the outbox.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from uuid import uuid4

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import Bundle, RuleBasedStateMachine, initialize, invariant, precondition, rule

from kohtaamo.casework.application import commands as c
from kohtaamo.casework.application import kuty_commands as k
from kohtaamo.casework.application.casework import Casework
from kohtaamo.casework.application.publishing import Publisher
from kohtaamo.casework.domain import appointment as ap
from kohtaamo.casework.domain import kuty, plan, referral, service_delivery
from kohtaamo.casework.domain.codes import GoalDomain
from kohtaamo.casework.domain.errors import CaseworkError
from kohtaamo.contracts import examples
from kohtaamo.contracts.casework import codes as cw
from kohtaamo.contracts.codes import Party, ProfessionalRole, ServiceType, SharingBasis
from kohtaamo.contracts.intake.codes import ConsentPurpose
from kohtaamo.servicekit.eventstore import eventsourcing_env
from kohtaamo.servicekit.messages import PermanentFailure, Source
from kohtaamo.servicekit.testing import last_notification, publishable

from ..fakes import MemoryVault
from ..immutability import mutable_parts

TODAY = date(2026, 12, 1)
OFFSETS = st.integers(-30, 800)  # days after a reference date: before it, within, later, future
NUMBERS = st.floats(allow_nan=True, allow_infinity=True, width=32) | st.integers(-2, 12)


def codes_of(kind, *, junk: str = "NOT_A_CODE") -> st.SearchStrategy[str]:
    values = [m.value for m in kind]
    return st.sampled_from([*values, *values, *values, junk])


def lists_of(kind, max_size: int = 3) -> st.SearchStrategy[list[str]]:
    some = st.lists(codes_of(kind), min_size=1, max_size=max_size)
    return st.integers(0, 4).flatmap(lambda n: st.just([]) if n == 0 else some)


def maybe(strategy: st.SearchStrategy) -> st.SearchStrategy:
    return st.none() | strategy


def after(day: date, offset: int) -> date:
    return day + timedelta(days=offset)


PICK = st.integers(0, 10**6)  # which of the client's plans, consents, periods... a rule uses


class CaseworkCommands(RuleBasedStateMachine):
    clients = Bundle("clients")

    @initialize()
    def fresh_casework(self) -> None:
        self.app = Casework.create(eventsourcing_env("memory://"), vault=MemoryVault(),
                                   worker_pepper="pepper-for-generative-tests", today=lambda: TODAY)
        self.translate = Publisher(self.app.store)
        self.staff = self.app.worker_ids.staff(sub="cw-1", roles=frozenset({"caseworker", "team_lead"}),
                                               organisation_id="091", team="t")
        self.offset = self.checked = 0
        self.registered: list = []
        # What was accepted, per client: rules pick among these (or, now and then, a stranger's id).
        self.known: dict[str, dict] = {k: {} for k in ("consents", "plans", "referrals", "contracts", "periods")}

    def attempt(self, make):
        before = last_notification(self.app.store)
        try:
            return make()
        except (CaseworkError, PermanentFailure):
            assert last_notification(self.app.store) == before, "refused, yet something was stored"
            return None

    def deliver(self, payload) -> None:
        self.offset += 1
        envelope = examples.envelope(payload, event_id=uuid4(), organisation_id="091")
        self.attempt(lambda: self.app.intake_facts.apply(envelope, Source("intake.clients", 0, self.offset)))

    def pick(self, kind: str, client_id, pick: int, *, optional: bool = False):
        """One of the client's own (most of the time), now and then a stranger's id, or (for
        an optional reference, two times in three) None."""
        own = self.known[kind].get(client_id, [])
        if optional and pick % 3:
            return None
        if pick % 11 == 0 or not own:
            return (uuid4(), date(2016, 1, 1), ())
        return own[(pick // 2) % len(own)]

    def holder(self, kind: str, pick: int):
        """A client who has something of ``kind`` (kuty builds on plans, contracts, periods)."""
        # In the order they were remembered: sorting the random ids would make which client a
        # draw picks, and so which rules are enabled next, differ when Hypothesis replays it.
        holders = list(self.known[kind])
        return (holders[pick % len(holders)],) if holders else None

    def remember(self, kind: str, client_id, value) -> None:
        self.known[kind].setdefault(client_id, []).append(value)

    # What intake tells casework

    @rule(target=clients, registered_on=st.dates(date(2010, 1, 1), TODAY - timedelta(days=400)),
          assign=st.integers(0, 9), kuty_steps=st.integers(0, 3), days=st.integers(1, 5))
    def register(self, registered_on, assign, kuty_steps, days):
        """Most clients get their worker at once (the commands below are theirs to record),
        and some a kuty plan, contract and start, for the kuty rules to build on."""
        client_id = uuid4()
        self.deliver(examples.client_registered(client_id=client_id, registered_on=registered_on))
        self.registered.append(client_id)
        if not assign:
            return client_id, registered_on
        self.app.workers.assign(self.staff, c.AssignWorker(
            client_id, None, "SOCIAL_COUNSELLOR", "OWN_WORKER", "AREA", registered_on))
        if kuty_steps >= 1:
            agreed_on = after(registered_on, 7)
            terms = plan.PlanTerms(uuid4(), "WORK_ACTIVITY_PLAN", agreed_on, ["SOCIAL_COUNSELLOR"],
                                   after(agreed_on, 180), goals=[plan.Goal(uuid4(), "WORK")])
            self.app.plans.agree(self.staff, c.AgreePlan(client_id, terms))
            self.remember("plans", client_id, (terms.plan_id, agreed_on, (terms.goals[0].goal_id,), terms.plan_type))
        if kuty_steps >= 2:
            signed_on = after(agreed_on, 7)
            contract = kuty.KutyContract(uuid4(), terms.plan_id, uuid4(), "NGO", "GROUP", signed_on,
                                         after(signed_on, 3), after(signed_on, 120), days, 4)
            self.app.work_activities.sign(self.staff, k.SignContract(client_id, contract))
            self.remember("contracts", client_id, (contract.contract_id, signed_on))
        if kuty_steps >= 3:
            started_on = after(signed_on, 3)
            period = self.app.work_activities.start(self.staff, k.StartWorkActivity(
                client_id, contract.contract_id, started_on))
            self.remember("periods", client_id, (period, started_on))
        return client_id, registered_on

    @rule(client=clients, parties=st.lists(st.sampled_from(list(Party)), min_size=1, max_size=3, unique=True),
          purposes=st.lists(st.sampled_from(list(ConsentPurpose)), min_size=1, max_size=3, unique=True),
          referral=st.booleans(), given=OFFSETS, valid_for=maybe(st.integers(0, 400)))
    def consent(self, client, parties, purposes, referral, given, valid_for):
        consent_id, given_on = uuid4(), after(client[1], given)
        purposes = sorted({*purposes, ConsentPurpose.REFERRAL} if referral else set(purposes))
        self.deliver(examples.consent_recorded(
            client_id=client[0], consent_id=consent_id, parties=parties, purposes=purposes, given_on=given_on,
            valid_until=None if valid_for is None else given_on + timedelta(days=valid_for)))
        self.remember("consents", client[0], (consent_id, given_on, tuple(parties)))

    @rule(client=clients, pick=PICK, withdrawn=st.integers(-5, 300), whole=st.booleans())
    def withdraw(self, client, pick, withdrawn, whole):
        consent = self.pick("consents", client[0], pick)
        if consent is not None:
            consent_id, given_on, parties = consent
            self.deliver(examples.consent_withdrawn(
                client_id=client[0], consent_id=consent_id, withdrawn_on=after(given_on, withdrawn),
                whole_consent=whole or not parties, parties_affected=[] if whole or not parties else parties[:1]))

    @rule(client=clients, erase=st.booleans(), now=st.integers(0, 14))
    def close_in_intake(self, client, erase, now):
        if now == 14:
            self.deliver(examples.client_erased(client_id=client[0]) if erase else
                         examples.client_registration_voided(client_id=client[0], reason="RECORDED_IN_ERROR",
                                                             duplicate_of=None, voided_on=client[1]))

    # The responsible worker

    @rule(client=clients, other=st.integers(0, 3), role=codes_of(ProfessionalRole), model=codes_of(cw.WorkerModel),
          basis=codes_of(cw.AllocationBasis), on=OFFSETS, reason=maybe(codes_of(cw.ReassignmentReason)))
    def assign(self, client, other, role, model, basis, on, reason):
        worker_id = uuid4() if other == 0 else None  # now and then the client goes to someone else
        self.attempt(lambda: self.app.workers.assign(self.staff, c.AssignWorker(
            client[0], worker_id, role, model, basis, after(client[1], on), reason)))

    # The client file

    @rule(client=clients, kind=codes_of(cw.AppointmentKind), channel=codes_of(cw.Channel),
          purpose=maybe(codes_of(cw.AppointmentPurpose)), held=OFFSETS, minutes=maybe(st.integers(-1, 1500)),
          roles=lists_of(ProfessionalRole), parties=lists_of(Party), follow_up=lists_of(Party),
          notes=maybe(st.text(max_size=20)))
    def appointment(self, client, kind, channel, purpose, held, minutes, roles, parties, follow_up, notes):
        self.attempt(lambda: self.app.client_work.record_appointment(self.staff, c.RecordAppointment(
            client[0], ap.Appointment(uuid4(), kind, channel, after(client[1], held), roles, purpose, minutes,
                                      parties, follow_up), notes)))

    @rule(client=clients, plan_type=codes_of(cw.PlanType), agreed=OFFSETS, due=st.integers(-10, 400),
          roles=lists_of(ProfessionalRole), parties=lists_of(Party), goals=st.lists(codes_of(GoalDomain), max_size=3),
          measures=st.lists(st.tuples(codes_of(ServiceType), codes_of(Party), maybe(codes_of(ProfessionalRole))),
                            max_size=2),
          consent=PICK, earlier=PICK)
    def agree_plan(self, client, plan_type, agreed, due, roles, parties, goals, measures, consent, earlier):
        agreed_on = after(client[1], agreed)
        goal_values = [plan.Goal(uuid4(), d) for d in goals]
        relies_on = self.pick("consents", client[0], consent, optional=True)
        supersedes = self.pick("plans", client[0], earlier, optional=True)

        def run():
            terms = plan.PlanTerms(
                uuid4(), plan_type, agreed_on, roles, after(agreed_on, due), parties, goal_values,
                [plan.Measure(*m) for m in measures], relies_on[0] if relies_on else None,
                supersedes[0] if supersedes else None)
            return self.app.plans.agree(self.staff, c.AgreePlan(
                client[0], terms, {g.goal_id: "tavoite" for g in goal_values}))

        plan_id = self.attempt(run)
        if plan_id:
            self.remember("plans", client[0], (plan_id, agreed_on, tuple(g.goal_id for g in goal_values), plan_type))

    @rule(client=clients, pick=PICK, reviewed=st.integers(-5, 500), review_type=codes_of(cw.ReviewType),
          changed=st.booleans(), statuses=st.lists(codes_of(cw.GoalStatus), max_size=3), stray=st.integers(0, 5),
          nxt=maybe(st.integers(-5, 400)))
    def review_plan(self, client, pick, reviewed, review_type, changed, statuses, stray, nxt):
        reviewed_plan = self.pick("plans", client[0], pick)
        if reviewed_plan is None:
            return
        plan_id, agreed_on, goal_ids = reviewed_plan[:3]
        reviewed_on = after(agreed_on, reviewed)
        goals = [*goal_ids, uuid4()] if stray == 0 else list(goal_ids)
        self.attempt(lambda: self.app.plans.review(self.staff, c.ReviewPlan(client[0], plan_id, plan.PlanReview(
            reviewed_on, review_type, changed, [plan.GoalAttainment(g, s) for g, s in zip(goals, statuses)],
            None if nxt is None else after(reviewed_on, nxt)), note="toimi")))

    @rule(client=clients, referred=OFFSETS, role=codes_of(ProfessionalRole), party=codes_of(Party),
          service=maybe(codes_of(ServiceType)), reason=codes_of(cw.ReferralReason), basis=codes_of(SharingBasis),
          consent=PICK, covered=st.booleans())
    def refer(self, client, referred, role, party, service, reason, basis, consent, covered):
        relied = self.pick("consents", client[0], consent, optional=True)
        if covered and relied and relied[2]:
            party = relied[2][0]  # a party the consent names
        made = self.attempt(lambda: self.app.client_work.refer(self.staff, c.MakeReferral(client[0], referral.Referral(
            uuid4(), after(client[1], referred), role, party, reason, basis, service,
            relied[0] if relied and consent % 3 else None))))
        if made:
            self.remember("referrals", client[0], (made.referral_id, made.referred_on))

    @rule(client=clients, pick=PICK, outcome=codes_of(cw.ReferralOutcome), on=st.integers(-5, 300))
    def referral_outcome(self, client, pick, outcome, on):
        r = self.pick("referrals", client[0], pick)
        if r is not None:
            self.attempt(lambda: self.app.client_work.record_referral_outcome(self.staff, c.RecordReferralOutcome(
                client[0], r[0], outcome, after(r[1], on))))

    @rule(client=clients, service=codes_of(ServiceType), provider=codes_of(Party), on=OFFSETS, quantity=NUMBERS,
          unit=codes_of(cw.ServiceUnit))
    def service(self, client, service, provider, on, quantity, unit):
        self.attempt(lambda: self.app.client_work.record_service(self.staff, c.RecordService(
            client[0], service_delivery.ServiceDelivery(uuid4(), service, provider, after(client[1], on), quantity, unit))))

    @rule(client=clients, on=OFFSETS, destination=codes_of(cw.Destination), source=codes_of(cw.TransitionSource),
          pick=PICK)
    def transition(self, client, on, destination, source, pick):
        period = self.pick("periods", client[0], pick, optional=True)
        self.attempt(lambda: self.app.client_work.record_transition(self.staff, c.RecordTransition(
            client[0], service_delivery.Transition(uuid4(), after(client[1], on), destination, source,
                                                   period[0] if period else None))))

    @rule(client=clients, on=st.integers(0, 2000), reason=codes_of(cw.RelationshipEndReason), pick=PICK,
          now=st.integers(0, 9))
    def end_relationship(self, client, on, reason, pick, now):
        if now == 9:
            final = self.pick("plans", client[0], pick, optional=True)
            self.attempt(lambda: self.app.client_work.end_relationship(self.staff, c.EndRelationship(
                client[0], service_delivery.RelationshipEnd(after(client[1], on), reason, final[0] if final else None))))

    # Kuty

    @precondition(lambda self: self.known["plans"])
    @rule(who=PICK, pick=PICK, organiser=codes_of(cw.OrganiserKind), form=codes_of(cw.WorkActivityForm),
          signed=st.integers(-5, 100), start=st.integers(-10, 30), length=st.integers(-5, 200),
          days=st.integers(0, 6), hours=st.sampled_from([4, 6.5, 8]) | NUMBERS, tasks=lists_of(cw.TaskArea),
          mid=maybe(st.integers(-5, 200)))
    def sign(self, who, pick, organiser, form, signed, start, length, days, hours, tasks, mid):
        client = self.holder("plans", who)
        if client is None:
            return
        carried = self.pick("plans", client[0], pick)
        plan_id, agreed_on = carried[:2]
        signed_on = after(agreed_on, signed)
        start_on = after(signed_on, start)

        def run():
            return self.app.work_activities.sign(self.staff, k.SignContract(client[0], kuty.KutyContract(
                uuid4(), plan_id, uuid4(), organiser, form, signed_on, start_on, after(start_on, length), days,
                hours, tasks, None if mid is None else after(start_on, mid))))

        signed_ids = self.attempt(run)
        if signed_ids:
            self.remember("contracts", client[0], (signed_ids[0], signed_on))

    @precondition(lambda self: self.known["contracts"])
    @rule(who=PICK, pick=PICK, started=st.integers(-5, 60), activation=PICK, continues=PICK)
    def start(self, who, pick, started, activation, continues):
        client = self.holder("contracts", who)
        if client is None:
            return
        contract = self.pick("contracts", client[0], pick)
        started_on = after(contract[1], started)
        plan_used = self.pick("plans", client[0], activation, optional=True)
        previous = self.pick("periods", client[0], continues, optional=True)
        period = self.attempt(lambda: self.app.work_activities.start(self.staff, k.StartWorkActivity(
            client[0], contract[0], started_on, plan_used[0] if plan_used else None,
            previous[0] if previous else None)))
        if period:
            self.remember("periods", client[0], (period, started_on))

    def in_period(self, who, pick):
        client = self.holder("periods", who)
        return None if client is None else (client, self.pick("periods", client[0], pick))

    @precondition(lambda self: self.known["periods"])
    @rule(who=PICK, pick=PICK, start=st.integers(0, 100) | st.integers(-5, 130),
          length=st.integers(0, 13) | st.integers(-2, 40),
          days=st.integers(0, 4) | st.integers(-1, 30), hours=st.integers(0, 16) | NUMBERS,
          role=codes_of(ProfessionalRole))
    def attendance(self, who, pick, start, length, days, hours, role):
        if (found := self.in_period(who, pick)) is None:
            return
        client, period = found
        first = after(period[1], start)
        self.attempt(lambda: self.app.work_activities.record_attendance(self.staff, k.RecordAttendance(
            client[0], period[0], kuty.Attendance(first, after(first, length), days, hours, role))))

    @precondition(lambda self: self.known["periods"])
    @rule(who=PICK, pick=PICK, start=st.integers(-5, 120), length=st.integers(-2, 10),
          category=codes_of(cw.AbsenceCategory), chain=st.lists(maybe(st.integers(-48, 200)), min_size=3, max_size=3),
          notes=maybe(st.text(max_size=10)))
    def absence(self, who, pick, start, length, category, chain, notes):
        if (found := self.in_period(who, pick)) is None:
            return
        client, period = found
        first = after(period[1], start)
        moments = [None if h is None else datetime.combine(first, time(8), tzinfo=UTC) + timedelta(hours=h)
                   for h in chain]
        self.attempt(lambda: self.app.work_activities.report_absence(self.staff, k.ReportAbsence(
            client[0], period[0], kuty.Absence(first, after(first, length), category, *moments), notes)))

    @precondition(lambda self: self.known["periods"])
    @rule(who=PICK, pick=PICK, on=st.integers(-5, 150), flags=st.tuples(st.booleans(), st.booleans(), st.booleans()),
          decision=codes_of(cw.MidReviewDecision), nxt=maybe(st.integers(-5, 100)))
    def mid_review(self, who, pick, on, flags, decision, nxt):
        if (found := self.in_period(who, pick)) is None:
            return
        client, period = found
        reviewed_on = after(period[1], on)
        self.attempt(lambda: self.app.work_activities.mid_review(self.staff, k.MidReviewWorkActivity(
            client[0], period[0], kuty.MidReview(reviewed_on, *flags, decision,
                                                 None if nxt is None else after(reviewed_on, nxt)))))

    @precondition(lambda self: self.known["periods"])
    @rule(who=PICK, pick=PICK, on=st.integers(-5, 200), end_type=codes_of(cw.EndType),
          reasons=lists_of(cw.EndReason), flags=st.tuples(st.booleans(), st.booleans()), follow_up=PICK)
    def end_period(self, who, pick, on, end_type, reasons, flags, follow_up):
        if (found := self.in_period(who, pick)) is None:
            return
        client, period = found
        plan_made = self.pick("plans", client[0], follow_up, optional=True)
        self.attempt(lambda: self.app.work_activities.end(self.staff, k.EndWorkActivity(
            client[0], period[0], kuty.KutyEnding(after(period[1], on), end_type, reasons, *flags,
                                                  plan_made[0] if plan_made else None))))

    @invariant()
    def everything_stored_can_be_published(self):
        if hasattr(self, "app"):  # each step's new events (the earlier ones passed already)
            publishable(self.app.store, self.translate, after=self.checked)
            self.checked = last_notification(self.app.store)


    @invariant()
    def files_and_periods_hold_only_immutable_values(self):
        """What the cache's cheap copy (``CopiedByContainers``) relies on, whatever was recorded."""
        if hasattr(self, "app"):
            files = [self.app.store.get_or_none(i, object) for i in self.registered]
            periods = [self.app.store.get_or_none(p[0], object) for ps in self.known["periods"].values() for p in ps]
            for aggregate in [a for a in files + periods if a is not None]:
                assert mutable_parts(aggregate) == [], type(aggregate).__name__


CaseworkCommands.TestCase.settings = settings(
    max_examples=150, stateful_step_count=40, deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)
test_whatever_casework_accepts_it_can_publish = CaseworkCommands.TestCase
