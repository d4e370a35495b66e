"""Synthetic people: identity codes with individual numbers 900–999 (never issued to
residents, so no code is a real person's) and names that say they are synthetic."""

from __future__ import annotations

import random
from datetime import date, timedelta

from kohtaamo.intake.domain.hetu import PersonalIdentityCode

from .codes import AGES

FIRST_NAME = "Synteettinen"
LETTERS = "abcdefghijklmnopqrstuvwxyz"


def last_name(n: int) -> str:
    """``Asiakas Ab``…: letters only (a name takes no digits), distinct per client."""
    letters = ""
    n += 26 * 27  # at least three letters
    while n:
        n, k = divmod(n, 26)
        letters = LETTERS[k] + letters
    return "Asiakas " + letters.capitalize()


class Codes:
    """Distinct identity codes, in the order they are asked for (so deterministic)."""

    def __init__(self) -> None:
        self._taken: set[tuple[date, int]] = set()

    def person(self, rng: random.Random, registered: date, gender: str) -> str:
        low, high, _ = rng.choices(AGES, weights=[w for *_, w in AGES])[0]
        age_days = rng.randrange(low * 365 + 1, (high + 1) * 365 - 1)
        birth = registered - timedelta(days=age_days)
        # The individual number's parity follows the legal gender, as in real codes.
        parity = {"MALE": 1, "FEMALE": 0}.get(gender, rng.randrange(2))
        return self.code(birth, parity, rng.randrange(50))

    def typo_of(self, code: str, rng: random.Random) -> str:
        """Another code of the same birth date: a duplicate registered with a mistyped number."""
        parsed = PersonalIdentityCode.parse(code)
        return self.code(parsed.birth_date, int(code[7:10]) % 2, rng.randrange(50))

    def code(self, birth: date, parity: int, start: int) -> str:
        while True:
            for k in range(50):
                individual = 900 + 2 * ((start + k) % 50) + parity
                if (birth, individual) not in self._taken:
                    self._taken.add((birth, individual))
                    return PersonalIdentityCode.compose(birth, individual).value
            birth -= timedelta(days=1)  # fifty people of one birth date and gender already
