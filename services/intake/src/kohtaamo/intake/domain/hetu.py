"""Henkilötunnus (Finnish personal identity code): format, date and check character.

Format DDMMYYCZZZQ: birth date, century sign, individual number, check character.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

_CENTURIES = {"+": 1800, "-": 1900, "Y": 1900, "X": 1900, "W": 1900, "V": 1900, "U": 1900,
              "A": 2000, "B": 2000, "C": 2000, "D": 2000, "E": 2000, "F": 2000}
_CHECK_CHARS = "0123456789ABCDEFHJKLMNPRSTUVWXY"
_PATTERN = re.compile(r"^(\d{2})(\d{2})(\d{2})([-+A-FU-Y])(\d{3})([0-9A-Y])$")


class InvalidPersonalIdentityCode(ValueError):
    pass


@dataclass(frozen=True)
class PersonalIdentityCode:
    value: str
    birth_date: date

    @classmethod
    def parse(cls, raw: str) -> PersonalIdentityCode:
        text = raw.strip().upper()
        match = _PATTERN.match(text)
        if match is None:
            raise InvalidPersonalIdentityCode(
                "must have the form DDMMYYCZZZQ, e.g. 131052-308T"
            )
        day, month, year, sign, individual, check = match.groups()
        try:
            birth = date(_CENTURIES[sign] + int(year), int(month), int(day))
        except ValueError:
            raise InvalidPersonalIdentityCode(
                f"{day}.{month}. is not a date in year {_CENTURIES[sign] + int(year)}"
            ) from None
        if int(individual) < 2:
            raise InvalidPersonalIdentityCode("individual number must be 002–999")
        expected = _CHECK_CHARS[int(f"{day}{month}{year}{individual}") % 31]
        if check != expected:
            raise InvalidPersonalIdentityCode("check character does not match")
        return cls(value=text, birth_date=birth)

    def age_on(self, day: date) -> int:
        before_birthday = (day.month, day.day) < (self.birth_date.month, self.birth_date.day)
        return day.year - self.birth_date.year - int(before_birthday)

    @classmethod
    def compose(cls, birth_date: date, individual: int) -> PersonalIdentityCode:
        """Build a valid code; synthetic data uses individual numbers 900–999 (never issued
        to residents), so generated codes cannot be a real person's."""
        sign = {1800: "+", 1900: "-", 2000: "A"}[birth_date.year // 100 * 100]
        digits = f"{birth_date:%d%m%y}{individual:03d}"
        return cls.parse(f"{digits[:6]}{sign}{digits[6:]}{_CHECK_CHARS[int(digits) % 31]}")
