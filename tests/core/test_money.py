"""Amounts of won: parsing every notation people use, formatting, and exact splitting."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from gangso_cli.core.money import (
    DISPLAY_UNITS,
    MAX_WON,
    AmountError,
    apportion,
    format_korean,
    format_won,
    parse_amount,
    parse_share,
    parse_unit,
)


@pytest.mark.parametrize(
    ("written", "won"),
    [
        (6000000000, 6_000_000_000),
        ("6000000000", 6_000_000_000),
        ("6,000,000,000", 6_000_000_000),
        ("6_000_000_000", 6_000_000_000),
        ("60억", 6_000_000_000),
        ("60억원", 6_000_000_000),
        ("12억 원", 1_200_000_000),
        ("1억 2천만", 120_000_000),
        ("1억 2천만 원", 120_000_000),
        ("500백만원", 500_000_000),
        ("3억 5천만", 350_000_000),
        ("1.5억", 150_000_000),
        ("360억", 36_000_000_000),
        ("3천5백만", 35_000_000),
        ("1억 3천5백만", 135_000_000),
        ("2천5백만원", 25_000_000),
        ("1억 2천원", 100_002_000),  # the unit explicit: as written
        ("4억5천원", 400_005_000),
        ("1만 5천", 15_000),  # after 만 the tail can only be won
        ("999조 9999억 9999만 9999", MAX_WON - 1),
        ("1조 2억 3만 4", 1_000_200_030_004),
        ("천원", 1_000),
        ("백만원", 1_000_000),
        ("억", 100_000_000),
        ("6.0e9", 6_000_000_000),
        (Decimal("6.0E+9"), 6_000_000_000),
        ("  72억  ", 7_200_000_000),
        (0, 0),
    ],
)
def test_parse_amount_accepts_every_notation(written: object, won: int) -> None:
    """Integers, separators and Korean units all parse to the exact won."""
    assert parse_amount(written) == won


@pytest.mark.parametrize(
    ("written", "fragment"),
    [
        (True, "boolean"),
        ("yes", "not an amount"),
        ("lots", "not an amount"),
        ("많이", "not an amount"),
        ("", "not an amount"),
        ("원", "not an amount"),
        ("2천만 1억", "not an amount"),  # units out of order
        ("5천 3", "two ways"),  # 5,003 as written, 5,300 as said
        ("5백3천", "not an amount"),  # small units out of order
        ("1.2.3억", "not an amount"),
        ("1.0005천", "not a whole number"),
        ("0.5", "not a whole number"),
        (Decimal("1.5"), "not a whole number"),
        (6.0e9, "float"),
        ("-5억", "negative"),
        (-1, "negative"),
        ("1e20", "beyond any real budget"),
        ("1e999999999", "beyond any real budget"),  # must not hang in int()
        (MAX_WON, "beyond any real budget"),  # amounts are below 1,000조
        ("1000조", "beyond any real budget"),
        ([1, 2], "got list"),
        (None, "got NoneType"),
    ],
)
def test_parse_amount_rejects_with_a_reason(written: object, fragment: str) -> None:
    """Anything that is not a whole, sane number of won is an error saying why."""
    with pytest.raises(AmountError, match=fragment):
        parse_amount(written)


@given(st.integers(min_value=0, max_value=MAX_WON - 1))
def test_thousands_separators_round_trip(won: int) -> None:
    """Any amount formatted with commas parses back to itself."""
    assert parse_amount(f"{won:,}") == won


@given(st.integers(0, 999), st.integers(0, 9999), st.integers(0, 9999), st.integers(0, 9999))
def test_korean_groups_add_up(jo: int, eok: int, man: int, ones: int) -> None:
    """'N조 N억 N만 N' is the sum of its groups, whatever the digits."""
    text = f"{jo}조 {eok}억 {man}만 {ones}원"
    assert parse_amount(text) == jo * 10**12 + eok * 10**8 + man * 10**4 + ones


def test_parse_share() -> None:
    """Shares are percentages kept exact; over 100% or not a percentage is an error."""
    assert parse_share("33.3%") == Decimal("33.3")
    assert parse_share(" 20 % ") == Decimal(20)
    for bad in ("120%", "30", 30, "abc%", "-5%"):
        with pytest.raises(AmountError):
            parse_share(bad)


def test_format_won_by_unit() -> None:
    """Display units divide and round half up; won keep every digit."""
    amount = 1_881_450_000
    assert format_won(amount) == "1,881,450,000"
    assert format_won(amount, DISPLAY_UNITS["천원"]) == "1,881,450"
    assert format_won(amount, DISPLAY_UNITS["백만원"]) == "1,881"
    assert format_won(amount, DISPLAY_UNITS["억원"]) == "18.81"
    assert format_won(500_000, DISPLAY_UNITS["백만원"]) == "1"  # half up, not to even
    assert parse_unit("백만원").caption() == "단위: 백만원"
    with pytest.raises(AmountError, match="unknown unit"):
        parse_unit("달러")


def test_apportion_largest_remainder() -> None:
    """Thirds of 10,000 in units of 1,000: one part gets the extra unit, by key on ties."""
    thirds = [10_000] * 3  # each 10,000 / 3 won
    assert apportion(thirds, 3, 10_000, 1_000, ["b", "a", "c"]) == [3_000, 4_000, 3_000]


def test_apportion_gives_sub_unit_won_to_the_next_in_line() -> None:
    """A total that is not a multiple of the unit still adds up, to the won."""
    result = apportion([1_500, 1_501], 1, 3_001, 1_000, [0, 1])
    assert sum(result) == 3_001
    assert all(part >= 0 for part in result)


@given(
    st.lists(st.integers(0, 10**12), min_size=1, max_size=20),
    st.sampled_from([1, 3, 7, 100]),
    st.sampled_from([1, 10, 1_000, 1_000_000]),
)
def test_apportion_conserves_the_total(weights: list[int], denominator: int, unit: int) -> None:
    """Whatever the parts, they add up to the total, none is negative, and each stays
    within one unit of its exact amount (plus the sub-unit residue)."""
    numerators = [w * denominator for w in weights]
    total = sum(weights)
    parts = apportion(numerators, denominator, total, unit, list(range(len(weights))))
    assert sum(parts) == total
    assert all(p >= 0 for p in parts)
    assert all(abs(p - w) < 2 * unit for p, w in zip(parts, weights, strict=True))


@given(st.lists(st.integers(1, 10**6), min_size=2, max_size=8))
def test_apportion_matches_fractions(weights: list[int]) -> None:
    """Integer numerators give the same split as exact Fractions would."""
    total = 10**9
    whole = sum(weights)
    numerators = [total * w for w in weights]  # each exact amount is total*w/whole
    parts = apportion(numerators, whole, total, 1_000, list(range(len(weights))))
    exact = [Fraction(total * w, whole) for w in weights]
    assert sum(parts) == total
    assert all(abs(Fraction(p) - e) < 1_000 for p, e in zip(parts, exact, strict=True))


@pytest.mark.parametrize(
    ("written", "said", "as_written"),
    [
        ("4억5천", "450,000,000원", "400,005,000원"),
        ("1억 2천", "120,000,000원", "100,002,000원"),
        ("1억 5", "150,000,000원", "100,000,005원"),
        ("1억 5000", "150,000,000원", "100,005,000원"),
        ("1조 5천", "1,500,000,000,000원", "1,000,000,005,000원"),
    ],
)
def test_ambiguous_korean_is_refused_with_both_readings(
    written: str, said: str, as_written: str
) -> None:
    """Notation a Korean reader could take two ways is refused, naming both readings."""
    with pytest.raises(AmountError) as caught:
        parse_amount(written)
    message = str(caught.value)
    assert said in message
    assert as_written in message
    assert f"{written}원" in message  # how to say "as written"


@given(st.integers(min_value=0, max_value=MAX_WON - 1))
def test_format_korean_round_trips(won: int) -> None:
    """Whatever format_korean writes (hints, init) parses back to the same won."""
    assert parse_amount(format_korean(won)) == won
