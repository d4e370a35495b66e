"""Whatever intake accepts, it can publish: a generative test over every command.

Hypothesis drives the use cases with arbitrary, valid-looking input (codes repeated or
unknown, dates in any order, duplicates of itself, unknown ids). Each command is either
refused, and nothing is stored, or stored, and then every stored event translates into a
contract envelope that parses. This is the test that catches a rule living only in the
contracts, which would otherwise stop the outbox in production.
"""

from __future__ import annotations

from datetime import date, timedelta
from uuid import UUID, uuid4

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import Bundle, RuleBasedStateMachine, initialize, invariant, multiple, rule

from kohtaamo.contracts.codes import Gender, Party, ProfessionalRole, ReferralSource, TargetGroup
from kohtaamo.contracts.intake.codes import (
    AssessmentDecision,
    ConsentForm,
    ConsentPurpose,
    OutreachChannel,
    OutreachOutcome,
    SupportNeed,
    VoidReason,
)
from kohtaamo.intake.application import commands as c
from kohtaamo.intake.application.intake import Intake
from kohtaamo.intake.application.publishing import Publisher
from kohtaamo.intake.domain.assessment import LIFE_DOMAINS, AssessmentFindings
from kohtaamo.intake.domain.errors import IntakeError
from kohtaamo.intake.domain.hetu import PersonalIdentityCode
from kohtaamo.servicekit.eventstore import eventsourcing_env
from kohtaamo.servicekit.testing import last_notification, publishable
from kohtaamo.servicekit.vault.factory import memory_vault

TODAY = date(2026, 12, 1)
ORGS = st.sampled_from(["091", "837"])
DAYS = st.dates(min_value=date(1990, 1, 1), max_value=TODAY + timedelta(days=3))


def codes_of(kind, *, junk: str = "NOT_A_CODE") -> st.SearchStrategy[str]:
    """Real codes, now and then one the contracts do not know."""
    values = [m.value for m in kind]
    return st.sampled_from([*values, *values, *values, junk])


def lists_of(kind, max_size: int = 4) -> st.SearchStrategy[list[str]]:
    """Usually non-empty lists (one in five is empty); repeats allowed on purpose."""
    some = st.lists(codes_of(kind), min_size=1, max_size=max_size)
    return st.integers(0, 4).flatmap(lambda n: st.just([]) if n == 0 else some)


def after(day: date, offset: int) -> date:
    return day + timedelta(days=offset)


OFFSETS = st.integers(-20, 1500)  # days after the registration: before it, within, in the future


