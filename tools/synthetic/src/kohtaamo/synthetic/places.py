"""The meeting places (NARIKAT): opening, daily anonymous tallies a month per request, a
correction now and then, and anonymous peer support (``domain.md`` §3.3, §9 IND-14)."""

from __future__ import annotations

import math
import random
from dataclasses import dataclass
from datetime import date, timedelta

from . import codes, staff
from .days import between
from .plan import Command, Ref

WEEKDAYS = ("MONDAY", "TUESDAY", "WEDNESDAY", "THURSDAY", "FRIDAY")
CORRECTED = 0.03  # a month's sheet with one slot corrected afterwards
LATE_SHEETS = 0.04  # a month's sheet entered only after all the others


@dataclass(frozen=True)
class Place:
    key: str
    org: str
    municipality: str
    opened: date
    weekdays: tuple[int, ...]  # 0 = Monday
    whole_day: bool  # counted per day, not per part of the day
    size: int  # visitors on a usual day

    @property
    def ref(self) -> Ref:
        return Ref("place", self.key)


def places_for(org: str, clients: int) -> int:
    """SoKu's three NARIKAT for its 350 clients; a larger programme has more, sublinearly."""
    return max(1, round(math.sqrt(max(clients, 1)) / 8))


def place(seed: int, org: str, k: int) -> Place:
    rng = random.Random(f"{seed}/place/{org}/{k}")
    opened = codes.WINDOW_START if k == 0 else between(rng, codes.WINDOW_START, date(2017, 6, 30))
    days = tuple(sorted(rng.sample(range(5), rng.randrange(2, 6))))
    return Place(f"{org}-{k}", org, rng.choice(codes.MUNICIPALITIES[org]), opened, days, rng.random() < 0.3,
                 rng.randrange(5, 26))


def opening(p: Place) -> Command:
    hours = [{"weekday": WEEKDAYS[d], "opens": "10:00", "closes": "16:00"} for d in p.weekdays]
    body = {"name": f"NARIKKA {p.key}", "municipality_code": p.municipality,
            "premises": "NGO_HOUSE" if p.key.endswith("-0") else "RENTED_FLAT",
            "facilities": ["COMPUTER", "KITCHEN"], "free_of_charge": True, "opening_hours": hours,
            "opened_on": p.opened.isoformat(), "project_id": codes.PROJECT}
    return Command("meetingplace", "POST", "/meeting-places", staff.meetingplace_worker(p.org), body,
                   owner=p.key, saves={"place": "id"}, events=(("meetingplace.places", 1),), day=p.opened)


def months(first: date) -> list[date]:
    out, day = [], first.replace(day=1)
    while day <= codes.WINDOW_END:
        out.append(day)
        day = (day + timedelta(days=32)).replace(day=1)
    return out


def tallies(seed: int, p: Place) -> tuple[list[Command], list[Command]]:
    """The place's monthly sheets: (in order, entered late)."""
    on_time: list[Command] = []
    late: list[Command] = []
    worker = staff.meetingplace_worker(p.org)
    for month in months(p.opened):
        rng = random.Random(f"{seed}/tally/{p.key}/{month}")
        # Summers are busier (Kyläkulma's ≈200 a month against ≈50 in March).
        season = 1.6 if month.month in (6, 7, 8) else 1.0
        rows = []
        day = max(month, p.opened)
        while day.month == month.month and day <= codes.WINDOW_END:
            if day.weekday() in p.weekdays:
                slots = ("WHOLE_DAY",) if p.whole_day else ("MORNING", "AFTERNOON")
                for slot in slots:
                    mean = p.size * season / len(slots)
                    rows.append({"visit_date": day.isoformat(), "time_slot": slot,
                                 "headcount": max(0, round(rng.gauss(mean, mean / 3)))})
            day += timedelta(days=1)
        if not rows:
            continue
        sheet = Command("meetingplace", "POST", "/meeting-places/{place}/tallies", worker, {"rows": rows},
                        path={"place": p.ref}, owner=p.key, events=(("meetingplace.visits", len(rows)),),
                        day=month)
        (late if rng.random() < LATE_SHEETS else on_time).append(sheet)
        if rng.random() < CORRECTED:
            row = rng.choice(rows)
            late.append(Command("meetingplace", "PUT", "/meeting-places/{place}/tallies/{date}/{slot}", worker,
                                {"headcount": row["headcount"] + rng.randrange(1, 4)},
                                path={"place": p.ref, "date": Ref(row["visit_date"], "literal"),
                                      "slot": Ref(row["time_slot"], "literal")},
                                owner=p.key, events=(("meetingplace.visits", 1),), day=month))
    return on_time, late


def peer_support(seed: int, p: Place) -> list[Command]:
    """Anonymous peer support: a group now and then, online support counted by month."""
    out = []
    worker = staff.meetingplace_worker(p.org)
    for month in months(p.opened):
        rng = random.Random(f"{seed}/peer/{p.key}/{month}")
        for _ in range(rng.randrange(0, 3)):
            last = min((month + timedelta(days=31)).replace(day=1) - timedelta(days=1), codes.WINDOW_END)
            day = between(rng, max(month, p.opened), last)
            body = {"form": rng.choice(("GROUP", "GROUP", "ONLINE")), "provided_on": day.isoformat(),
                    "recipient_count": rng.randrange(1, 9)}
            if body["form"] == "GROUP":
                path_body = {"meeting_place_id": p.ref}
            else:
                path_body = {"municipality_code": p.municipality}
            out.append(Command("meetingplace", "POST", "/peer-support", worker, body | path_body, owner=p.key,
                               events=(("meetingplace.peer-support", 1),), day=day))
    return out
