"""Amounts of won: parsing as people write them, formatting by unit, exact splitting.

Money is an ``int`` of won everywhere in gangso. ``Decimal`` and ``Fraction`` appear only
while parsing text and while splitting a pool by shares; this module owns all rounding.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

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
    "percent_text",
]

#: No real budget comes near this (1,000조 원): amounts are below it; anything at or
#: above it is a typo or an attack.
MAX_WON = 10**15

_BIG = {"조": 10**12, "억": 10**8, "만": 10**4}
_SMALL = {"천": 1000, "백": 100, "십": 10}
#: Under 억 and 조 people drop the next unit in speech ("4억5천" for 4억 5천만), so a
#: bare tail after them is ambiguous; after 만 the tail can only be won.
_DROPPED = {10**12: 10**8, 10**8: 10**4}
#: A unit's size → its name, for messages.
_UNIT_NAMES = {size: name for name, size in (_BIG | _SMALL).items()}

# A number, a small unit (천/백/십) or a big unit (만/억/조); spaces between are allowed.
_TOKEN = re.compile(r"\s*(?:(?P<num>\d[\d,_]*(?:\.\d+)?)|(?P<small>[천백십])|(?P<big>[만억조]))")
_PLAIN_NUMBER = re.compile(r"[+-]?\d[\d,_]*(?:\.\d+)?(?:[eE][+-]?\d+)?")


class AmountError(ValueError):
    """A value that is not a valid amount, share or unit; the message says how to fix it."""


def _to_decimal(text: str) -> Decimal:
    cleaned = text.replace(",", "").replace("_", "")
    try:
        return Decimal(cleaned)
    except InvalidOperation as exc:  # pragma: no cover - the regexes admit only digits
        raise AmountError(f"{text!r} is not a number") from exc


def _digits(number: str) -> int:
    return len(number.replace(",", "").replace("_", "").split(".")[0])


@dataclass
class _Korean:
    """Korean notation, parsed: its value as written, and as said when that differs."""

    value: Decimal
    said: Decimal


def _zeros(unit: int) -> int:
    return len(str(unit)) - 1


def _parse_korean(text: str) -> _Korean | None:
    """Parse Korean large-number notation ("60억", "1억 3천5백만"); None if it is not.

    Sections run from the largest big unit (조, 억, 만) down, the last may have none;
    inside a section, terms run from the largest small unit (천, 백, 십) down to a bare
    number. Speech drops the unit after a short tail: "5천3" is said for 5천3백, and
    "4억5천" / "1억 5" for 4억 5천만 / 1억 5천만. Both readings are returned; when they
    differ the caller refuses the amount unless the unit (원) is explicit.
    """
    value = said = Decimal(0)
    section = section_said = Decimal(0)
    last_small, last_big = 10**4, 10**16
    has_terms = False
    bare: str | None = None  # a number not yet followed by its unit
    pos = 0
    while pos < len(text):
        match = _TOKEN.match(text, pos)
        if match is None or match.end() == pos:
            return None
        pos = match.end()
        if match["num"] is not None:
            if bare is not None:
                return None  # two numbers in a row
            bare = match["num"]
            continue
        if match["small"] is not None:
            small = _SMALL[match["small"]]
            if small >= last_small:
                return None  # "5백3천": units out of order
            term = (_to_decimal(bare) if bare else Decimal(1)) * small
            section, section_said = section + term, section_said + term
            last_small, bare, has_terms = small, None, True
            continue
        big = _BIG[match["big"]]
        if big >= last_big:
            return None  # "2천만 1억": units out of order
        if bare is not None:
            section, section_said = _with_bare(section, section_said, bare, last_small, text)
        elif not has_terms:
            section = section_said = Decimal(1)  # "억" alone is 1억
        _check_below(text, section * big, last_big)  # "1억 20000만" is not 3억
        value, said = value + section * big, said + section_said * big
        section = section_said = Decimal(0)
        last_small, last_big, has_terms, bare = 10**4, big, False, None
    # "1만 12000", "1만 12천": the tail is won, and below the last big unit
    _check_below(text, section + (_to_decimal(bare) if bare is not None else 0), last_big)
    if bare is not None:
        if not has_terms and last_big in _DROPPED and _digits(bare) < _zeros(last_big):
            # "1억 5": said for 1.5억
            number = _to_decimal(bare)
            return _Korean(value + number, said + number * 10 ** (_zeros(last_big) - _digits(bare)))
        section, section_said = _with_bare(section, section_said, bare, last_small, text)
    if has_terms and last_big in _DROPPED:
        # "4억 5천", "4억5천3": said for 4억 5천만, 4억 5천3백만 (has_terms: the last
        # section has 천, 백 or 십)
        return _Korean(value + section, said + section_said * _DROPPED[last_big])
    return _Korean(value + section, said + section_said)


def _check_below(text: str, part: Decimal, unit: int) -> None:
    """Refuse a part that is not smaller than the unit written before it.

    "1억 20000만" adds up to 3억, but no one writes 3억 that way: it is a slip (an extra
    zero, a 만 for a 천), and guessing which would move money silently.
    """
    if unit in _UNIT_NAMES and part >= unit:
        name = _UNIT_NAMES[unit]
        largest = f"1{name}{unit - 1}" if unit < 10**4 else format_korean(2 * unit - 1)
        raise AmountError(
            f"{text!r} is not an amount: {_reading(part)} comes after {name} but is 1{name} "
            f"or more; each part must be smaller than the unit before it (as in '{largest}')"
        )


def _with_bare(
    section: Decimal, section_said: Decimal, bare: str, last_small: int, text: str
) -> tuple[Decimal, Decimal]:
    """A section with its closing bare number, as written and as said ("5천3": 5천3백)."""
    number = _to_decimal(bare)
    if last_small < 10**4:  # after 천, 백 or 십
        _check_below(text, number, last_small)  # "5천3000" is not 8천
        if "." not in bare and _digits(bare) < _zeros(last_small):
            said = number * 10 ** (_zeros(last_small) - _digits(bare))
            return section + number, section_said + said
    return section + number, section_said + number


def _parse_text(value: str) -> Decimal:
    """An amount written as text, with its sign; Korean readings must agree."""
    stripped = value.strip()
    explicit = stripped.endswith("원")  # "1억 2천원": the writer says these are won
    text = stripped.removesuffix("원").strip()
    negative = text.startswith("-")
    body = text.removeprefix("-").removeprefix("+").strip()
    if not body:
        raise AmountError(f"{value!r} is not an amount; write e.g. 60억 or 6,000,000,000")
    if _PLAIN_NUMBER.fullmatch(body):
        parsed = _to_decimal(body)
    else:
        korean = _parse_korean(body)
        if korean is None:
            raise AmountError(
                f"{value!r} is not an amount; write won as 6000000000, '6,000,000,000' "
                "or in Korean units: '60억', '1억 3천5백만', '500백만원'"
            )
        if korean.said != korean.value and not explicit:
            raise AmountError(
                f"{value!r} can be read two ways: {_reading(korean.said)} (as said) or "
                f"{_reading(korean.value)} (as written); write "
                f"'{format_korean(int(korean.said))}' for the first, or end with 원 "
                f"('{body}원') for the second"
            )
        parsed = korean.value
    return -parsed if negative else parsed


def _reading(amount: Decimal) -> str:
    return f"{int(amount):,}원" if amount == amount.to_integral_value() else f"{amount}원"


def parse_amount(value: object) -> int:
    """Parse an amount of won written as people write it.

    Accepts integers (``6000000000``), numeric strings with thousands separators
    (``"6,000,000,000"``, ``"6_000_000_000"``), and Korean notation (``"60억"``,
    ``"1억 2천만"``, ``"12억 원"``, ``"500백만원"``, ``"1.5억"``). The value must be a
    whole number of won, 0 or more and below ``MAX_WON`` (1,000조).

    Korean notation that a reader could take two ways is refused with both readings:
    ``"4억5천"`` is 400,005,000 as written but 450,000,000 as said; ``"4억5천원"``
    (the unit explicit) is the first, ``"4억 5천만"`` the second.

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
        # NFKC: full-width digits and commas from a Korean IME ("６０，０００") are digits.
        amount = _parse_text(unicodedata.normalize("NFKC", value))
    else:
        raise AmountError(f"expected an amount of won, got {type(value).__name__}")
    # Bounds first: int() of a Decimal like 1e999999999 would never finish.
    if amount < 0:
        raise AmountError(f"{value} is negative; amounts of won are 0 or more")
    if amount >= MAX_WON:
        raise AmountError(f"{value} is beyond any real budget (1,000조 원 or more)")
    if amount != amount.to_integral_value():
        raise AmountError(f"{value} is not a whole number of won ({amount} 원)")
    return int(amount)


