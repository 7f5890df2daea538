"""Checks of spending: overspent lines, the local match, the pace of spending."""

from __future__ import annotations

import calendar
import datetime as dt
from decimal import Decimal
from fractions import Fraction

from gangso_cli.core.budget import FUNDS, Budget
from gangso_cli.core.diagnostics import Diagnostic, Severity, SourceLocation
from gangso_cli.core.labels import FUND_KO
from gangso_cli.core.loader import LoadedBudget
from gangso_cli.core.money import format_korean
from gangso_cli.plan.allocator import Allocation
from gangso_cli.spending.accounts import Execution
from gangso_cli.spending.totals import Group, Totals


def _balance_problems(totals: Totals, allocation: Allocation) -> list[Diagnostic]:
    """Changes move money, never make or lose it: each zone's lines still add up to its
    envelope, fund by fund (``change-balance``; a guard on the arithmetic of changes)."""
    problems = []
    for zone in allocation.zones:
        group = totals.zones.get(zone.zone, Group())
        for fund in FUNDS:
            after = group.funds[fund].original + group.funds[fund].change
            if after != zone.envelope(fund):
                problems.append(
                    Diagnostic(
                        "change-balance",
                        f"{zone.zone}: after the changes its {fund} lines add up to "
                        f"{after:,}원, not the envelope's {zone.envelope(fund):,}원",
                        SourceLocation(""),
                        difference=after - zone.envelope(fund),
                    )
                )
    return problems


def _crossings(result: Execution) -> None:
    """A line spent past its 예산현액 is an error at the row that took it over."""
    for account in result.accounts.values():
        if account.spent <= account.current:
            continue
        ko = FUND_KO[account.fund]
        over = account.spent - account.current
        result.diagnostics.append(
            Diagnostic(
                "line-overspent",
                f"{account.zone} {account.program} ({ko}): spent {account.spent:,}원 of a "
                f"예산현액 of {account.current:,}원, {over:,}원 over; this row took it over",
                account.crossed or SourceLocation(""),
                hint=f"move {format_korean(over)} into this line by an approved change, or "
                "book the row to another line",
                difference=over,
            )
        )


def execution_checks(result: Execution, loaded: LoadedBudget) -> list[Diagnostic]:
    """Warnings on the year's spending as a whole, located at the budget's policy value:
    the local match on actual spending (``execution-local-match``), and spending pace
    below the policy's curve at the report's date (``execution-pace``)."""
    budget = loaded.model
    assert budget is not None
    found = []
    for zone, national, local, minimum in local_match_shortfalls(result, budget):
        share = result.totals.zones[zone].local_share
        found.append(
            loaded.finding(
                "execution-local-match",
                f"{zone}: 지방비 spent ({local:,}원) is {share}% of 국비 spent "
                f"({national:,}원); the policy asks at least {minimum}%",
                ("policy", "min_local_match"),
                hint="spend the local match alongside the national funds",
                severity=Severity.WARNING,
            )
        )
    pace = budget.policy.spending_pace
    if pace and result.as_of is not None:
        due = [m for m in sorted(pace) if month_end(budget.year, m) <= result.as_of]
        if due:
            month = due[-1]
            expected = pace[month]
            for zone in budget.zones:
                group = result.totals.zones.get(zone)
                rate = group.both.rate if group is not None else None
                if rate is not None and rate < expected:
                    found.append(
                        loaded.finding(
                            "execution-pace",
                            f"{zone}: {rate}% spent by {result.as_of.isoformat()}; the "
                            f"policy's pace asks {expected}% by the end of {month}월",
                            ("policy", "spending_pace"),
                            severity=Severity.WARNING,
                        )
                    )
    return found


def local_match_shortfalls(
    result: Execution, budget: Budget
) -> list[tuple[str, int, int, Decimal]]:
    """Zones whose local spending is below the policy's share of their national spending:
    (zone, national spent, local spent, the policy's minimum %)."""
    minimum = budget.policy.min_local_match
    short = []
    for zone in budget.zones:
        group = result.totals.zones.get(zone)
        if group is None:
            continue
        national, local = group.funds["national"].spent, group.funds["local"].spent
        if national > 0 and Fraction(local) < Fraction(national) * Fraction(minimum) / 100:
            short.append((zone, national, local, minimum))
    return short


def month_end(year: int, month: int) -> dt.date:
    """The last day of a month."""
    return dt.date(year, month, calendar.monthrange(year, month)[1])
