"""Print a development token: ``python -m kohtaamo.servicekit.devtoken --role intake_worker``."""

from __future__ import annotations

import argparse
from datetime import timedelta

from .settings import AuthSettings


def main(argv: list[str] | None = None) -> None:
    from .auth import issue_token

    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--role", action="append", required=True, help="repeat for several")
    parser.add_argument("--org", default="091", help="organisation (municipality) code")
    parser.add_argument("--project", action="append", default=[],
                        help="a project a project-wide role covers; repeat for several")
    parser.add_argument("--sub", default="dev-user", help="the staff member's id")
    parser.add_argument("--team", default=None, help="the team claim (casework's team leads)")
    parser.add_argument("--hours", type=float, default=8.0)
    args = parser.parse_args(argv)
    token = issue_token(
        AuthSettings(),
        sub=args.sub,
        roles=args.role,
        org=args.org,
        projects=args.project,
        ttl=timedelta(hours=args.hours),
        team=args.team,
    )
    print(token)


if __name__ == "__main__":
    main()
