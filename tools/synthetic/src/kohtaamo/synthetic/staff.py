"""The programme's staff: who sends which command (each route's role, as staff use it)."""

from __future__ import annotations

from .plan import Actor

CASEWORKERS_PER_CLIENT = 1 / 35  # an own worker carries about 35 clients


def intake_worker(org: str) -> Actor:
    return Actor(f"synthetic-intake-{org}", "intake_worker", org)


def manager(org: str) -> Actor:
    return Actor(f"synthetic-manager-{org}", "manager", org)


def meetingplace_worker(org: str) -> Actor:
    return Actor(f"synthetic-narikka-{org}", "meetingplace_worker", org)


def caseworker(org: str, k: int) -> Actor:
    # One team per organisation: a caseworker hands a client over within their own team.
    return Actor(f"synthetic-cw-{org}-{k:03d}", "caseworker", org, team=f"soku-{org}")


def caseworkers(org: str, clients: int) -> list[Actor]:
    return [caseworker(org, k) for k in range(max(2, round(clients * CASEWORKERS_PER_CLIENT)))]
