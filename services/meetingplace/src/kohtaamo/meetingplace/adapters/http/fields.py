"""Field types of meetingplace's request bodies: safe text, bounded counts, money."""

from __future__ import annotations

import unicodedata
from decimal import Decimal
from typing import Annotated

from kohtaamo.contracts.municipalities import MUNICIPALITIES
from pydantic import AfterValidator, BaseModel, ConfigDict, Field

from ...domain.limits import MAX_COMPENSATION_CENTS, MAX_HEADCOUNT, MAX_INVITED


class Body(BaseModel):
    model_config = ConfigDict(extra="forbid")


def _safe_text(value: str) -> str:
    # Control and format characters (NUL, bidirectional overrides...) hide or reorder what
    # staff read; NFC so that "ä" typed two ways is one name.
    value = unicodedata.normalize("NFC", value).strip()
    if any(unicodedata.category(ch) in ("Cc", "Cf", "Co", "Cs") for ch in value):
        raise ValueError("contains control or formatting characters")
    if not value:
        raise ValueError("must not be empty")
    return value


def _municipality(value: str) -> str:
    if value not in MUNICIPALITIES:
        raise ValueError(f"unknown municipality code {value!r}")
    return value


Name = Annotated[str, Field(min_length=1, max_length=100), AfterValidator(_safe_text)]
MunicipalityCode = Annotated[
    str, Field(pattern=r"^\d{3}$", description="Statistics Finland code, e.g. 301 (Kurikka)"),
    AfterValidator(_municipality),
]
ProjectId = Annotated[str, Field(pattern=r"^[A-Za-z0-9][A-Za-z0-9_-]{0,39}$",
                                 description="e.g. the EURA code S20397")]
Headcount = Annotated[int, Field(ge=0, le=MAX_HEADCOUNT)]
Invited = Annotated[int, Field(ge=0, le=MAX_INVITED)]
TimeOfDay = Annotated[str, Field(pattern=r"^([01]\d|2[0-3]):[0-5]\d$", examples=["10:00"])]
Euros = Annotated[
    Decimal,
    Field(gt=0, le=Decimal(MAX_COMPENSATION_CENTS) / 100, max_digits=7, decimal_places=2,
          description="Compensation paid, in euros (e.g. 9.00). Stays in meetingplace."),
]


def cents(amount: Decimal | None) -> int | None:
    return None if amount is None else int(amount * 100)


def euros(amount_cents: int | None) -> Decimal | None:
    return None if amount_cents is None else (Decimal(amount_cents) / 100).quantize(Decimal("0.01"))
