"""Which characters a text field refuses, as one rule that both validates a value and
states itself as a JSON Schema ``pattern``, so the two cannot disagree."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cache
from typing import Any

Ranges = tuple[tuple[int, int], ...]

# Every code point of the categories Cc (controls), Cf (format: invisible), Zl and Zp (line and
# paragraph separators) in Python 3.11's Unicode 14.0; a unit test recomputes it from
# ``unicodedata`` so a Python upgrade cannot leave it stale. Surrogates (Cs) are refused too.
CONTROL_AND_FORMAT: Ranges = (
    (0x0000, 0x001F), (0x007F, 0x009F), (0x00AD, 0x00AD), (0x0600, 0x0605), (0x061C, 0x061C),
    (0x06DD, 0x06DD), (0x070F, 0x070F), (0x0890, 0x0891), (0x08E2, 0x08E2), (0x180E, 0x180E),
    (0x200B, 0x200F), (0x2028, 0x202E), (0x2060, 0x2064), (0x2066, 0x206F), (0xFEFF, 0xFEFF),
    (0xFFF9, 0xFFFB), (0x110BD, 0x110BD), (0x110CD, 0x110CD), (0x13430, 0x13438),
    (0x1BCA0, 0x1BCA3), (0x1D173, 0x1D17A), (0xE0001, 0xE0001), (0xE0020, 0xE007F),
)
SURROGATES: Ranges = ((0xD800, 0xDFFF),)

# What free text refuses: controls but tab, LF and CR; the bidirectional embeddings,
# overrides and isolates (they can make text display as something else); separators that
# are not newlines; the byte-order mark, interlinear annotations and the invisible tags.
FREE_TEXT_REFUSED: Ranges = (
    (0x0000, 0x0008), (0x000B, 0x000C), (0x000E, 0x001F), (0x007F, 0x009F),
    (0x2028, 0x202E), (0x2066, 0x206F), (0xFEFF, 0xFEFF), (0xFFF9, 0xFFFB),
    (0xE0001, 0xE0001), (0xE0020, 0xE007F),
)

# Trimmed at both ends (str.isspace() characters that are not refused anyway).
NAME_SPACES = " \u00a0\u1680" + "".join(map(chr, range(0x2000, 0x200B))) + "\u202f\u205f\u3000"
FREE_TEXT_SPACES = NAME_SPACES + "\t\n\r"


@dataclass(frozen=True)
class TextRule:
    refused: Ranges
    spaces: str
    newlines: bool

    @classmethod
    def for_names(cls) -> TextRule:
        return cls(CONTROL_AND_FORMAT, NAME_SPACES, newlines=False)

    @classmethod
    def for_free_text(cls) -> TextRule:
        return cls(FREE_TEXT_REFUSED, FREE_TEXT_SPACES, newlines=True)

    @property
    def schema(self) -> dict[str, Any]:
        """The rule as JSON Schema: a character that is not a space, and no refused one.

        Unanchored searches (no ``^``/``$``: Python's ``$`` also matches before a final
        newline, ECMAScript's does not), so every regex dialect reads them alike. BMP code
        points are written ``\\uXXXX``; the few above as themselves. Surrogates are left out:
        no dialect can name them, and the validator refuses them regardless."""
        blank = _class(tuple((ord(c), ord(c)) for c in self.spaces))
        return {"pattern": f"[^{blank}]", "not": {"pattern": f"[{_class(self.refused)}]"}}

    def clean(self, value: str) -> str:
        """The value trimmed and in NFC, or ValueError naming the first refused character."""
        found = self._refused_search(value)
        if found is not None:
            char = found.group()
            raise ValueError(
                f"contains {_describe(char)} at position {found.start() + 1}; "
                + ("only tabs and newlines are allowed among control characters"
                   if self.newlines else "control and invisible formatting characters are not allowed")
            )
        if self.newlines:
            value = value.replace("\r\n", "\n").replace("\r", "\n")
        trimmed = value.strip(self.spaces)
        if not trimmed:
            raise ValueError("must not be blank")
        return unicodedata.normalize("NFC", trimmed)

    def _refused_search(self, value: str) -> re.Match[str] | None:
        return _compiled(self.refused + SURROGATES).search(value)


@cache
def _compiled(ranges: Ranges) -> re.Pattern[str]:
    return re.compile(f"[{_class(ranges)}]")


def _class(ranges: Ranges) -> str:
    return "".join(_char(lo) if lo == hi else f"{_char(lo)}-{_char(hi)}" for lo, hi in ranges)


def _char(code_point: int) -> str:
    if code_point > 0xFFFF:
        return chr(code_point)
    return f"\\u{code_point:04x}"


def _describe(char: str) -> str:
    name = unicodedata.name(char, "")
    return f"U+{ord(char):04X}" + (f" ({name.lower()})" if name else "")
