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
from gangso_cli.spending.totals import LineAccount, Totals

#: A ledger gets at most this many diagnostics of one check; the rest are counted in
#: one more line (10,000 rows of an unknown program are one mistake, not 10,000).
MAX_PER_CHECK = 20


@dataclass(frozen=True)
class RejectedRow:
    """One ledger row left out of spending, and why."""

    location: SourceLocation
    reason: str
    #: The row's amount in won, where it could be read (None: the amount itself was bad).
    amount: int | None
    #: The check that refused it (``ledger-date``, ``ledger-program``…).
    check: str = ""


@dataclass
class Rejected:
    """Ledger rows not counted in spending: how many, the won they hold (where an amount
    could be read), and the first :data:`LISTED` of them for a report to list.

    A report written while rows were rejected must say so: a partial result never looks
    complete."""

    LISTED = 1000

    rows: int = 0
    amount: int = 0
    listed: list[RejectedRow] = field(default_factory=list)
    #: Ledgers not read at all (their header could not be mapped): their rows are not
    #: counted and not known.
    files: list[str] = field(default_factory=list)
    #: Rejected rows whose amount could not be read either (not in ``amount``).
    unpriced: int = 0

    def add(
        self, location: SourceLocation, reason: str, amount: int | None, check: str = ""
    ) -> None:
        """Count one rejected row (and list it while fewer than LISTED are)."""
        self.rows += 1
        self.amount += amount or 0
        self.unpriced += amount is None
        if len(self.listed) < self.LISTED:
            self.listed.append(RejectedRow(location, reason, amount, check))

    def __bool__(self) -> bool:
        """True when anything was left out: a row, or a whole ledger."""
        return bool(self.rows or self.files)

    def note(self) -> str | None:
        """What was left out, in one line for under a report (None when nothing was):
        ``3 ledger rows, 1,234,000원 not counted``."""
        if not self:
            return None
        parts = []
        if self.rows:
            what = "1 ledger row" if self.rows == 1 else f"{self.rows:,} ledger rows"
            # the rows without a readable amount are among the rows, not more of them
            unread = f" ({self.unpriced:,} of them with an amount that could not be read)"
            parts.append(f"{what}, {self.amount:,}원 not counted{unread if self.unpriced else ''}")
        if self.files:
            what = "1 ledger" if len(self.files) == 1 else f"{len(self.files)} ledgers"
            parts.append(f"{what} not read at all ({', '.join(self.files)})")
        return "; ".join(parts)


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
    #: Rows of the ledgers not counted (filled while reading; empty when all were).
    rejected: Rejected = field(default_factory=Rejected)
    #: The recipient's own funds (자부담) spent, by zone: read, never counted as 국비 or
    #: 지방비 (a budget of the two funds does not hold them).
    own_funds: dict[str, int] = field(default_factory=dict)
    #: How many ledger entries were own funds.
    own_rows: int = 0
    #: How many entries the rows read gave (more than ``rows`` when a row of funds as
    #: amount columns gives one per fund).
    entries: int = 0
    #: How many of those entries each zone had.
    own_entries: dict[str, int] = field(default_factory=dict)
    #: What gangso decided while reading, for the reader to know (which row was the
    #: header, which zone a ledger with no 특구 column is of).
    notes: list[str] = field(default_factory=list)

    @property
    def report_date(self) -> dt.date | None:
        """The date the report stands at: ``as_of`` when given, else the latest date it
        reflects. :func:`~gangso_cli.spending.run.run_spending` cuts the changes at the
        last ledger row when no ``as_of`` is given, so that is the last row's date; a
        move applied after it (an :func:`execute` called without that cut, or the
        whole-year close) dates the report instead, never leaving it dated before a move
        it shows."""
        if self.as_of is not None:
            return self.as_of
        moved = [c.change.date for c in self.changes if c.moves]
        return max([d for d in (self.last_date, *moved) if d is not None], default=None)


#: Money carried in from last year: (zone, line index, fund) → (won, 명시이월/사고이월).
CarryIn = dict[tuple[str, int, Fund], tuple[int, str]]
