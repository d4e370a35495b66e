"""Activities at the meeting places: groups, cafés, forums and info sessions; some held
with nobody there, some cancelled; identified participants are consenting clients of the
place's organisation, a few of them recorded only later (``domain.md`` §9 IND-15, IND-16)."""

from __future__ import annotations

import random
from collections import defaultdict
from collections.abc import Iterable
from datetime import date, datetime, time, timedelta
from typing import TYPE_CHECKING

from . import codes, staff
from .days import between
from .kuty import HELSINKI
from .places import Place, months
from .plan import Command, Race, Ref, client_ref

if TYPE_CHECKING:
    from .clients import Client

CANCELLED = 0.08
EMPTY = 0.06  # held, and nobody came (a residents' forum, a café)
SENSITIVE = 0.05  # membership itself sensitive: headcounts only
LATE_PARTICIPANTS = 0.05
THEMES = {"GROUP_COACHING": "EVERYDAY_SKILLS", "PEER_GROUP": "PEER_SUPPORT", "OPEN_GROUP": "CULTURE_AND_CRAFTS",
          "CLOSED_GROUP": "WELLBEING_AND_RELATIONSHIPS", "DISCUSSION_CAFE": "INCOME_AND_FINANCES",
          "RESIDENTS_FORUM": "COMMUNITY_AND_NEIGHBOURHOOD", "INFO_SESSION": "STUDY_AND_BENEFITS",
          "THEMED_MEETING": "WORK_AND_ACTIVATION", "EXERCISE_GROUP": "HEALTH_AND_EXERCISE"}


def pools(clients: Iterable[Client]) -> dict[tuple[str, date], list[Client]]:
    """Per organisation and month, the clients who may be named in a meeting place then."""
    out: dict[tuple[str, date], list[Client]] = defaultdict(list)
    for c in clients:
        if c.meeting_place_consent is None or c.voided:
            continue
        for month in months(c.meeting_place_consent):
            if month > c.last_day:
                break
            out[c.org, month].append(c)
    return out


def activities(seed: int, p: Place, per_month: int, pool: dict[tuple[str, date], list[Client]]
               ) -> tuple[list[Command], list[Command]]:
    """The place's activities: (planned and held or cancelled, participants recorded late)."""
    out: list[Command] = []
    late: list[Command] = []
    worker = staff.meetingplace_worker(p.org)
    for month in months(p.opened):
        rng = random.Random(f"{seed}/activities/{p.key}/{month}")
        last = min((month + timedelta(days=31)).replace(day=1) - timedelta(days=1), codes.WINDOW_END)
        for k in range(per_month):
            key = f"{p.key}/{month:%Y-%m}/{k}"
            kind = rng.choice(codes.QUALIFYING_GROUPS + codes.QUALIFYING_GROUPS + codes.OTHER_ACTIVITIES)
            day = between(rng, max(month, p.opened), last)
            sensitive = rng.random() < SENSITIVE
            ref = Ref("activity", key)
            out.append(Command("meetingplace", "POST", "/activities", worker,
                               {"activity_type": kind, "theme": THEMES[kind], "organisers": ["PROJECT", "NGO"],
                                "planned_on": day.isoformat(), "sensitive_membership": sensitive,
                                "meeting_place_id": p.ref, "project_id": codes.PROJECT},
                               owner=key, saves={"activity": "id"}, day=day))
            draw = rng.random()
            if draw < CANCELLED:
                cancelled = max(day - timedelta(days=rng.randrange(0, 8)), p.opened)
                out.append(Command("meetingplace", "POST", "/activities/{activity}/cancellation", worker,
                                   {"cancelled_on": cancelled.isoformat(),
                                    "reason": rng.choice(("TOO_FEW_SIGNUPS", "TOO_FEW_SIGNUPS", "STAFF", "VENUE")),
                                    "signup_count": rng.randrange(0, 3)},
                                   path={"activity": ref}, owner=key, events=(("meetingplace.activities", 1),),
                                   day=cancelled))
                continue
            attendees = 0 if draw < CANCELLED + EMPTY else rng.randrange(2, 16)
            named = [] if sensitive else participants(rng, pool.get((p.org, month), []), day, attendees, kind)
            later = named[len(named) // 2:] if named and rng.random() < LATE_PARTICIPANTS else []
            now = named[: len(named) - len(later)]
            started = datetime.combine(day, time(rng.choice((10, 12, 13, 17))), tzinfo=HELSINKI)
            # Named participants are clients meetingplace knows only once intake's events
            # (registration, consent) have reached it: the same wait as an identified visit.
            out.append(Command("meetingplace", "POST", "/activities/{activity}/held", worker,
                               {"started_at": started.isoformat(), "duration_min": rng.choice((60, 90, 120, 180)),
                                "attendee_count": attendees, "participants": now},
                               path={"activity": ref}, owner=key, race=Race.CONSENT if now else Race.NONE,
                               events=(("meetingplace.activities", 1), ("meetingplace.participations", len(now))),
                               day=day))
            if later:
                late.append(Command("meetingplace", "POST", "/activities/{activity}/participations", worker,
                                    {"participants": later}, path={"activity": ref}, owner=key, race=Race.CONSENT,
                                    events=(("meetingplace.participations", len(later)),), day=day))
    return out, late


def participants(rng: random.Random, pool: list[Client], day: date, attendees: int, kind: str) -> list[dict]:
    """Up to half the attendees by name, and now and then someone signed up who did not come."""
    named = attendees // 2
    # The month's pool holds the clients named-able some day that month; a sample of it
    # is checked for the day itself (cheaper than filtering thousands per activity).
    drawn = rng.sample(pool, min(len(pool), 3 * (named + 1)))
    fits = [c for c in drawn if c.registered <= day <= c.last_day
            and c.meeting_place_consent is not None and c.meeting_place_consent <= day]
    chosen = fits[: named + 1]
    out = [{"client_id": client_ref(c.n), "attended": True} for c in chosen[:named]]
    if kind in codes.QUALIFYING_GROUPS:
        for c in chosen[:named]:
            c.qualifying.append(day)
    if len(chosen) > named and rng.random() < 0.5:
        out.append({"client_id": client_ref(chosen[named].n), "attended": False})
    return out
