"""What spending adds up to, computed once for every report: per line, per zone and fund,
per month and per 비목, and in all.

집행률 (집행액 ÷ 예산현액) and the local share of spending are computed here and nowhere
else; the views and the checks read them.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from gangso_cli.core.budget import FUNDS, Fund
from gangso_cli.core.diagnostics import SourceLocation
from gangso_cli.core.money import percent_of


@dataclass(kw_only=True)
class Amounts:
    """본예산, 변경, 이월 and 집행액 of one line's fund or of many together; 예산현액,
    잔액 and 집행률 follow from them."""

    original: int = 0
    change: int = 0
    carry: int = 0
    spent: int = 0

    @property
    def current(self) -> int:
        """예산현액: 본예산 ± 변경 + 이월."""
        return self.original + self.change + self.carry

    @property
    def balance(self) -> int:
        """잔액: 예산현액 − 집행액."""
        return self.current - self.spent

    @property
    def rate(self) -> Decimal | None:
        """집행률 (%): 집행액 ÷ 예산현액, one decimal; None when 예산현액 is 0."""
        return percent_of(self.spent, self.current)

    def add(self, other: Amounts) -> None:
        """Add another line's (or group's) amounts to these."""
        self.original += other.original
        self.change += other.change
        self.carry += other.carry
        self.spent += other.spent


@dataclass
class LineAccount(Amounts):
    """One budget line's fund: the plan (``original``), its changes, its carry-in, and
    what was spent; 예산현액, 잔액 and 집행률 as :class:`Amounts` has them."""

    zone: str
    index: int
    stage: str
    program: str
    fund: Fund
    #: The ledger row after which spending went (and stayed) over 예산현액.
    crossed: SourceLocation | None = None
    by_category: dict[str, int] = field(default_factory=dict)
    #: (비목, 세목) → won spent, for ledgers with both columns.
    by_subcategory: dict[tuple[str, str], int] = field(default_factory=dict)
    #: How money was carried into this line from last year (명시이월, 사고이월).
    carried_in: set[str] = field(default_factory=set)


@dataclass
class Group:
    """Lines together (a zone's, or every shown zone's): by fund, both funds, spending by
    month and by 비목."""

    funds: dict[Fund, Amounts] = field(default_factory=lambda: {f: Amounts() for f in FUNDS})
    both: Amounts = field(default_factory=Amounts)
    #: Won spent in each month (both funds), January first.
    months: list[int] = field(default_factory=lambda: [0] * 12)
    #: 비목 → won spent, for ledgers with a 비목 column.
    categories: dict[str, int] = field(default_factory=dict)

    @property
    def cumulative(self) -> list[int]:
        """Won spent by the end of each month (both funds), January first."""
        running, out = 0, []
        for spent in self.months:
            running += spent
            out.append(running)
        return out

    @property
    def categorised(self) -> int:
        """Won spent with a 비목 (every row, when the ledgers have the column)."""
        return sum(self.categories.values())

    @property
    def local_share(self) -> Decimal | None:
        """지방비 spent as a percentage of 국비 spent (the local match on spending)."""
        return percent_of(self.funds["local"].spent, self.funds["national"].spent)

    def add(self, other: Group) -> None:
        """Add another group's amounts, months and 비목 to this one."""
        for fund in FUNDS:
            self.funds[fund].add(other.funds[fund])
        self.both.add(other.both)
        self.months = [a + b for a, b in zip(self.months, other.months, strict=True)]
        for name, spent in other.categories.items():
            self.categories[name] = self.categories.get(name, 0) + spent


@dataclass
class Totals:
    """Every line in budget order, each zone's group (zones with lines, in budget order)
    and the group of them all."""

    lines: list[LineAccount] = field(default_factory=list)
    zones: dict[str, Group] = field(default_factory=dict)
    total: Group = field(default_factory=Group)

    def over(self, chosen: set[str] | None) -> Totals:
        """The totals of the chosen zones only (all of them for None)."""
        if chosen is None:
            return self
        zones = {zone: group for zone, group in self.zones.items() if zone in chosen}
        return Totals(
            [line for line in self.lines if line.zone in chosen], zones, _sum(zones.values())
        )


def add_up(
    accounts: Iterable[LineAccount],
    monthly: dict[tuple[str, Fund], list[int]],
    zone_order: Sequence[str],
) -> Totals:
    """One pass over the accounts (and the monthly spending): lines sorted as the budget
    lists them, each zone's group, and the total."""
    rank = {zone: i for i, zone in enumerate(zone_order)}
    lines = sorted(accounts, key=lambda a: (rank[a.zone], a.index, FUNDS.index(a.fund)))
    zones: dict[str, Group] = {}
    for line in lines:
        group = zones.get(line.zone)
        if group is None:
            group = zones[line.zone] = Group()
        group.funds[line.fund].add(line)
        group.both.add(line)
        for name, spent in line.by_category.items():
            group.categories[name] = group.categories.get(name, 0) + spent
    for (zone, _), months in monthly.items():
        if zone in zones:
            group = zones[zone]
            group.months = [a + b for a, b in zip(group.months, months, strict=True)]
    return Totals(lines, zones, _sum(zones.values()))


def _sum(groups: Iterable[Group]) -> Group:
    total = Group()
    for group in groups:
        total.add(group)
    return total