class IntakeCommands(RuleBasedStateMachine):
    clients = Bundle("clients")
    consents = Bundle("consents")
    contacts = Bundle("contacts")

    @initialize()
    def fresh_intake(self) -> None:
        self.intake = Intake.create(
            eventsourcing_env("memory://"), identity_pepper="pepper-for-generative-tests",
            vault=memory_vault(), today=lambda: TODAY,
        )
        self.translate = Publisher(self.intake.store)
        self.serial = 0

    def attempt(self, make, *args, **kwargs):
        """Run one command; a refusal must leave the store as it was."""
        before = last_notification(self.intake.store)
        try:
            return make(*args, **kwargs)
        except IntakeError:
            assert last_notification(self.intake.store) == before, "refused, yet something was stored"
            return None

    @rule(target=clients, org=ORGS, municipality=st.sampled_from(["091", "837", "091", "837", "000", "12"]),
          source=codes_of(ReferralSource), gender=codes_of(Gender), groups=lists_of(TargetGroup),
          registered_on=DAYS, birth=st.dates(min_value=date(1950, 1, 1), max_value=date(2012, 1, 1)))
    def register(self, org, municipality, source, gender, groups, registered_on, birth):
        self.serial += 1
        code = PersonalIdentityCode.compose(birth, 900 + self.serial % 100).value

        def run():
            return self.intake.registrations.register(c.RegisterClient(
                organisation_id=org, person=c.PersonalDetails("Aino", "Virtanen", code),
                municipality_code=municipality, referral_source=source, registered_on=registered_on,
                gender=gender, target_groups=tuple(groups), project_id="S20397",
            ))

        registered = self.attempt(run)
        return (registered.client_id, org, registered_on) if registered else multiple()

    @rule(target=consents, client=clients, parties=lists_of(Party), purposes=lists_of(ConsentPurpose),
          form=codes_of(ConsentForm), given=OFFSETS, valid_for=st.none() | st.integers(-30, 400))
    def record_consent(self, client, parties, purposes, form, given, valid_for):
        client_id, org, registered_on = client
        given_on = after(registered_on, given)
        valid_until = None if valid_for is None else given_on + timedelta(days=valid_for)
        consent_id = self.attempt(lambda: self.intake.consents.record(c.RecordConsent(
            client_id, org, tuple(parties), tuple(purposes), form, given_on, valid_until)))
        return (client_id, org, consent_id, given_on) if consent_id else multiple()

    @rule(consent=consents, withdrawn=st.integers(-10, 400), parties=st.none() | lists_of(Party, max_size=3))
    def withdraw_consent(self, consent, withdrawn, parties):
        client_id, org, consent_id, given_on = consent
        withdrawn_on = after(given_on, withdrawn)
        self.attempt(lambda: self.intake.consents.withdraw(c.WithdrawConsent(
            client_id, org, consent_id, withdrawn_on, None if parties is None else tuple(parties))))

    @rule(client=clients, roles=lists_of(ProfessionalRole, max_size=3), multi=st.booleans(),
          needs=st.lists(codes_of(SupportNeed), min_size=len(LIFE_DOMAINS), max_size=len(LIFE_DOMAINS)),
          dropped=st.sampled_from([*[None] * 21, *LIFE_DOMAINS]),  # one in four misses one
          decision=codes_of(AssessmentDecision), plan_roles=lists_of(ProfessionalRole, max_size=2),
          plan_parties=lists_of(Party, max_size=2), assessed=OFFSETS,
          detail_keys=st.sets(st.sampled_from([*LIFE_DOMAINS, "religion"]), max_size=2))
    def assess(self, client, roles, multi, needs, dropped, decision, plan_roles, plan_parties,
               assessed, detail_keys):
        client_id, org, registered_on = client
        assessed_on = after(registered_on, assessed)
        domains = {d: n for d, n in zip(LIFE_DOMAINS, needs, strict=True) if d != dropped}

        def run():
            findings = AssessmentFindings(tuple(roles), multi, domains, decision, tuple(plan_roles),
                                          tuple(plan_parties))
            return self.intake.assessments.assess(c.AssessNeeds(
                client_id, org, assessed_on, findings, {k: "Vapaata tekstiä" for k in detail_keys}))

        self.attempt(run)

    @rule(client=clients, other=clients, reason=codes_of(VoidReason), voided=OFFSETS,
          which=st.sampled_from(["none", "self", "other", "unknown"]), now=st.integers(0, 2))
    def void(self, client, other, reason, voided, which, now):
        if now != 2:  # voiding ends a client's story too
            return
        client_id, org, registered_on = client
        voided_on = after(registered_on, voided)
        duplicate_of: UUID | None = {"none": None, "self": client_id, "other": other[0],
                                     "unknown": uuid4()}[which]
        self.attempt(lambda: self.intake.registrations.void(
            c.VoidRegistration(client_id, org, reason, voided_on, duplicate_of)))

    @rule(client=clients, reason=st.sampled_from(["DATA_SUBJECT_REQUEST", "RETENTION_ENDED", "NOPE"]),
          now=st.integers(0, 4))
    def erase(self, client, reason, now):
        if now != 4:  # erasure ends a client's story: let most steps tell more of it first
            return
        client_id, org, _ = client
        self.attempt(lambda: self.intake.registrations.erase(c.EraseClient(client_id, org, reason, "dpo")))

    @rule(target=contacts, org=ORGS, municipality=st.sampled_from(["091", "091", "837", "000", "5"]),
          channel=codes_of(OutreachChannel), outcome=codes_of(OutreachOutcome),
          partner=st.none() | codes_of(Party), contacted_on=DAYS)
    def outreach(self, org, municipality, channel, outcome, partner, contacted_on):
        contact_id = self.attempt(lambda: self.intake.outreach.record(c.RecordOutreachContact(
            org, contacted_on, channel, municipality, outcome, partner)))
        return (contact_id, org) if contact_id else multiple()

    @rule(contact=contacts, client=clients, linked=OFFSETS)
    def link(self, contact, client, linked):
        linked_on = after(client[2], linked)
        self.attempt(lambda: self.intake.outreach.link(
            c.LinkOutreachContact(contact[0], client[0], contact[1], linked_on)))

    @invariant()
    def everything_stored_can_be_published(self):
        if hasattr(self, "intake"):
            publishable(self.intake.store, self.translate)


IntakeCommands.TestCase.settings = settings(
    max_examples=150, stateful_step_count=30, deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)
test_whatever_intake_accepts_it_can_publish = IntakeCommands.TestCase
