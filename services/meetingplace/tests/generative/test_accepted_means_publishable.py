"""Whatever meetingplace accepts, it can publish: a generative test over every command.

Hypothesis drives the use cases with arbitrary, valid-looking input (codes repeated or
unknown, counts out of range, dates before a place opened or after it closed, clients with
and without consent, sensitive activities) and feeds intake's client facts in between. Each
command is either refused, with nothing stored, or stored, and then every stored event
translates into a contract envelope that parses. A rule living only in the contracts would
fail here instead of stopping the outbox in production.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from uuid import uuid4

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import Bundle, RuleBasedStateMachine, initialize, invariant, multiple, rule

from kohtaamo.contracts import examples
from kohtaamo.contracts.meetingplace.codes import (
    ActivityTheme,
    ActivityType,
    CancellationReason,
    Facility,
    Organiser,
    PeerSupportForm,
    Premises,
    TimeSlot,
    VisitPurpose,
)
from kohtaamo.meetingplace.application import commands as c
from kohtaamo.meetingplace.application.meetingplace import Meetingplace
from kohtaamo.meetingplace.application.publishing import Publisher
from kohtaamo.meetingplace.domain.errors import MeetingplaceError
from kohtaamo.meetingplace.domain.opening_hours import Opening, OpeningHours
from kohtaamo.servicekit.eventstore import eventsourcing_env
from kohtaamo.servicekit.messages import PermanentFailure, Source
from kohtaamo.servicekit.testing import last_notification, publishable

TODAY = date(2026, 12, 1)
ORGS = st.sampled_from(["301"] * 4 + ["743"])  # mostly one organisation, so things meet
DAYS = st.dates(min_value=date(2010, 1, 1), max_value=TODAY + timedelta(days=3))
OFFSETS = st.integers(-30, 1500)  # days after a place opened: before it, within, in the future
COUNTS = st.one_of(st.integers(0, 40), st.integers(-3, 10_003), st.just(10_000), st.just(10_001))


def codes_of(kind, *, junk: str = "NOT_A_CODE") -> st.SearchStrategy[str]:
    values = [m.value for m in kind]
    return st.sampled_from([*values, *values, *values, junk])


def lists_of(kind, max_size: int = 4) -> st.SearchStrategy[list[str]]:
    some = st.lists(codes_of(kind), min_size=1, max_size=max_size)
    return st.integers(0, 4).flatmap(lambda n: st.just([]) if n == 0 else some)


# Mostly sensible weeks; now and then a made-up day, an impossible time or a day twice.
OPENINGS = st.lists(st.builds(Opening, st.sampled_from(["MONDAY", "FRIDAY", "SUNDAY"] * 5 + ["FUNDAY"]),
                              st.sampled_from(["08:00", "12:30"] * 5 + ["25:00"]),
                              st.sampled_from(["16:00", "18:00"] * 5 + ["07:00"])), max_size=2)
OPENED = st.one_of(st.dates(min_value=date(2010, 1, 1), max_value=date(2024, 1, 1)), DAYS)
GIVEN = st.one_of(st.dates(min_value=date(2009, 1, 1), max_value=date(2012, 12, 31)), DAYS)


class MeetingplaceCommands(RuleBasedStateMachine):
    places = Bundle("places")
    clients = Bundle("clients")
    activities = Bundle("activities")

    @initialize()
    def fresh_service(self) -> None:
        self.mp = Meetingplace.create(eventsourcing_env("memory://"), today=lambda: TODAY)
        self.translate = Publisher(self.mp.store)
        self.offset = 0

    def attempt(self, make):
        """Run one command; a refusal must leave the store as it was."""
        before = last_notification(self.mp.store)
        try:
            return make()
        except (MeetingplaceError, PermanentFailure):
            assert last_notification(self.mp.store) == before, "refused, yet something was stored"
            return None

    def intake_says(self, payload, org):
        self.offset += 1
        envelope = examples.envelope(payload, organisation_id=org, event_id=uuid4())
        return self.attempt(lambda: self.mp.client_facts.apply(envelope, Source("intake.clients", 0, self.offset)))

    @rule(target=places, org=ORGS, municipality=st.sampled_from(["301", "743", "000", "12"]),
          premises=codes_of(Premises), facilities=lists_of(Facility), opened_on=OPENED,
          name=st.sampled_from(["Kyläkulma", "NARIKKA", " "]), hours=OPENINGS)
    def open_place(self, org, municipality, premises, facilities, opened_on, name, hours):
        def run():
            return self.mp.places.open(c.OpenPlace(org, name, municipality, premises, tuple(facilities),
                                                   OpeningHours(tuple(hours)), True, opened_on))
        place_id = self.attempt(run)
        return (place_id, org, opened_on) if place_id else multiple()

    @rule(place=places, changed=OFFSETS, premises=st.none() | codes_of(Premises),
          facilities=st.none() | lists_of(Facility))
    def change_place(self, place, changed, premises, facilities):
        place_id, org, opened_on = place
        self.attempt(lambda: self.mp.places.change(c.ChangePlaceDetails(
            place_id, org, opened_on + timedelta(days=changed), premises=premises,
            facilities=None if facilities is None else tuple(facilities))))

    @rule(place=places, closed=OFFSETS, now=st.integers(0, 3))
    def close_place(self, place, closed, now):
        if now == 3:  # closing ends a place's story: let most steps tell more of it first
            place_id, org, opened_on = place
            self.attempt(lambda: self.mp.places.close(
                c.ClosePlace(place_id, org, opened_on + timedelta(days=closed))))

    @rule(place=places, rows=st.lists(st.tuples(st.integers(-5, 400), codes_of(TimeSlot), COUNTS),
                                      min_size=1, max_size=4))
    def tally(self, place, rows):
        place_id, org, opened_on = place
        self.attempt(lambda: self.mp.visits.record_tallies(c.RecordTallies(place_id, org, tuple(
            c.TallyRow(opened_on + timedelta(days=d), slot, n) for d, slot, n in rows))))

    @rule(place=places, day=st.integers(-5, 400), slot=codes_of(TimeSlot), headcount=COUNTS)
    def correct(self, place, day, slot, headcount):
        place_id, org, opened_on = place
        self.attempt(lambda: self.mp.visits.correct(
            c.CorrectTally(place_id, org, opened_on + timedelta(days=day), slot, headcount)))

    @rule(target=clients, org=ORGS, given=GIVEN, valid_for=st.none() | st.integers(0, 4000),
          parties=st.sampled_from([["MEETING_PLACE"], ["MEETING_PLACE", "KELA"], ["KELA"]]),
          purposes=st.sampled_from([["PARTICIPATION_RECORDING"]] * 3 + [["REFERRAL"]]),
          registered=st.booleans())
    def client(self, org, given, valid_for, parties, purposes, registered):
        client_id, consent_id = uuid4(), uuid4()
        if registered:
            self.intake_says(examples.client_registered(client_id=client_id), org)
        self.intake_says(examples.consent_recorded(
            client_id=client_id, consent_id=consent_id, parties=parties, purposes=purposes,
            given_on=given, valid_until=None if valid_for is None else given + timedelta(days=valid_for)), org)
        return client_id, org, consent_id, given

    def consenting(self, org):
        """A client of ``org`` consenting to identified participation since 2009."""
        client_id, consent_id = uuid4(), uuid4()
        self.intake_says(examples.client_registered(client_id=client_id), org)
        self.intake_says(examples.consent_recorded(
            client_id=client_id, consent_id=consent_id, parties=["MEETING_PLACE"],
            purposes=["PARTICIPATION_RECORDING"], given_on=date(2009, 1, 1), valid_until=None), org)
        return client_id, org, consent_id, date(2009, 1, 1)

    @rule(target=clients, place=places, day=st.integers(-2, 400), slot=codes_of(TimeSlot),
          purpose=st.none() | codes_of(VisitPurpose))
    def regular_visitor(self, place, day, slot, purpose):
        """The path most identified visits take: a consenting client of the place's own."""
        place_id, org, opened_on = place
        client = self.consenting(org)
        self.attempt(lambda: self.mp.visits.record_identified(c.RecordIdentifiedVisit(
            place_id, org, client[0], opened_on + timedelta(days=day), slot, purpose)))
        return client

    @rule(activity=activities, late=st.integers(-1, 1), attendees=st.integers(0, 5),
          attended=st.lists(st.booleans(), max_size=4), pay=st.none() | st.integers(0, 1000))
    def group_session(self, activity, late, attendees, attended, pay):
        """A session held with consenting clients of the activity's own organisation."""
        activity_id, org, planned_on = activity
        started = datetime.combine(planned_on + timedelta(days=late), time(17, 0), UTC)
        participants = tuple(c.Participant(self.consenting(org)[0], came, pay if came else None)
                             for came in attended)
        self.attempt(lambda: self.mp.activities.hold(c.HoldActivity(
            activity_id, org, started, 90, attendees, None, participants)))

    @rule(client=clients, org=ORGS, after=st.integers(0, 400),
          how=st.sampled_from(["whole", "place", "kela", "void", "erase"]))
    def client_changes(self, client, org, after, how):
        client_id, _, consent_id, given = client
        day = given + timedelta(days=after)
        payload = {
            "whole": lambda: examples.consent_withdrawn(client_id=client_id, consent_id=consent_id,
                                                        withdrawn_on=day, whole_consent=True, parties_affected=[]),
            "place": lambda: examples.consent_withdrawn(client_id=client_id, consent_id=consent_id,
                                                        withdrawn_on=day, parties_affected=["MEETING_PLACE"]),
            "kela": lambda: examples.consent_withdrawn(client_id=client_id, consent_id=consent_id,
                                                       withdrawn_on=day, parties_affected=["KELA"]),
            "void": lambda: examples.client_registration_voided(client_id=client_id, voided_on=day,
                                                                duplicate_of=None, reason="RECORDED_IN_ERROR"),
            "erase": lambda: examples.client_erased(client_id=client_id),
        }[how]()
        self.intake_says(payload, org)  # now and then the "wrong" organisation: dead-lettered

    @rule(place=places, client=clients, day=st.integers(-5, 400), slot=codes_of(TimeSlot),
          purpose=st.none() | codes_of(VisitPurpose), activity=st.none() | activities)
    def identified_visit(self, place, client, day, slot, purpose, activity):
        place_id, org, opened_on = place
        self.attempt(lambda: self.mp.visits.record_identified(c.RecordIdentifiedVisit(
            place_id, org, client[0], opened_on + timedelta(days=day), slot, purpose,
            activity[0] if activity else None)))

    @rule(target=activities, place=st.none() | places, org=ORGS, kind=codes_of(ActivityType),
          theme=codes_of(ActivityTheme), organisers=lists_of(Organiser), planned=st.integers(-5, 400) | OFFSETS,
          sensitive=st.booleans(), municipality=st.none() | st.sampled_from(["301", "743", "000"]),
          invited=st.none() | COUNTS)
    def plan(self, place, org, kind, theme, organisers, planned, sensitive, municipality, invited):
        opened_on = place[2] if place else date(2013, 1, 1)
        org = place[1] if place else org
        activity_id = self.attempt(lambda: self.mp.activities.plan(c.PlanActivity(
            org, kind, theme, tuple(organisers), opened_on + timedelta(days=planned), sensitive,
            meeting_place_id=place[0] if place else None, municipality_code=municipality,
            invited_count=invited)))
        return (activity_id, org, opened_on + timedelta(days=planned)) if activity_id else multiple()

    @rule(activity=activities, late=st.integers(-2, 3), duration=st.integers(-1, 1500),
          attendees=st.integers(-1, 6), invited=st.none() | COUNTS,
          who=st.lists(st.tuples(clients, st.booleans(), st.none() | st.integers(-1, 100_001)), max_size=3))
    def hold(self, activity, late, duration, attendees, invited, who):
        activity_id, org, planned_on = activity
        started = datetime.combine(planned_on + timedelta(days=late), time(14, 30), UTC)
        participants = tuple(c.Participant(cl[0], attended, pay) for cl, attended, pay in who)
        self.attempt(lambda: self.mp.activities.hold(c.HoldActivity(
            activity_id, org, started, duration, attendees, invited, participants)))

    @rule(activity=activities, before=st.integers(-3, 30), reason=codes_of(CancellationReason),
          signups=st.none() | COUNTS)
    def cancel(self, activity, before, reason, signups):
        activity_id, org, planned_on = activity
        self.attempt(lambda: self.mp.activities.cancel(c.CancelActivity(
            activity_id, org, planned_on - timedelta(days=before), reason, None, signups)))

    @rule(activity=activities, who=st.lists(st.tuples(clients, st.booleans()), min_size=1, max_size=3))
    def participate(self, activity, who):
        activity_id, org, _ = activity
        self.attempt(lambda: self.mp.activities.record_participations(c.RecordParticipations(
            activity_id, org, tuple(c.Participant(cl[0], attended) for cl, attended in who))))

    @rule(org=ORGS, place=st.none() | places, form=codes_of(PeerSupportForm), day=DAYS,
          client=st.none() | clients, recipients=COUNTS, municipality=st.none() | st.sampled_from(["301", "000"]))
    def peer_support(self, org, place, form, day, client, recipients, municipality):
        self.attempt(lambda: self.mp.peer_support.provide(c.ProvidePeerSupport(
            place[1] if place else org, form, day, meeting_place_id=place[0] if place else None,
            municipality_code=municipality, client_id=client[0] if client else None,
            recipient_count=recipients)))

    @invariant()
    def everything_stored_can_be_published(self):
        if hasattr(self, "mp"):
            publishable(self.mp.store, self.translate)


MeetingplaceCommands.TestCase.settings = settings(
    max_examples=120, stateful_step_count=30, deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)
test_whatever_meetingplace_accepts_it_can_publish = MeetingplaceCommands.TestCase
