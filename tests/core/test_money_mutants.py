"""Amounts, shares and rates pinned where mutation testing found them loose.

Each test holds a rule of ``core/money.py`` that a surviving mutant broke unnoticed
(README: Development → Mutation testing): the parser's arithmetic and unit order, the
round trip of ``format_korean``, the 100% boundary and the display of rates.
"""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from gangso_cli.core.money import (
    MAX_WON,
    AmountError,
    apportion,
    format_korean,
    format_won,
    parse_amount,
    parse_share,
    parse_unit,
    percent_of,
    percent_text,
)


@pytest.mark.parametrize(
    ("written", "won"),
    [
        ("5천3원", 5_003),  # 원 written: as written, 5천 + 3
        ("2백5원", 205),
        ("3천25원", 3_025),
        ("5천300", 5_300),  # a full tail is not ambiguous
        ("5천003", 5_003),  # ... nor one padded with zeros to the unit's width
        ("5백05", 505),
        ("5십05", 55),  # 05 after 십 is 5, never 0.5 said short
        ("1억 12345678", 112_345_678),  # eight digits after 억 say themselves
        ("+5억", 500_000_000),
        ("5__000", 5_000),  # separators, however many
        ("12000만", 120_000_000),  # the first part may be any size, as in 500백만원
    ],
)
def test_korean_arithmetic_is_exact(written: str, won: int) -> None:
    assert parse_amount(written) == won


@pytest.mark.parametrize(
    ("written", "said", "as_written"),
    [
        ("5천3", "5,300원", "5,003원"),
        ("3천25", "3,250원", "3,025원"),
        ("2백5", "250원", "205원"),
        ("4억5천3", "453,000,000원", "400,005,003원"),
        ("1억 0.5", "105,000,000원", "100000000.5원"),  # a fraction is shown as it is
    ],
)
def test_both_readings_of_a_dropped_unit_are_exact(
    written: str, said: str, as_written: str
) -> None:
    """The refusal names both readings exactly: the unit dropped after a short tail."""
    with pytest.raises(AmountError, match="two ways") as caught:
        parse_amount(written)
    assert f"{said} (as said) or {as_written} (as written)" in str(caught.value)


@pytest.mark.parametrize(
    "written",
    ["1천1천", "1억1억", "5백3천", "2천만 1억", "만억"],
)
def test_repeated_or_rising_units_are_refused(written: str) -> None:
    """A unit may not repeat or follow a smaller one: 1천1천 is a slip, not 2천."""
    with pytest.raises(AmountError, match="in Korean units: '60억'"):
        parse_amount(written)


@pytest.mark.parametrize(
    ("written", "part", "unit", "example_"),
    [
        ("1억 20000만", "200,000,000원", "억", "1억 9999만 9999"),
        ("1조 10000억", "1,000,000,000,000원", "조", "1조 9999억 9999만 9999"),
        ("1만 12000", "12,000원", "만", "1만 9999"),
        ("1만 12천", "12,000원", "만", "1만 9999"),
        ("1억 100000000원", "100,000,000원", "억", "1억 9999만 9999"),
        ("5천3000", "3,000원", "천", "1천999"),
        ("1천2000만", "2,000원", "천", "1천999"),
        ("5십12", "12원", "십", "1십9"),
    ],
)
def test_a_part_as_large_as_the_unit_before_it_is_refused(
    written: str, part: str, unit: str, example_: str
) -> None:
    """1억 20000만 adds up to 3억, but nobody writes 3억 so: refused, naming the part."""
    with pytest.raises(AmountError) as caught:
        parse_amount(written)
    message = str(caught.value)
    body = written.removesuffix("원")
    assert message.startswith(f"{body!r} is not an amount: ")
    assert f"{part} comes after {unit} but is 1{unit} or more" in message
    assert f"(as in '{example_}')" in message


def test_a_decimal_in_a_tail_is_not_a_dropped_unit() -> None:
    """5천1.5 is 5,001.5원 (not whole), not a 5천1백5십 said short."""
    with pytest.raises(AmountError, match="not a whole number"):
        parse_amount("5천1.5")


def test_messages_say_what_to_write() -> None:
    with pytest.raises(AmountError) as caught:
        parse_amount(True)
    assert str(caught.value) == (
        "expected an amount of won, got the boolean true (YAML reads yes/no/on/off as "
        "booleans); write e.g. 60억 or 6,000,000,000"
    )
    with pytest.raises(AmountError) as caught:
        parse_amount("lots")
    assert str(caught.value).endswith(
        "write won as 6000000000, '6,000,000,000' or in Korean units: "
        "'60억', '1억 3천5백만', '500백만원'"
    )
    with pytest.raises(AmountError) as caught:
        parse_unit("달러")
    assert str(caught.value) == "unknown unit '달러'; use one of 원, 천원, 만원, 백만원, 억원"


