"""Views of spending against the plan: lines, zones, months, 비목 and the year-end close."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from gangso_cli.core.budget import FUNDS, Budget
from gangso_cli.core.money import percent_of
from gangso_cli.core.registry import Zone

if TYPE_CHECKING:
    from gangso_cli.spending.accounts import Execution, LineAccount
    from gangso_cli.spending.close import ClosedLine
from gangso_cli.core.labels import FUND_KO, zone_name
from gangso_cli.core.table import Column, ViewTable
from gangso_cli.plan.views import changes_view

#: Views of ``gangso execution``.
EXECUTION_VIEWS = ("lines", "zones", "months", "categories", "changes")


def execution_views(
    result: Execution,
    budget: Budget,
    zones: dict[str, Zone],
    chosen: set[str] | None = None,
) -> list[ViewTable]:
    """Spending against the plan as views (:data:`EXECUTION_VIEWS`; ``categories`` only
    when a ledger has a 비목 column): per line and fund, per zone, cumulative by month,
    and per 비목. ``budget_won`` is 예산현액, the budget spending is measured against."""
    stage_names = {s.id: s.name for s in budget.stages}
    accounts = [
        a
        for a in sorted(
            result.accounts.values(),
            key=lambda a: (list(budget.zones).index(a.zone), a.index, FUNDS.index(a.fund)),
        )
        if chosen is None or a.zone in chosen
    ]
    as_of = result.as_of or result.last_date
    when = f" ({as_of.isoformat()} 기준)" if as_of else ""
    views = [
        _execution_lines(result.year, when, accounts, stage_names, zones),
        _execution_zones(result.year, when, accounts, zones),
        _execution_months(result, when, accounts, zones, chosen),
    ]
    if result.categories:
        views.append(_execution_categories(result.year, when, accounts, stage_names, zones))
    if result.changes:
        views.append(changes_view(result.changes, budget, zones, chosen))
    return views


def _execution_lines(
    year: int,
    when: str,
    accounts: list[LineAccount],
    stage_names: dict[str, str],
    zones: dict[str, Zone],
) -> ViewTable:
    table = ViewTable(
        "lines",
        f"{year}년 세부사업별 집행 현황{when}",
        [
            Column("zone_id", "특구 id"),
            Column("zone_name", "특구"),
            Column("stage_id", "단계 id"),
            Column("stage_name", "단계"),
            Column("program", "세부사업"),
            Column("fund", "재원"),
            Column("original_won", "본예산", "won"),
            Column("change_won", "변경", "won"),
            Column("carry_won", "이월", "won"),
            Column("budget_won", "예산현액", "won"),
            Column("spent_won", "집행액", "won"),
            Column("balance_won", "잔액", "won"),
            Column("rate_percent", "집행률 (%)", "percent"),
        ],
    )
    for a in accounts:
        table.rows.append(
            [
                a.zone, zone_name(zones, a.zone), a.stage, stage_names.get(a.stage, a.stage),
                a.program, FUND_KO[a.fund], a.original, a.change, a.carry, a.current, a.spent,
                a.balance, a.rate,
            ]
        )  # fmt: skip
    budget_won, spent = sum(a.current for a in accounts), sum(a.spent for a in accounts)
    table.total = [
        "", "합계", "", "", "", "", sum(a.original for a in accounts),
        sum(a.change for a in accounts), sum(a.carry for a in accounts), budget_won, spent,
        budget_won - spent, percent_of(spent, budget_won),
    ]  # fmt: skip
    return table


def _execution_zones(
    year: int, when: str, accounts: list[LineAccount], zones: dict[str, Zone]
) -> ViewTable:
    table = ViewTable(
        "zones",
        f"{year}년 특구별 집행 현황{when}",
        [
            Column("zone_id", "특구 id"),
            Column("zone_name", "특구"),
            Column("national_budget_won", "국비 예산현액", "won"),
            Column("national_spent_won", "국비 집행액", "won"),
            Column("local_budget_won", "지방비 예산현액", "won"),
            Column("local_spent_won", "지방비 집행액", "won"),
            Column("budget_won", "예산현액", "won"),
            Column("spent_won", "집행액", "won"),
            Column("balance_won", "잔액", "won"),
            Column("rate_percent", "집행률 (%)", "percent"),
        ],
    )
    totals: dict[str, list[int]] = {}
    for a in accounts:
        sums = totals.setdefault(a.zone, [0, 0, 0, 0])
        offset = 0 if a.fund == "national" else 2
        sums[offset] += a.current
        sums[offset + 1] += a.spent
    for zone_id, (nb, ns, lb, ls) in totals.items():
        table.rows.append(
            [zone_id, zone_name(zones, zone_id), nb, ns, lb, ls, nb + lb, ns + ls,
             nb + lb - ns - ls, percent_of(ns + ls, nb + lb)]
        )  # fmt: skip
    column = [sum(v[i] for v in totals.values()) for i in range(4)]
    nb, ns, lb, ls = column
    table.total = ["", "합계", nb, ns, lb, ls, nb + lb, ns + ls, nb + lb - ns - ls,
                   percent_of(ns + ls, nb + lb)]  # fmt: skip
    return table


def _execution_months(
    result: Execution,
    when: str,
    accounts: list[LineAccount],
    zones: dict[str, Zone],
    chosen: set[str] | None,
) -> ViewTable:
    """Cumulative spending (both funds) at the end of each month, per zone; months after
    the report's date are left empty."""
    last = result.as_of or result.last_date
    shown = last.month if last is not None and last.year == result.year else 12
    table = ViewTable(
        "months",
        f"{result.year}년 월별 누적 집행액{when}",
        [
            Column("zone_id", "특구 id"),
            Column("zone_name", "특구"),
            Column("budget_won", "예산현액", "won"),
            *(Column(f"m{m:02d}_won", f"{m}월", "won") for m in range(1, 13)),
            Column("rate_percent", "집행률 (%)", "percent"),
        ],
    )
    budgets: dict[str, int] = {}
    for a in accounts:
        budgets[a.zone] = budgets.get(a.zone, 0) + a.current
    programme = [0] * 12
    for zone_id, budget_won in budgets.items():
        spent = [0] * 12
        for (zone, _), months in result.monthly.items():
            if zone == zone_id:
                spent = [a + b for a, b in zip(spent, months, strict=True)]
        cumulative, running = [], 0
        for m in range(12):
            running += spent[m]
            programme[m] += spent[m]
            cumulative.append(running if m < shown else None)
        table.rows.append(
            [zone_id, zone_name(zones, zone_id), budget_won, *cumulative,
             percent_of(running, budget_won)]
        )  # fmt: skip
    total_budget, running, cumulative = sum(budgets.values()), 0, []
    for m in range(12):
        running += programme[m]
        cumulative.append(running if m < shown else None)
    table.total = ["", "합계", total_budget, *cumulative, percent_of(running, total_budget)]
    return table


