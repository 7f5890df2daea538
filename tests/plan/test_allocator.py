"""The allocator: rules applied in order, rounded by largest remainder, conserving every won."""

from __future__ import annotations

from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from gangso_cli.core.budget import Budget, Line, Policy, Stage, Totals, ZoneBudget
from gangso_cli.core.bundled import bundled_data
from gangso_cli.core.fields import Fixed, Rest, Rule, Share
from gangso_cli.core.loader import load_budget
from gangso_cli.plan.allocator import allocate, split_fund


def test_fixed_then_shares_of_what_is_left_then_rest() -> None:
    """Shares take their percentage of the pool left after fixed amounts."""
    amounts = split_fund(1_000_000, [Share(Decimal(50)), Fixed(200_000), Rest()], unit=1_000)
    assert amounts == [400_000, 200_000, 400_000]


def test_thirds_round_by_largest_remainder() -> None:
    """33.3% × 3 of 1,000만 in 천원 units: the rest absorbs the shortfall exactly."""
    amounts = split_fund(
        10_000_000, [Share(Decimal("33.3")), Share(Decimal("33.3")), Rest()], unit=1_000
    )
    assert amounts == [3_330_000, 3_330_000, 3_340_000]
    assert sum(amounts) == 10_000_000


def test_shares_of_100_percent_without_rest_add_up() -> None:
    """Three equal thirds that must round: the tie goes to the smallest key."""
    third = Share(Decimal(100) / 3)
    amounts = split_fund(10_000, [third, third, third], unit=1_000, keys=[(2,), (0,), (1,)])
    assert sorted(amounts) == [3_000, 3_000, 4_000]
    assert amounts[1] == 4_000  # key (0,) wins the tie


def test_incomplete_rules_leave_a_difference_but_never_go_negative() -> None:
    """Shares under 100% and no rest: the lines fall short, and the checks say so."""
    amounts = split_fund(1_000_000, [Share(Decimal(30))], unit=1_000)
    assert amounts == [300_000]


def test_fixed_over_the_envelope_leaves_shares_at_zero() -> None:
    """When fixed amounts overflow the envelope the pool is empty, not negative."""
    amounts = split_fund(1_000, [Fixed(5_000), Share(Decimal(50)), Rest()], unit=1)
    assert amounts == [5_000, 0, 0]


def test_bundled_budget_allocates_to_the_won() -> None:
    """The 2020 budget: 국비 360억 and 지방비 72억, every zone to its envelope."""
    loaded = load_budget(bundled_data("budget_2020.yaml"))
    assert loaded.model is not None
    allocation = allocate(loaded.model)
    assert allocation.total("national") == 36_000_000_000
    assert allocation.total("local") == 7_200_000_000
    for zone in allocation.zones:
        assert zone.allocated("national") == zone.national == 6_000_000_000
        assert zone.allocated("local") == zone.local == 1_200_000_000
        assert all(line.amount % 1_000 == 0 for line in zone.lines)
    stages = sum(allocation.stage_total(s.id) for s in allocation.stages)
    assert stages == 43_200_000_000


# --- properties -----------------------------------------------------------------------

_rules = st.lists(
    st.one_of(
        st.builds(Fixed, st.integers(0, 10**9)),
        st.builds(Share, st.decimals(0, 40, places=2)),
    ),
    max_size=8,
)


@settings(max_examples=300)
@given(
    envelope=st.integers(0, 10**12),
    rules=_rules,
    unit=st.sampled_from([1, 1_000, 1_000_000]),
    data=st.data(),
)
def test_complete_rules_conserve_the_envelope(
    envelope: int, rules: list[Rule], unit: int, data: st.DataObject
) -> None:
    """With a rest line, fitting fixed amounts and shares ≤ 100%, lines sum to the envelope."""
    fixed = sum(r.amount for r in rules if isinstance(r, Fixed))
    share = sum((r.percent for r in rules if isinstance(r, Share)), Decimal(0))
    if fixed > envelope or share > 100:
        rules = [r for r in rules if isinstance(r, Share)][:2]  # 2 × ≤40% always fits
    position = data.draw(st.integers(0, len(rules)))
    rules = [*rules[:position], Rest(), *rules[position:]]
    amounts = split_fund(envelope, rules, unit)
    assert sum(amounts) == envelope
    assert all(a >= 0 for a in amounts)


@settings(max_examples=200)
@given(
    envelope=st.integers(0, 10**12),
    percents=st.lists(st.decimals(0, 100, places=1), min_size=1, max_size=6),
    unit=st.sampled_from([1, 1_000]),
)
def test_amounts_never_negative_whatever_the_shares(
    envelope: int, percents: list[Decimal], unit: int
) -> None:
    """Even shares over or under 100% give amounts of zero or more."""
    amounts = split_fund(envelope, [Share(p) for p in percents], unit)
    assert all(a >= 0 for a in amounts)


def _budget(lines: list[Line]) -> Budget:
    return Budget(
        year=2020,
        totals=Totals(national=6_000_000_000, local=1_200_000_000),
        policy=Policy.model_validate({"min_local_match": "20%"}),
        stages=[Stage(id="a", name="가"), Stage(id="b", name="나"), Stage(id="c", name="다")],
        zones={"z": ZoneBudget(national=6_000_000_000, local=1_200_000_000, lines=lines)},
    )


@settings(max_examples=200)
@given(
    shares=st.lists(st.decimals(1, 30, places=3), min_size=1, max_size=3),
    stages=st.lists(st.sampled_from(["a", "b", "c"]), min_size=4, max_size=4),
    order=st.permutations(range(4)),
)
def test_reordering_lines_moves_no_won(
    shares: list[Decimal], stages: list[str], order: list[int]
) -> None:
    """The same lines in another order get exactly the same amounts."""
    lines = [
        Line(stage=stages[i], program=f"p{i}", national=Share(s), local=Share(s))
        for i, s in enumerate(shares)
    ]
    lines.append(Line(stage=stages[3], program="rest", national=Rest(), local=Rest()))
    lines = lines[:4]
    original = {(line.program, line.fund): line.amount for line in allocate(_budget(lines)).lines()}
    shuffled_lines = [lines[i] for i in order if i < len(lines)]
    shuffled = {
        (line.program, line.fund): line.amount for line in allocate(_budget(shuffled_lines)).lines()
    }
    assert shuffled == original
    assert sum(a for (_, f), a in original.items() if f == "national") == 6_000_000_000