# --- shares: the 100% boundary ------------------------------------------------------------


@pytest.mark.parametrize(("written", "percent"), [("100%", 100), ("100.0%", 100), ("0%", 0)])
def test_shares_up_to_100_percent(written: str, percent: int) -> None:
    assert parse_share(written) == percent


@pytest.mark.parametrize(
    ("written", "message"),
    [
        ("100.5%", "'100.5%' is more than 100%"),
        ("100.0001%", "'100.0001%' is more than 100%"),
        ("101%", "'101%' is more than 100%"),
        ("30", "'30' is not a share; write a percentage such as '30%'"),
        ("abc%", "'abc%' is not a share; write a percentage such as '30%'"),
        (30, "30 is not a share; did you mean '30%'?"),
    ],
)
def test_shares_over_100_percent_or_not_percentages(written: object, message: str) -> None:
    with pytest.raises(AmountError) as caught:
        parse_share(written)
    assert str(caught.value) == message


# --- rates --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("part", "whole", "beside", "shown"),
    [
        (1_998, 10_000, Decimal(20), "19.98"),  # just under a 20% minimum: not 20.0
        (19_998, 100_000, Decimal(20), "19.998"),
        (2_000, 10_000, Decimal(20), "20.0"),  # exactly the minimum: one decimal
        (1_999_999_999, 10**10, Decimal(20), "20.000000"),  # six decimals at most
        (1_998, 10_000, None, "20.0"),  # nothing beside: one decimal, half up
        (14, 10_000, None, "0.1"),
        (15, 10_000, None, "0.2"),
        (1, 0, None, "—"),
    ],
)
def test_percent_text_shows_a_rate_just_under_a_minimum_as_under(
    part: int, whole: int, beside: Decimal | None, shown: str
) -> None:
    assert percent_text(part, whole, beside=beside) == shown


def test_percent_of_is_exact_at_any_size() -> None:
    """Half up in integers: a float in the arithmetic would give 33.3 at this size."""
    assert percent_of(333_499_999_999_999, 999_999_999_999_997) == Decimal("33.4")
    assert percent_of(1, 0) is None
    assert percent_of(1, 3) == Decimal("33.3")


def test_format_won_in_won_and_units() -> None:
    assert format_won(1_234_567) == "1,234,567"
    assert format_won(-1_234_567) == "-1,234,567"


# --- format_korean writes only what parse_amount reads back --------------------------------


@pytest.mark.parametrize(
    ("won", "written"),
    [
        (0, "0"),
        (2_345, "2345"),
        (12_345, "1만 2345"),
        (300_002_345, "3억 2345원"),  # "3억 2345" would read as 3억 2345만
        (1_000_000_000_005, "1조 5원"),
        (1_000_500_000_000, "1조 5억"),
        (150_000_023, "1억 5000만 23"),  # after 만 the tail can only be won
        (6_000_000_000, "60억"),
    ],
)
def test_format_korean_writes_as_people_type(won: int, written: str) -> None:
    assert format_korean(won) == written
    assert parse_amount(written) == won


_GROUP = st.one_of(st.just(0), st.integers(1, 9), st.integers(1, 9999))


@given(st.integers(0, 999), _GROUP, _GROUP, _GROUP)
@example(3, 0, 0, 2_345)
@example(1, 0, 0, 5)
@example(0, 3, 0, 2_345)
def test_format_korean_round_trips_group_by_group(jo: int, eok: int, man: int, won: int) -> None:
    """Empty groups (3억 2345, 1조 5) are where a writer goes wrong: draw them often."""
    amount = jo * 10**12 + eok * 10**8 + man * 10**4 + won
    assert amount < MAX_WON
    assert parse_amount(format_korean(amount)) == amount


def test_apportion_spreads_whole_rounds_of_a_larger_total() -> None:
    """A total beyond the exact parts is still placed in full: whole rounds of the unit
    to every part, the units left one each by tie order, the odd won to the next in line."""
    assert apportion([0, 0], 1, 5_000, 1_000, ["b", "a"]) == [2_000, 3_000]
    assert apportion([0, 0, 0], 1, 7_500, 1_000, [0, 1, 2]) == [3_000, 2_500, 2_000]
