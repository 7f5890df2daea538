"""Amounts of won: parsing as people write them, formatting by unit, exact splitting.

Money is an ``int`` of won everywhere in gangso. ``Decimal`` and ``Fraction`` appear only
while parsing text and while splitting a pool by shares; this module owns all rounding.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

__all__ = [
    "DISPLAY_UNITS",
    "MAX_WON",
    "AmountError",
    "DisplayUnit",
    "apportion",
    "format_korean",
    "format_won",
    "parse_amount",
    "parse_share",
    "parse_unit",
    "percent_of",
]

#: No real budget comes near this (1,000조 원); anything above is a typo or an attack.
MAX_WON = 10**15

_BIG = {"조": 10**12, "억": 10**8, "만": 10**4}
_SMALL = {"천": 1000, "백": 100, "십": 10}

# One group: an optional number, an optional small unit (천/백/십), an optional big unit
# (만/억/조). "1억 2천만" is two groups; "500백만" is one (500 × 100 × 10,000).
_GROUP = re.compile(
    r"\s*(?P<num>\d[\d,_]*(?:\.\d+)?)?\s*(?P<small>[천백십])?\s*(?P<big>[만억조])?",
)
_PLAIN_NUMBER = re.compile(r"[+-]?\d[\d,_]*(?:\.\d+)?(?:[eE][+-]?\d+)?")


class AmountError(ValueError):
    """A value that is not a valid amount, share or unit; the message says how to fix it."""


def _to_decimal(text: str) -> Decimal:
    cleaned = text.replace(",", "").replace("_", "")
    try:
        return Decimal(cleaned)
    except InvalidOperation as exc:  # pragma: no cover - the regexes admit only digits
        raise AmountError(f"{text!r} is not a number") from exc


def _parse_korean(text: str) -> Decimal | None:
    """Parse Korean large-number notation ("60억", "1억 2천만", "500백만"); None if not it."""
    pos, total, last_big = 0, Decimal(0), 10**16
    while pos < len(text):
        match = _GROUP.match(text, pos)
        if match is None or match.end() == pos:
            return None
        num = _to_decimal(match["num"]) if match["num"] else Decimal(1)
        small = _SMALL[match["small"]] if match["small"] else 1
        big = _BIG[match["big"]] if match["big"] else 1
        # Groups run from the largest unit down: "2천만 1억" is a typo, not 1.2억; and a
        # group without 만/억/조 ("3", "5천") can only be the last one.
        if big >= last_big:
            return None
        last_big = big
        total += num * small * big
        pos = match.end()
    return total


def parse_amount(value: object) -> int:
    """Parse an amount of won written as people write it.

    Accepts integers (``6000000000``), numeric strings with thousands separators
    (``"6,000,000,000"``, ``"6_000_000_000"``), and Korean notation (``"60억"``,
    ``"1억 2천만"``, ``"12억 원"``, ``"500백만원"``, ``"1.5억"``). The value must be a
    whole number of won, from 0 to ``MAX_WON``.

    Raises:
        AmountError: the value is not an amount, is fractional, negative or too large.
    """
    if isinstance(value, bool):
        raise AmountError(
            f"expected an amount of won, got the boolean {str(value).lower()} "
            "(YAML reads yes/no/on/off as booleans); write e.g. 60억 or 6,000,000,000"
        )
    if isinstance(value, int):
        amount = Decimal(value)
    elif isinstance(value, Decimal):
        amount = value
    elif isinstance(value, float):
        # Never trust binary floating point with money; gangso's own YAML loader yields
        # Decimal, so a float only comes from callers using the library directly.
        raise AmountError(f"{value!r} is a float; write the amount as an integer or '60억'")
    elif isinstance(value, str):
        text = value.strip().removesuffix("원").strip()
        negative = text.startswith("-")
        body = text.removeprefix("-").removeprefix("+").strip()
        if not body:
            raise AmountError(f"{value!r} is not an amount; write e.g. 60억 or 6,000,000,000")
        if _PLAIN_NUMBER.fullmatch(body):
            parsed: Decimal | None = _to_decimal(body)
        else:
            parsed = _parse_korean(body)
        if parsed is None:
            raise AmountError(
                f"{value!r} is not an amount; write won as 6000000000, '6,000,000,000' "
                "or in Korean units: '60억', '1억 2천만', '500백만원'"
            )
        amount = -parsed if negative else parsed
    else:
        raise AmountError(f"expected an amount of won, got {type(value).__name__}")
    # Bounds first: int() of a Decimal like 1e999999999 would never finish.
    if amount < 0:
        raise AmountError(f"{value} is negative; amounts of won are 0 or more")
    if amount > MAX_WON:
        raise AmountError(f"{value} is beyond any real budget (more than 1,000조 원)")
    if amount != amount.to_integral_value():
        raise AmountError(f"{value} is not a whole number of won ({amount} 원)")
    return int(amount)


def parse_share(value: object) -> Decimal:
    """Parse a percentage share written as ``"30%"`` (or ``"12.5 %"``) into percent.

    Raises:
        AmountError: not a percentage, or outside 0–100%.
    """
    if not isinstance(value, str) or not value.strip().endswith("%"):
        raise AmountError(f"{value!r} is not a share; write a percentage such as '30%'")
    body = value.strip().removesuffix("%").strip()
    if not re.fullmatch(r"\d+(?:\.\d+)?", body):
        raise AmountError(f"{value!r} is not a share; write a percentage such as '30%'")
    percent = Decimal(body)
    if percent > 100:
        raise AmountError(f"{value!r} is more than 100%")
    return percent


@dataclass(frozen=True)
class DisplayUnit:
    """A unit for showing amounts: its Korean name, its size in won and its decimals."""

    name: str
    won: int
    decimals: int

    def caption(self) -> str:
        """The caption Korean budget tables carry, e.g. ``단위: 백만원``."""
        return f"단위: {self.name}"


DISPLAY_UNITS: dict[str, DisplayUnit] = {
    "원": DisplayUnit("원", 1, 0),
    "천원": DisplayUnit("천원", 1_000, 0),
    "백만원": DisplayUnit("백만원", 1_000_000, 0),
    "억원": DisplayUnit("억원", 100_000_000, 2),
}


def parse_unit(name: str) -> DisplayUnit:
    """Look up a display unit by its Korean name (``원``, ``천원``, ``백만원``, ``억원``)."""
    try:
        return DISPLAY_UNITS[name.strip()]
    except KeyError:
        raise AmountError(f"unknown unit {name!r}; use one of {', '.join(DISPLAY_UNITS)}") from None


def format_won(won: int, unit: DisplayUnit = DISPLAY_UNITS["원"]) -> str:
    """Format won in a display unit with thousands separators, rounding half up.

    Display rounding is per cell: totals are always computed in exact won first.
    """
    if unit.won == 1:
        return f"{won:,}"
    quantum = Decimal(1).scaleb(-unit.decimals)
    shown = (Decimal(won) / unit.won).quantize(quantum, rounding=ROUND_HALF_UP)
    return f"{shown:,.{unit.decimals}f}"


def percent_of(part: int, whole: int) -> Decimal | None:
    """``part`` as a percentage of ``whole`` with one decimal, rounded half up, exactly
    (integer arithmetic, no float); None when ``whole`` is 0."""
    if not whole:
        return None
    tenths = (part * 1000 + whole // 2) // whole
    return (Decimal(tenths) / 10).quantize(Decimal("0.1"))


def format_korean(won: int) -> str:
    """Write won in Korean units as people type them: ``60억``, ``3억 5000만``, ``1만 2345``.

    The result parses back to the same amount with :func:`parse_amount`.
    """
    if won == 0:
        return "0"
    parts = []
    rest = won
    for name, size in _BIG.items():  # 조, 억, 만: largest first
        count, rest = divmod(rest, size)
        if count:
            parts.append(f"{count}{name}")
    if rest:
        parts.append(str(rest))
    return " ".join(parts)


def apportion(
    numerators: Sequence[int], denominator: int, total: int, unit: int, keys: Sequence[object]
) -> list[int]:
    """Round exact amounts to multiples of ``unit`` so that they add up to ``total``.

    Each part's exact amount is ``numerators[i] / denominator`` won: integers over one
    common denominator keep the arithmetic exact without ``Fraction`` objects (ten times
    faster on a 100k-line budget).

    Largest-remainder method: every part first gets its exact amount rounded down to the
    unit; the units left over go one each to the parts with the largest remainders. Ties
    go to the smaller key, so the result does not depend on the order of the parts. When
    ``total`` is not a multiple of ``unit``, the last few won go to the next part in line.

    Args:
        numerators: each part's exact amount in won, times ``denominator``.
        denominator: the common denominator (1 when the amounts are whole won).
        total: the whole, in won; the result adds up to it exactly.
        unit: the rounding unit in won (1 for none).
        keys: one sortable key per part, for the tie-break.
    """
    if not numerators:
        return []
    step = denominator * unit
    floors = [n // step * unit for n in numerators]
    leftover = total - sum(floors)
    if leftover <= 0:  # the exact parts overshoot the whole: keep the floors, checks flag it
        return floors
    ranked = sorted(
        range(len(numerators)),
        # the remainder is numerator - floor × denominator: largest first
        key=lambda i: (floors[i] * denominator - numerators[i], keys[i]),
    )
    whole_units, residue = divmod(leftover, unit)
    rounds, extra = divmod(whole_units, len(numerators))
    result = [f + rounds * unit for f in floors]
    for i in ranked[:extra]:
        result[i] += unit
    result[ranked[extra % len(numerators)]] += residue
    return result
