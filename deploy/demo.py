"""Register a few synthetic clients through intake and print reporting's indicator.

Run by ``make demo`` once ``make up`` has the services answering. The identity codes use
individual numbers 900–999, which are never issued to residents.
"""

from __future__ import annotations

import random
import sys
import time
from datetime import date, timedelta

import httpx

from kohtaamo.intake.domain.hetu import PersonalIdentityCode
from kohtaamo.servicekit.auth import issue_token
from kohtaamo.servicekit.settings import AuthSettings

INTAKE = "http://127.0.0.1:8001"
REPORTING = "http://127.0.0.1:8004"
SOKU_WINDOW = {"project": "S20397", "period": "window"}  # Valkeakoski (908) runs SoKu
SOURCES = ["SELF", "OUTREACH", "SOCIAL_OFFICE", "TE_OFFICE", "KELA", "NGO"]


def bearer(role: str) -> dict[str, str]:
    token = issue_token(AuthSettings(), sub="demo", roles=[role], org="908")
    return {"Authorization": f"Bearer {token}"}


def current_count(client: httpx.Client) -> int:
    response = client.get(f"{REPORTING}/indicators/clients-registered", headers=bearer("manager"),
                          params=SOKU_WINDOW)
    response.raise_for_status()
    return response.json()["value"] or 0  # 1-4 are published as <5


def main(count: int = 12) -> None:
    rng = random.Random()
    with httpx.Client(timeout=10) as client:
        before = current_count(client)
        for i in range(count):
            birth = date(1965, 1, 1) + timedelta(days=rng.randrange(0, 365 * 40))
            code = PersonalIdentityCode.compose(birth, rng.randrange(900, 1000))
            response = client.post(
                f"{INTAKE}/clients",
                headers=bearer("intake_worker"),
                json={
                    "first_name": "Demo", "last_name": f"Asiakas {i + 1}",
                    "personal_identity_code": code.value, "municipality_code": "908",
                    "referral_source": rng.choice(SOURCES), "project_id": "S20397",
                    "registered_on": (date(2015, 9, 1) + timedelta(days=rng.randrange(0, 1186))).isoformat(),
                },
            )
            if response.status_code not in (201, 409):
                sys.exit(f"intake refused a registration: {response.status_code} {response.text}")
            print(f"POST /clients -> {response.status_code} {response.json()}")
        expected = before + count
        deadline = time.monotonic() + 30
        value = current_count(client)
        while value < expected and time.monotonic() < deadline:
            time.sleep(0.2)
            value = current_count(client)
        response = client.get(f"{REPORTING}/indicators/clients-registered", headers=bearer("manager"),
                              params=SOKU_WINDOW)
        print(f"GET /indicators/clients-registered -> {response.json()}")
    dashboard_sign_in()


def dashboard_sign_in() -> None:
    """The dashboard's address, and a token to paste into its sign-in form."""
    token = issue_token(AuthSettings(), sub="demo", roles=["project_manager"], org="908",
                        projects=["S20397"])
    print(f"\nDashboard: {REPORTING}/dashboard (sign in at {REPORTING}/dashboard/sign-in"
          f" with this project manager's token, valid 8 hours):\n{token}")


if __name__ == "__main__":
    main()