def parse_share(value: object) -> Decimal:
    """Parse a percentage share written as ``"30%"`` (or ``"12.5 %"``) into percent.

    Raises:
        AmountError: not a percentage, or outside 0–100%.
    """
    if isinstance(value, int | Decimal) and not isinstance(value, bool):
        raise AmountError(f"{value} is not a share; did you mean '{value}%'?")
    if isinstance(value, str) and "％" in value:  # a Korean IME's full-width percent sign
        fixed = value.strip().replace("％", "%")
        raise AmountError(f"{value!r} has a full-width ％; write the ASCII % sign: '{fixed}'")
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
    "만원": DisplayUnit("만원", 10_000, 0),
    "백만원": DisplayUnit("백만원", 1_000_000, 0),
    "억원": DisplayUnit("억원", 100_000_000, 2),
}


def parse_unit(name: str) -> DisplayUnit:
    """Look up a display unit by its Korean name: 원, 천원, 만원, 백만원 or 억원."""
    try:
        return DISPLAY_UNITS[name.strip()]
    except KeyError:
        raise AmountError(f"unknown unit {name!r}; use one of {', '.join(DISPLAY_UNITS)}") from None


def format_won(won: int, unit: DisplayUnit = DISPLAY_UNITS["원"]) -> str:
    """Format won in a display unit with thousands separators, a half rounded away from
    zero (as every rate: :func:`round_half_away`), exactly for amounts of any size.

    Display rounding is per cell: totals are always computed in exact won first.
    """
    if unit.won == 1:
        return f"{won:,}"
    shown = _scaled(round_half_away(won * 10**unit.decimals, unit.won), unit.decimals)
    return f"{shown:,.{unit.decimals}f}"


