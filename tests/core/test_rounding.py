"""One rounding rule for every rate and shown amount: a half away from zero, negatives
included, exact in integers of any size."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from gangso_cli.core.money import (
    DISPLAY_UNITS,
    format_won,
    percent_of,
    percent_text,
    round_half_away,
)


@pytest.mark.parametrize(
    ("part", "whole", "shown"),
    [
        (1, 400, "0.3"),  # 0.25% → 0.3
        (-1, 400, "-0.3"),  # −0.25% → −0.3, no longer −0.2 (half toward +∞)
        (1, -400, "-0.3"),
        (-1, -400, "0.3"),
        (-1, 3, "-33.3"),
        (0, 7, "0.0"),
        (10**40, 3, "3" * 42 + ".3"),  # no context rounding
    ],
)
def test_rates_round_half_away_from_zero(part: int, whole: int, shown: str) -> None:
    """집행률, 매칭 비율 and every percentage: one decimal, a half away from zero."""
    assert str(percent_of(part, whole)) == shown
    assert percent_text(part, whole) == shown


@pytest.mark.parametrize(
    ("won", "unit", "shown"),
    [
        (2_500_000, "백만원", "3"),
        (-2_500_000, "백만원", "-3"),
        (-2_499_999, "백만원", "-2"),
        (-50_000_000, "억원", "-0.50"),
        (12_345_678_901_234_567_890_123_456_789_012_345, "백만원",
         "12,345,678,901,234,567,890,123,456,789"),
    ],
)  # fmt: skip
def test_shown_amounts_round_the_same_way(won: int, unit: str, shown: str) -> None:
    """Amounts in a display unit round as rates do, and never raise for a big amount."""
    assert format_won(won, DISPLAY_UNITS[unit]) == shown


@given(st.integers(-(10**20), 10**20), st.integers(1, 10**12))
def test_rounding_is_symmetric_and_nearest(numerator: int, denominator: int) -> None:
    """−x rounds to −(x rounded), and the result is within half of the exact quotient."""
    rounded = round_half_away(numerator, denominator)
    assert round_half_away(-numerator, denominator) == -rounded
    assert abs(Decimal(rounded * denominator - numerator)) * 2 <= denominator
    assert percent_of(-numerator, denominator) == -(percent_of(numerator, denominator) or 0)
