"""Exactness in every case: complete rules place the whole envelope, to the won."""

from __future__ import annotations

import itertools
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gangso_cli.core.fields import Fixed, Rest, Rule, Share
from gangso_cli.plan.allocator import split_fund
from gangso_cli.plan.evaluate import evaluate
from tests.conftest import BUDGET, WriteYaml, line_of, run


def test_shares_of_100_percent_beside_an_odd_fixed_amount_add_up() -> None:
    """1,500원 fixed and 100% of the rest, in 천원 units: 1,500 + 8,500 = 10,000."""
    assert split_fund(10_000, [Fixed(1_500), Share(Decimal(100))], unit=1_000) == [1_500, 8_500]


def test_rest_beside_an_odd_fixed_amount_adds_up() -> None:
    """The same with `rest`: the rest line absorbs the odd 500원."""
    assert split_fund(10_000, [Fixed(1_500), Rest()], unit=1_000) == [1_500, 8_500]


def test_odd_won_go_to_the_line_rounding_favours() -> None:
    """Of two 50% lines beside an odd fixed amount, the first in tie order takes the odd won."""
    amounts = split_fund(10_000, [Fixed(1_500), Share(Decimal(50)), Share(Decimal(50))], unit=1_000)
    assert amounts == [1_500, 4_500, 4_000]
    assert sum(amounts) == 10_000


@settings(max_examples=300)
@given(
    envelope=st.integers(0, 10**12),
    fixed=st.lists(st.integers(0, 10**9), max_size=3),
    cuts=st.lists(st.integers(1, 99), max_size=4),
    unit=st.sampled_from([1, 1_000, 1_000_000]),
)
def test_shares_of_exactly_100_percent_conserve_the_envelope(
    envelope: int, fixed: list[int], cuts: list[int], unit: int
) -> None:
    """Fixed amounts that fit (on the unit or not) and shares adding to exactly 100%."""
    if sum(fixed) > envelope:
        fixed = []
    bounds = [0, *sorted(set(cuts)), 100]
    shares = [Share(Decimal(b - a)) for a, b in itertools.pairwise(bounds)]
    rules: list[Rule] = [*(Fixed(f) for f in fixed), *shares]
    amounts = split_fund(envelope, rules, unit)
    assert sum(amounts) == envelope
    assert all(a >= 0 for a in amounts)


ODD = (
    BUDGET.replace("        national: 40%\n", "        national: 1500\n")
    .replace(
        "national: 60억\n    local: 12억\n    lines", "national: 10000\n    local: 12억\n    lines"
    )
    .replace("  national: 60억\n  local: 12억\npolicy", "  national: 10000\n  local: 12억\npolicy")
)


def test_odd_fixed_amount_is_placed_exactly_and_warned(
    write_yaml: WriteYaml, registry_file: Path
) -> None:
    """The lines add up, and the file gets a `fixed-off-unit` warning naming the line."""
    path = write_yaml(ODD.replace("national: rest", "national: 100%"))
    evaluation = evaluate(path, registry_file)
    assert evaluation.ok, [str(d) for d in evaluation.diagnostics]
    assert evaluation.allocation is not None
    assert evaluation.allocation.zones[0].allocated("national") == 10_000
    warnings = [d for d in evaluation.diagnostics if d.check == "fixed-off-unit"]
    assert len(warnings) == 1
    assert warnings[0].severity == "warning"
    assert "판로개척" in warnings[0].message  # the line that takes the odd 500원
    assert warnings[0].location.line == line_of(ODD, "national: 1500")


@pytest.mark.parametrize("unit", ["0", "-1000", "lots", "0원"])
def test_bad_rounding_unit_is_a_located_error_in_every_command(
    write_yaml: WriteYaml, unit: str
) -> None:
    """`rounding_unit: 0` (or negative, or not an amount) is an error at its line."""
    text = BUDGET.replace("rounding_unit: 천원", f"rounding_unit: {unit}")
    path = write_yaml(text)
    for command in (["allocate", str(path)], ["validate", str(path)]):
        result = run(*command)
        assert result.exit_code == 1, result.output
        assert result.exception is None or isinstance(result.exception, SystemExit)
        assert f"{path.name}:{line_of(text, 'rounding_unit')}:" in result.output
        assert "rounding_unit" in result.output
