"""Envelopes derived from rules, value by value: proportional pools, defaults of 0, years.

Written against the mutants mutmut left alive in ``plan/envelopes.py`` (README:
Development → Mutation testing): each test pins one rule that no other test held.
"""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction
from typing import Any

from hypothesis import example, given
from hypothesis import strategies as st

from gangso_cli.core.budget import Budget
from gangso_cli.core.loader import load_registry
from gangso_cli.plan.envelopes import derive_envelopes, incentive_shares

LINES = [{"stage": "a", "program": "p", "national": "rest", "local": "rest"}]


def _budget(envelopes: dict[str, Any] | None, zones: dict[str, Any] | None = None) -> Budget:
    """A 2025 budget of zones x, y (5억 지방비 each), 국비 from ``envelopes``."""
    zones = zones or {"x": {}, "y": {}}
    return Budget.model_validate(
        {
            "year": 2025,
            "totals": {"national": "60억", "local": "10억"},
            "policy": {"min_local_match": "20%"},
            "stages": [{"id": "a", "name": "가"}],
            "envelopes": envelopes,
            "zones": {z: {"local": "5억", "lines": LINES, **extra} for z, extra in zones.items()},
        }
    )


@given(
    pool=st.integers(0, 10**12),
    weights=st.lists(
        st.decimals(0, 5, places=2, allow_nan=False, allow_infinity=False), min_size=1, max_size=6
    ),
    unit=st.sampled_from([1, 1_000, 1_000_000]),
)
@example(pool=3_000_000_000, weights=[Decimal("0.5"), Decimal(1)], unit=1_000)
@example(pool=1_000_000, weights=[Decimal("0.25"), Decimal("0.5"), Decimal(2)], unit=1)
def test_each_share_is_its_weight_of_the_pool(pool: int, weights: list[Decimal], unit: int) -> None:
    """Each zone's share is within one unit of weight / total × pool (a weight of 0.5 is
    half of 1, never 0), and the shares add up to the pool."""
    named = {f"z{i}": w for i, w in enumerate(weights)}
    shares = incentive_shares(pool, named, unit)
    total = sum(weights)
    if not total:
        assert set(shares.values()) == {0}
        return
    assert sum(shares.values()) == pool
    for zone, weight in named.items():
        exact = Fraction(pool) * Fraction(weight) / Fraction(total)
        assert abs(shares[zone] - exact) <= unit, (zone, shares[zone], exact)


def test_a_half_weight_gets_half_of_a_whole_one() -> None:
    """0.5 : 1 over 30억 is 10억 : 20억, to the won."""
    shares = incentive_shares(3_000_000_000, {"x": Decimal("0.5"), "y": Decimal(1)}, 1_000)
    assert shares == {"x": 1_000_000_000, "y": 2_000_000_000}


def test_written_envelopes_are_passed_through_with_the_year() -> None:
    """Without rules, each zone's 국비 is what the file wrote; no registry is needed."""
    budget = _budget(None, {"x": {"national": "30억"}, "y": {"national": "20억"}})
    envelopes = derive_envelopes(budget, None)
    assert (envelopes.year, envelopes.derived) == (2025, False)
    assert [(z.zone, z.national, z.written, z.base) for z in envelopes.zones] == [
        ("x", 3_000_000_000, 3_000_000_000, None),
        ("y", 2_000_000_000, 2_000_000_000, None),
    ]


def test_a_zone_without_a_phase_gets_no_base_by_phase() -> None:
    """No registry, so no phase: a base by phase gives 0 (the check says why), not 1원."""
    envelopes = derive_envelopes(_budget({"base": {"by_phase": {"1단계 기반조성": "20억"}}}), None)
    assert envelopes.year == 2025
    assert envelopes.derived
    assert [(z.phase, z.base, z.national) for z in envelopes.zones] == [(None, 0, 0)] * 2


def test_a_base_of_zero_and_cuts_below_zero_stay_at_zero() -> None:
    """An equal base of 0 is 0; two cuts to one zone add up; a total below 0 is 0."""
    rules = {
        "base": {"equal": 0},
        "adjustments": [
            {"zone": "x", "amount": "1억"},
            {"zone": "x", "amount": "2억"},
            {"zone": "y", "amount": "-1억"},
        ],
    }
    envelopes = derive_envelopes(_budget(rules), None)
    x, y = envelopes.zones
    assert (x.base, x.adjustment, x.national) == (0, 300_000_000, 300_000_000)
    assert (y.base, y.adjustment, y.national) == (0, -100_000_000, 0)


def test_a_grade_without_an_amount_or_weight_gets_nothing() -> None:
    """A grade missing from ``amounts`` or from ``weights`` earns 0 of the incentive."""
    by_amount = {
        "base": {"equal": "10억"},
        "incentive": {"amounts": {"A": "1억"}},
        "grades": {"x": "A", "y": "B"},
    }
    x, y = derive_envelopes(_budget(by_amount), None).zones
    assert (x.incentive, y.incentive) == (100_000_000, 0)
    by_weight = {
        "base": {"equal": "10억"},
        "incentive": {"pool": "3억", "weights": {"A": 1}},
        "grades": {"x": "A", "y": "B"},
    }
    x, y = derive_envelopes(_budget(by_weight), None).zones
    assert (x.incentive, y.incentive) == (300_000_000, 0)


def test_weights_without_a_pool_or_a_pool_without_weights_give_no_incentive() -> None:
    """An incentive priced half-way divides nothing (``envelope-pool`` reports it)."""
    for incentive in ({"weights": {"A": 1}}, {"pool": "3억"}):
        rules = {"base": {"equal": "10억"}, "incentive": incentive, "grades": {"x": "A"}}
        x, y = derive_envelopes(_budget(rules), None).zones
        assert (x.incentive, x.national, y.incentive) == (0, 1_000_000_000, 0)


def test_a_phase_the_base_does_not_price_gets_no_base() -> None:
    """jinju is in 2단계 in 2025 (bundled registry); a base for 1단계 only gives it 0."""
    registry = load_registry().model
    assert registry is not None
    rules = {"base": {"by_phase": {"1단계 기반조성": "20억", "2단계 특화발전": "18억"}}}
    budget = _budget(rules, {"jinju": {}, "hongneung": {}})
    assert [(z.phase, z.base) for z in derive_envelopes(budget, registry).zones] == [
        ("2단계 특화발전", 1_800_000_000),
        ("1단계 기반조성", 2_000_000_000),
    ]
    only_first = _budget({"base": {"by_phase": {"1단계 기반조성": "20억"}}}, {"jinju": {}})
    (jinju,) = derive_envelopes(only_first, registry).zones
    assert (jinju.phase, jinju.base, jinju.national) == ("2단계 특화발전", 0, 0)