def round_half_away(numerator: int, denominator: int) -> int:
    """``numerator / denominator`` to the nearest integer, a half away from zero (2.5 →
    3, −2.5 → −3): the one rounding rule of every rate gangso shows, exact in integers
    of any size."""
    if denominator == 0:
        raise ZeroDivisionError("round_half_away: denominator is 0")
    negative = (numerator < 0) != (denominator < 0)
    magnitude = (2 * abs(numerator) + abs(denominator)) // (2 * abs(denominator))
    return -magnitude if negative else magnitude


def _scaled(units: int, places: int) -> Decimal:
    """An integer count of 10^-places as an exact Decimal (no context rounding)."""
    sign = 1 if units < 0 else 0
    return Decimal((sign, tuple(int(d) for d in str(abs(units))), -places))


def percent_of(part: int, whole: int) -> Decimal | None:
    """``part`` as a percentage of ``whole`` with one decimal, rounded half away from
    zero (−0.25% → −0.3, as 0.25% → 0.3), exactly (integer arithmetic, no float); None
    when ``whole`` is 0."""
    if not whole:
        return None
    return _scaled(round_half_away(part * 1000, whole), 1)


def percent_text(part: int, whole: int, *, beside: Decimal | None = None) -> str:
    """``part`` as a percentage of ``whole``, exactly rounded, with one decimal, or as many
    more (up to six) as it takes not to read as ``beside`` when it is not: 19.98% next
    to a 20% minimum shows as 19.98, never as 20.0. "—" when ``whole`` is 0."""
    if not whole:
        return "—"
    exact = Decimal(part * 100) / Decimal(whole)
    for places in range(1, 7):
        # half away from zero in integers: exact to any size, no binary floating point
        shown = _scaled(round_half_away(part * 100 * 10**places, whole), places)
        if beside is None or shown != beside or exact == beside:
            break
    return f"{shown:.{places}f}"


def format_korean(won: int) -> str:
    """Write won in Korean units as people type them: ``60억``, ``3억 5000만``, ``1만 2345``.

    The result parses back to the same amount with :func:`parse_amount`; a tail of won
    right after 억 or 조 ends with 원 (``3억 2345원``), which "3억 2345" would not say.
    """
    if won == 0:
        return "0"
    parts = []
    rest = won
    smallest = 0
    for name, size in _BIG.items():  # 조, 억, 만: largest first
        count, rest = divmod(rest, size)
        if count:
            parts.append(f"{count}{name}")
            smallest = size
    if rest:
        parts.append(f"{rest}원" if smallest in _DROPPED else str(rest))
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
