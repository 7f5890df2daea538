"""Rounding ties in the allocator go by the documented order, never by file order.

README, Split rules: "Ties go to the earlier stage (in the year's ``stages`` order), then to
the program name in Unicode code-point order". Every other allocator test divides evenly,
so without these a tie-break removed or reversed went unnoticed (mutmut).
"""

from __future__ import annotations

from decimal import Decimal
from itertools import permutations

import pytest

from gangso_cli.core.budget import Budget, Line, Policy, Stage, Totals, ZoneBudget
from gangso_cli.core.fields import Fixed, Rest, Share
from gangso_cli.plan.allocator import allocate, split_fund

HALF = Share(Decimal(50))


def _budget(lines: list[Line], stages: tuple[str, ...] = ("a", "b")) -> Budget:
    """One zone z of 1,001,000원 국비 and 지방비, 천원 rounding."""
    return Budget(
        year=2020,
        rounding_unit=1_000,
        totals=Totals(national=1_001_000, local=1_001_000),
        policy=Policy.model_validate({"min_local_match": "20%"}),
        stages=[Stage(id=s, name=f"단계 {s}") for s in stages],
        zones={"z": ZoneBudget(national=1_001_000, local=1_001_000, lines=lines)},
    )


def _won(budget: Budget) -> dict[tuple[str, str, str], int]:
    return {(a.stage, a.program, a.fund): a.amount for a in allocate(budget).lines()}


@pytest.mark.parametrize("order", list(permutations(range(2))))
def test_the_odd_unit_goes_to_the_earlier_stage_whatever_the_file_order(
    order: tuple[int, ...],
) -> None:
    """[50%, 50%] of 1,001,000원 in 천원: the odd 1,000원 goes to stage b, first in the
    year's order (b, a), although "a" sorts first and comes first in some files."""
    lines = [
        Line(stage="a", program="가", national=HALF, local=HALF),
        Line(stage="b", program="나", national=HALF, local=HALF),
    ]
    won = _won(_budget([lines[i] for i in order], stages=("b", "a")))
    assert won == {
        ("b", "나", "national"): 501_000,
        ("b", "나", "local"): 501_000,
        ("a", "가", "national"): 500_000,
        ("a", "가", "local"): 500_000,
    }


@pytest.mark.parametrize("order", list(permutations(range(3))))
def test_within_a_stage_the_odd_unit_goes_by_code_point_order(order: tuple[int, ...]) -> None:
    """Same stage: "10" < "9" < "가" in code points, so "10" takes the odd 천원."""
    lines = [
        Line(stage="a", program="가", national=Share(Decimal(30))),
        Line(stage="a", program="9", national=Share(Decimal(35))),
        Line(stage="a", program="10", national=Share(Decimal(35)), local=Rest()),
    ]
    won = _won(_budget([lines[i] for i in order]))
    # 35% = 350,350 twice, 30% = 300,300: one 천원 left over, remainders 350, 350, 300:
    # "9" and "10" tie, and "10" comes first in code points.
    assert won[("a", "10", "national")] == 351_000
    assert won[("a", "9", "national")] == 350_000
    assert won[("a", "가", "national")] == 300_000
    assert won[("a", "10", "local")] == 1_001_000


def test_a_line_of_an_unknown_stage_comes_after_every_known_stage() -> None:
    """A stage the year does not have (``stage-known`` reports it) still allocates, and
    loses ties to every known stage, in either file order."""
    unknown = Line(stage="zz", program="가", national=HALF)
    known = Line(stage="b", program="나", national=HALF)
    for lines in ([unknown, known], [known, unknown]):
        won = _won(_budget(lines))
        assert won[("b", "나", "national")] == 501_000
        assert won[("zz", "가", "national")] == 500_000


def test_the_allocation_keeps_the_year_unit_and_stage_totals_per_fund() -> None:
    lines = [
        Line(stage="a", program="가", national=Fixed(1_000), local=Rest()),
        Line(stage="b", program="나", national=Rest()),
    ]
    allocation = allocate(_budget(lines))
    assert (allocation.year, allocation.rounding_unit) == (2020, 1_000)
    assert allocation.stage_total("a") == 1_000 + 1_001_000
    assert allocation.stage_total("a", "national") == 1_000
    assert allocation.stage_total("a", "local") == 1_001_000
    assert allocation.stage_total("b", "local") == 0


def test_shares_written_with_a_positive_exponent_are_exact() -> None:
    """Decimal("5E+1") is 50%: a share's exponent above 0 must not scale the split."""
    for second in (Decimal(50), Decimal("5E+1")):
        amounts = split_fund(1_001_000, [Share(Decimal("5E+1")), Share(second)], 1_000)
        assert amounts == [501_000, 500_000]
        assert all(type(a) is int for a in amounts)


def test_a_rest_left_nothing_takes_no_unit_from_a_tie() -> None:
    """100 shares of 1% and a rest that is left 0: the rest, first in tie order, gets
    nothing; the one odd won of 101원 goes to the first share in line."""
    rules = [Rest(), *[Share(Decimal(1))] * 100]
    amounts = split_fund(101, rules, 1, keys=[(i,) for i in range(101)])
    assert amounts[0] == 0
    assert amounts[1:] == [2] + [1] * 99