def _execution_categories(
    year: int,
    when: str,
    accounts: list[LineAccount],
    stage_names: dict[str, str],
    zones: dict[str, Zone],
) -> ViewTable:
    table = ViewTable(
        "categories",
        f"{year}년 비목별 집행액{when}",
        [
            Column("zone_id", "특구 id"),
            Column("zone_name", "특구"),
            Column("stage_id", "단계 id"),
            Column("program", "세부사업"),
            Column("fund", "재원"),
            Column("category", "비목"),
            Column("spent_won", "집행액", "won"),
        ],
    )
    for a in accounts:
        for category, spent in sorted(a.by_category.items()):
            table.rows.append(
                [a.zone, zone_name(zones, a.zone), a.stage, a.program, FUND_KO[a.fund], category,
                 spent]
            )  # fmt: skip
    table.total = ["", "합계", "", "", "", "", sum(int(row[-1] or 0) for row in table.rows)]
    return table


def close_view(year: int, closed: Sequence[ClosedLine], zones: dict[str, Zone]) -> ViewTable:
    """The year-end close per line and fund: 예산현액, 집행액, 잔액, and what becomes of
    the balance: 이월 (with its kind), 불용, and 반납 (the 국비 part of 불용)."""
    table = ViewTable(
        "close",
        f"{year}년 결산: 이월·불용·반납",
        [
            Column("zone_id", "특구 id"),
            Column("zone_name", "특구"),
            Column("stage_id", "단계 id"),
            Column("program", "세부사업"),
            Column("fund", "재원"),
            Column("budget_won", "예산현액", "won"),
            Column("spent_won", "집행액", "won"),
            Column("balance_won", "잔액", "won"),
            Column("carry_kind", "이월 구분"),
            Column("carried_won", "이월액", "won"),
            Column("unspent_won", "불용액", "won"),
            Column("returned_won", "반납액", "won"),
        ],
    )
    for line in closed:
        a = line.account
        table.rows.append(
            [a.zone, zone_name(zones, a.zone), a.stage, a.program, FUND_KO[a.fund], a.current,
             a.spent, a.balance, line.kind or "", line.carried, line.unspent, line.returned]
        )  # fmt: skip
    table.total = [
        "", "합계", "", "", "", sum(c.account.current for c in closed),
        sum(c.account.spent for c in closed), sum(c.account.balance for c in closed), "",
        sum(c.carried for c in closed), sum(c.unspent for c in closed),
        sum(c.returned for c in closed),
    ]  # fmt: skip
    return table
