"""The result of spending against the plan: one account per budget line and fund, and the
totals every view reads (:mod:`gangso_cli.spending.totals`: 예산현액 = 본예산 ± 변경 + 이월;
집행률 = 집행액 ÷ 예산현액).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from gangso_cli.core.budget import Fund
from gangso_cli.core.diagnostics import Diagnostic, SourceLocation
from gangso_cli.plan.changes import ResolvedChange
from gangso_cli.spending.totals import Amounts, Totals

#: A ledger gets at most this many diagnostics of one check; the rest are counted in
#: one more line (10,000 rows of an unknown program are one mistake, not 10,000).
MAX_PER_CHECK = 20


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
    #: How money was carried into this line from last year (명시이월, 사고이월).
    carried_in: set[str] = field(default_factory=set)


@dataclass
class Execution:
    """A year's spending against its budget: every line's account, monthly spending per
    zone and fund, and the problems found."""

    year: int
    accounts: dict[tuple[str, int, Fund], LineAccount]
    #: (zone, fund) → won spent in each month, January first.
    monthly: dict[tuple[str, Fund], list[int]]
    diagnostics: list[Diagnostic] = field(default_factory=list)
    rows: int = 0
    as_of: dt.date | None = None
    #: The latest date of a row read (the report's "as of" when none was given).
    last_date: dt.date | None = None
    categories: bool = False
    #: Every budget change read, matched to its lines, in date order.
    changes: list[ResolvedChange] = field(default_factory=list)
    #: What the accounts add up to, once every ledger is read.
    totals: Totals = field(default_factory=Totals)


#: Money carried in from last year: (zone, line index, fund) → (won, 명시이월/사고이월).
CarryIn = dict[tuple[str, int, Fund], tuple[int, str]]
