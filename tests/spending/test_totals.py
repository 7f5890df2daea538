"""What spending adds up to (spending/totals.py): one pass, every report reads it."""

from __future__ import annotations

from decimal import Decimal

from gangso_cli.spending.totals import Amounts, Group, LineAccount, add_up


def _account(zone: str, index: int, fund: str, original: int, spent: int) -> LineAccount:
    account = LineAccount(zone, index, "s", f"p{index}", fund, original=original)  # type: ignore[arg-type]
    account.spent = spent
    return account


def test_rate_is_spent_over_the_current_budget_and_none_without_one() -> None:
    """집행률 is 집행액 ÷ 예산현액 to one decimal; a line with no 예산현액 has none."""
    assert Amounts(original=300, change=-100, carry=100, spent=100).rate == Decimal("33.3")
    assert Amounts(original=300, change=-100, carry=100, spent=100).balance == 200
    assert Amounts(spent=5).rate is None


def test_add_up_groups_by_zone_in_budget_order_and_totals_them() -> None:
    """Lines are sorted as the budget lists them; zones, funds, months and 비목 add up."""
    beta = _account("beta", 0, "national", 1_000, 400)
    alpha_local = _account("alpha", 1, "local", 500, 100)
    alpha = _account("alpha", 1, "national", 2_000, 500)
    alpha.by_category = {"인건비": 300, "장비비": 200}
    monthly = {("alpha", "national"): [500] + [0] * 11, ("alpha", "local"): [0, 100] + [0] * 10,
               ("beta", "national"): [0, 0, 400] + [0] * 9}  # fmt: skip
    totals = add_up([beta, alpha_local, alpha], monthly, ["alpha", "beta"])  # type: ignore[arg-type]
    assert [(a.zone, a.fund) for a in totals.lines] == [
        ("alpha", "national"), ("alpha", "local"), ("beta", "national"),
    ]  # fmt: skip
    assert list(totals.zones) == ["alpha", "beta"]
    group = totals.zones["alpha"]
    assert (group.funds["national"].spent, group.funds["local"].spent) == (500, 100)
    assert (group.both.current, group.both.spent, group.both.rate) == (2_500, 600, Decimal(24))
    assert group.cumulative[:3] == [500, 600, 600]
    assert group.local_share == 20
    assert group.categorised == 500
    total = totals.total
    assert (total.both.current, total.both.spent) == (3_500, 1_000)
    assert total.cumulative[2] == 1_000
    assert total.categories == {"인건비": 300, "장비비": 200}


def test_over_chosen_zones_keeps_only_theirs() -> None:
    """The totals over chosen zones hold only their lines, groups and sums."""
    accounts = [
        _account("alpha", 0, "national", 1_000, 100),
        _account("beta", 0, "national", 10, 5),
    ]
    totals = add_up(accounts, {}, ["alpha", "beta"])
    assert totals.over(None) is totals
    beta = totals.over({"beta"})
    assert [a.zone for a in beta.lines] == ["beta"]
    assert list(beta.zones) == ["beta"]
    assert (beta.total.both.current, beta.total.both.spent, beta.total.both.rate) == (
        10,
        5,
        Decimal(50),
    )


def test_an_empty_group_has_nothing_and_no_rate() -> None:
    """A group of no lines adds up to zero, with no 집행률 and no local share."""
    group = Group()
    assert group.both.rate is None
    assert group.local_share is None
    assert group.cumulative == [0] * 12
