"""Spending against the plan (집행): ledger rows matched to budget lines and added up.

Pure apart from reading the ledgers it is given: an allocation and ledgers in, an
:class:`Execution` out, with every problem as a located diagnostic. Rows stream through:
memory grows with the budget's lines, never with the ledger's length.

Per line and fund, 예산현액 (the current budget) = 본예산 (the allocation) ± approved
변경 + 이월, and 집행률 = 집행액 ÷ 예산현액 — never ÷ the original budget.
"""

from __future__ import annotations

import calendar
import csv
import datetime as dt
import operator
import os
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction

from gangso_cli.allocator import Allocation
from gangso_cli.changes import LoadedChanges, ResolvedChange
from gangso_cli.diagnostics import Diagnostic, Severity, SourceLocation, close_matches
from gangso_cli.ledger import (
    CellError,
    Ledger,
    LedgerUnreadable,
    cell_text,
    parse_date,
    parse_fund,
    parse_ledger_amount,
)
from gangso_cli.loader import LoadedBudget
from gangso_cli.models import FUNDS, Budget, Fixed, Fund, Registry
from gangso_cli.money import format_korean, percent_of
from gangso_cli.yamlsource import UNREADABLE

__all__ = [
    "CARRY_KINDS",
    "MAX_PER_CHECK",
    "CarryIn",
    "Execution",
    "LineAccount",
    "execute",
    "execution_checks",
    "load_carry",
    "local_match_shortfalls",
    "month_end",
]

#: A ledger gets at most this many diagnostics of one check; the rest are counted in
#: one more line (10,000 rows of an unknown program are one mistake, not 10,000).
MAX_PER_CHECK = 20


@dataclass
class LineAccount:
    """One budget line's fund: the plan, its changes, and what was spent."""

    zone: str
    index: int
    stage: str
    program: str
    fund: Fund
    original: int
    change: int = 0
    carry: int = 0
    spent: int = 0
    #: The ledger row after which spending went (and stayed) over 예산현액.
    crossed: SourceLocation | None = None
    by_category: dict[str, int] = field(default_factory=dict)
    #: How money was carried into this line from last year (명시이월, 사고이월).
    carried_in: set[str] = field(default_factory=set)

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

    def zone_totals(self) -> dict[tuple[str, Fund], tuple[int, int]]:
        """Each zone's and fund's (예산현액, 집행액), in one pass over the accounts."""
        totals: dict[tuple[str, Fund], tuple[int, int]] = {}
        for account in self.accounts.values():
            current, spent = totals.get((account.zone, account.fund), (0, 0))
            totals[(account.zone, account.fund)] = (
                current + account.current,
                spent + account.spent,
            )
        return totals


class _Reporter:
    """Diagnostics for one ledger, at most MAX_PER_CHECK of each check."""

    def __init__(self, out: list[Diagnostic]) -> None:
        self.out = out
        self.counts: dict[str, int] = {}
        self.first: dict[str, SourceLocation] = {}

    def add(
        self,
        check: str,
        message: str,
        where: SourceLocation,
        hint: str | None = None,
        severity: Severity = Severity.ERROR,
    ) -> None:
        count = self.counts.get(check, 0) + 1
        self.counts[check] = count
        if count <= MAX_PER_CHECK:
            self.out.append(Diagnostic(check, message, where, hint, severity))

    def finish(self, file: str, sheet: str) -> None:
        for check, count in self.counts.items():
            if count > MAX_PER_CHECK:
                severity = Severity.WARNING if check == "ledger-duplicate" else Severity.ERROR
                self.out.append(
                    Diagnostic(
                        check,
                        f"… and {count - MAX_PER_CHECK:,} more rows like the ones above "
                        f"({count:,} in all)",
                        SourceLocation(file, 0, 0, sheet=sheet),
                        severity=severity,
                    )
                )


@dataclass(frozen=True)
class _Target:
    """Where a (zone, program, stage, fund) of a ledger goes, or why it cannot."""

    key: tuple[str, int, Fund] | None
    check: str = ""
    message: str = ""
    hint: str | None = None
    column: str | None = None


class _Matcher:
    """Resolves a ledger's zone, program, stage and fund cells to a budget line's fund,
    once per distinct combination (a ledger repeats a few hundred of them)."""

    def __init__(self, budget: Budget, allocation: Allocation, registry: Registry | None):
        self.budget, self.registry = budget, registry
        self.stage_names = {s.id: s.name for s in budget.stages}
        self.lines: dict[str, dict[str, list[tuple[int, str]]]] = {}
        self.funded: set[tuple[str, int, Fund]] = set()
        for allocated in allocation.lines():
            self.funded.add((allocated.zone, allocated.index, allocated.fund))
        for zone_id, zone in budget.zones.items():
            programs: dict[str, list[tuple[int, str]]] = {}
            for i, line in enumerate(zone.lines):
                programs.setdefault(cell_text(line.program), []).append((i, line.stage))
            self.lines[zone_id] = programs
        self.cache: dict[tuple[object, object, object, object], _Target] = {}

    def zone(self, written: str) -> str | None:
        if written in self.budget.zones:
            return written
        found = self.registry.find(written) if self.registry is not None else None
        return found.id if found is not None and found.id in self.budget.zones else None

    def target(self, zone_cell: object, program_cell: object, stage_cell: object,
               fund_cell: object) -> _Target:  # fmt: skip
        key = (zone_cell, program_cell, stage_cell, fund_cell)
        found = self.cache.get(key)
        if found is None:
            found = self.cache[key] = self._resolve(*key)
        return found

    def _resolve(self, zone_cell: object, program_cell: object, stage_cell: object,
                 fund_cell: object) -> _Target:  # fmt: skip
        written_zone = cell_text(zone_cell)
        zone = self.zone(written_zone)
        if zone is None:
            ids = list(self.budget.zones)
            # near an id, or near a Korean name (김헤 → 김해 → gimhae)
            names = {zone_id: zone_id for zone_id in ids}
            known = self.registry.by_id() if self.registry is not None else {}
            for zone_id in ids:
                if zone_id in known:
                    names[known[zone_id].city] = names[known[zone_id].name] = zone_id
            close = close_matches(written_zone, list(names))
            return _Target(
                None,
                "ledger-zone",
                f"특구 {written_zone!r} is not a zone of this budget",
                f"did you mean {names[close[0]]}?" if close else "zones: " + ", ".join(ids),
                "zone",
            )
        program = cell_text(program_cell)
        candidates = self.lines[zone].get(program, [])
        stage = cell_text(stage_cell)
        if stage:
            by_name = {v: k for k, v in self.stage_names.items()}
            stage = by_name.get(stage, stage)
            candidates = [c for c in candidates if c[1] == stage]
        if not candidates:
            programs = sorted(self.lines[zone])
            close = close_matches(program, programs)
            where = f"{zone}" + (f", stage {stage}" if stage else "")
            return _Target(
                None,
                "ledger-program",
                f"세부사업 {program!r} is not a line of {where} in the budget",
                f"did you mean {close[0]!r}?" if close else "lines: " + ", ".join(programs),
                "program",
            )
        if len(candidates) > 1:
            stages = ", ".join(c[1] for c in candidates)
            return _Target(
                None,
                "ledger-program",
                f"세부사업 {program!r} is a line of {zone} in several stages ({stages})",
                "add a 단계 column saying which stage each row belongs to",
                "program",
            )
        try:
            fund: Fund = parse_fund(str(fund_cell or ""))  # type: ignore[assignment]
        except CellError as exc:
            return _Target(None, "ledger-fund", str(exc), None, "fund")
        index = candidates[0][0]
        if (zone, index, fund) not in self.funded:
            ko = "국비" if fund == "national" else "지방비"
            return _Target(
                None,
                "line-unbudgeted",
                f"{zone} {program}: spending from {ko}, which this line has no budget of",
                f"book it to a line funded by {ko}, or give this line a {fund} rule",
                "fund",
            )
        return _Target((zone, index, fund))


def execute(
    budget: Budget,
    allocation: Allocation,
    registry: Registry | None,
    ledgers: Iterable[Ledger],
    *,
    as_of: dt.date | None = None,
    changes: Sequence[LoadedChanges] = (),
    carry: CarryIn | None = None,
    progress: Callable[[Ledger], None] | None = None,
) -> Execution:
    """Apply the approved budget changes, then read the ledgers row by row against the
    allocation; every problem is located.

    Args:
        budget: the budget spent against (national, or one region's as a budget).
        allocation: its allocation: each line's 본예산.
        registry: for zones written by Korean name (None: ids only).
        ledgers: open ledgers, read in order; a line crossed its budget at the row where
            the running total (in this order) went over.
        as_of: rows dated after it are errors; the pace check looks at it.
        changes: budget changes (a changes file, a region file's section): approved
            moves change the lines' 예산현액 before any row is read.
        carry: money carried in from last year, by line (:func:`load_carry`).
        progress: called with the ledger every 65,536 rows and at its end.
    """
    accounts: dict[tuple[str, int, Fund], LineAccount] = {}
    for line in allocation.lines():
        accounts[(line.zone, line.index, line.fund)] = LineAccount(
            line.zone, line.index, line.stage, line.program, line.fund, line.amount
        )
    monthly: dict[tuple[str, Fund], list[int]] = {}
    result = Execution(budget.year, accounts, monthly, as_of=as_of)
    for key, (amount, kind) in (carry or {}).items():
        if key not in accounts:  # carried money for a fund the line has no budget of
            planned = budget.zones[key[0]].lines[key[1]]
            accounts[key] = LineAccount(key[0], key[1], planned.stage, planned.program, key[2], 0)
        accounts[key].carry += amount
        accounts[key].carried_in.add(kind)
    for loaded in changes:
        _apply_changes(result, budget, loaded)
    result.diagnostics.extend(_balance_problems(result, allocation))
    matcher = _Matcher(budget, allocation, registry)
    for ledger in ledgers:
        result.diagnostics.extend(ledger.diagnostics)
        if any(d.check in ("ledger-header", UNREADABLE) for d in ledger.diagnostics):
            ledger.close()
            continue
        try:
            _read(ledger, result, matcher, progress)
        except LedgerUnreadable as exc:
            result.diagnostics.append(
                Diagnostic(UNREADABLE, str(exc), SourceLocation(ledger.file, sheet=ledger.sheet))
            )
        finally:
            ledger.close()
    _crossings(result)
    return result


def _balance_problems(result: Execution, allocation: Allocation) -> list[Diagnostic]:
    """Changes move money, never make or lose it: each zone's lines still add up to its
    envelope, fund by fund (``change-balance``; a guard on the arithmetic above)."""
    sums: dict[tuple[str, Fund], int] = {}
    for a in result.accounts.values():
        sums[(a.zone, a.fund)] = sums.get((a.zone, a.fund), 0) + a.original + a.change
    problems = []
    for zone in allocation.zones:
        for fund in FUNDS:
            after = sums.get((zone.zone, fund), 0)
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


def _apply_changes(result: Execution, budget: Budget, loaded: LoadedChanges) -> None:
    """Approved moves into the accounts' 변경; every change kept for the report."""
    from gangso_cli.changes import resolve_changes

    accounts = result.accounts

    def current(zone: str, index: int, fund: Fund) -> int | None:
        account = accounts.get((zone, index, fund))
        return account.current if account is not None else None

    resolution = resolve_changes(loaded, budget, current, until=result.as_of)
    result.diagnostics.extend(resolution.diagnostics)
    for resolved in resolution.changes:
        result.changes.append(resolved)
        if not resolved.moves:
            continue
        amount, fund = resolved.change.amount or 0, resolved.change.fund
        assert resolved.source is not None
        assert resolved.target is not None
        accounts[(resolved.zone, resolved.source, fund)].change -= amount
        key = (resolved.zone, resolved.target, fund)
        if key not in accounts:  # money moved into a line that had none of this fund
            line = budget.zones[resolved.zone].lines[resolved.target]
            accounts[key] = LineAccount(
                resolved.zone, resolved.target, line.stage, line.program, fund, 0
            )
        accounts[key].change += amount


#: Money carried in from last year: (zone, line index, fund) → (won, 명시이월/사고이월).
CarryIn = dict[tuple[str, int, Fund], tuple[int, str]]
CARRY_KINDS = ("명시이월", "사고이월")


def load_carry(path: str | os.PathLike[str], budget: Budget) -> tuple[CarryIn, list[Diagnostic]]:
    """Read the carry-over file ``gangso close`` wrote last year (a region file of this
    year whose lines are fixed amounts, each noting 명시이월 or 사고이월) and match its
    lines to this budget's: carried money keeps its purpose, so each must be a line here."""
    from gangso_cli.loader import load_budget

    loaded = load_budget(path)
    found = list(loaded.diagnostics)
    carried: CarryIn = {}
    region = loaded.region
    if region is None:
        if loaded.model is not None:
            message = "a carry-over file is one region's file, as gangso close writes it"
            found.append(loaded.doc.error("carry-line", message))
        return carried, found
    if region.year != budget.year or region.zone not in budget.zones:
        found.append(
            loaded.doc.error(
                "carry-line",
                f"carries into {region.zone} in {region.year}, which this {budget.year} "
                "budget does not fund",
                ("year",) if region.year != budget.year else ("zone",),
            )
        )
        return carried, found
    lines = budget.zones[region.zone].lines
    for i, line in enumerate(region.lines):
        index = next(
            (j for j, mine in enumerate(lines)
             if (mine.stage, cell_text(mine.program)) == (line.stage, cell_text(line.program))),
            None,
        )  # fmt: skip
        kind = next((k for k in CARRY_KINDS if k in (line.note or "")), "명시이월")
        if index is None:
            found.append(
                loaded.doc.error(
                    "carry-line",
                    f"{line.program!r} ({line.stage}) is not a line of {region.zone} in the "
                    f"{budget.year} budget; carried money keeps its purpose",
                    ("lines", i, "program"),
                    hint="add the line to this year's budget, or correct its name",
                )
            )
            continue
        for fund in FUNDS:
            rule = line.rule(fund)
            if isinstance(rule, Fixed) and rule.amount:
                before = carried.get((region.zone, index, fund), (0, kind))[0]
                carried[(region.zone, index, fund)] = (before + rule.amount, kind)
    return carried, found


def _cell(cells: Sequence[object], index: int | None) -> object:
    if index is None or index >= len(cells):
        return ""
    value = cells[index]
    return "" if value is None else value


def _read(
    ledger: Ledger,
    result: Execution,
    matcher: _Matcher,
    progress: Callable[[Ledger], None] | None = None,
) -> None:
    """One ledger's rows into the accounts.

    The hot loop of a 1M-row ledger: the cells are picked in one C call, dates, targets
    and categories are looked up once per distinct value, and an amount with commas is
    parsed by ``int`` before the careful parser is tried.
    """
    report = _Reporter(result.diagnostics)
    columns = ledger.columns
    required = [columns[f] for f in ("date", "zone", "program", "fund", "amount")]
    optional = [columns.get(f) for f in ("memo", "category", "stage")]
    has_category, has_stage = optional[1] is not None, optional[2] is not None
    result.categories = result.categories or has_category
    # absent optional columns pick the date column: their values are then ignored
    picks = [*required, *(i if i is not None else required[0] for i in optional)]
    pick = operator.itemgetter(*picks)
    width = max(picks) + 1
    year, as_of, unit = result.year, result.as_of, ledger.unit
    dates: dict[object, dt.date | str] = {}
    categories: dict[object, str] = {}
    slots: dict[tuple[object, ...], tuple[LineAccount, list[int], int, tuple[str, int, Fund]]] = {}
    accounts, monthly = result.accounts, result.monthly
    last_date: dt.date | None = None
    latest = result.last_date
    seen: dict[tuple[object, ...], int] = {}
    rows = 0
    row_number = ledger.row_number
    try:
        for cells in ledger.rows:
            if not cells or not (cells[0] or any(cells)):
                continue  # a blank row (,,,,)
            rows += 1
            number = row_number()
            if progress is not None and not rows & 0xFFFF:
                progress(ledger)
            if len(cells) < width:
                cells = [*cells, *([""] * (width - len(cells)))]
            raw_date, zone, program, fund, raw_amount, memo, category, stage = pick(cells)
            when = dates.get(raw_date)
            if when is None:
                when = dates[raw_date] = _date_or_problem(raw_date, year, as_of)
            if type(when) is str:
                report.add("ledger-date", f"집행일자 {when}", ledger.location(number, "date"),
                           "correct the date, or use the budget of that year")  # fmt: skip
                continue
            day: dt.date = when  # type: ignore[assignment]  # not a str: a date
            key = (zone, program, stage if has_stage else "", fund)
            slot = slots.get(key)
            if slot is None:
                target = matcher.target(*key)
                if target.key is None:
                    report.add(target.check, target.message,
                               ledger.location(number, target.column), target.hint)  # fmt: skip
                    continue
                account = accounts[target.key]
                months = monthly.setdefault((account.zone, account.fund), [0] * 12)
                slot = slots[key] = (account, months, account.current, target.key)
            account, months, current, line = slot
            try:
                # the common case: "1,234,000" or an int cell; never a float (int() cuts it)
                if type(raw_amount) is str:
                    amount = int(raw_amount.replace(",", "")) * unit
                elif type(raw_amount) is int:
                    amount = raw_amount * unit
                else:
                    raise ValueError
            except ValueError:
                try:
                    amount = parse_ledger_amount(raw_amount, unit)
                except CellError as exc:
                    report.add(
                        "ledger-amount", f"집행금액 {exc}", ledger.location(number, "amount")
                    )
                    continue
            if day != last_date:
                seen.clear()  # duplicates are looked for among the rows of one date
                last_date = day
                if latest is None or day > latest:
                    latest = day
            signature = (line, amount, memo if optional[0] is not None else "")
            if signature in seen:
                report.add(
                    "ledger-duplicate",
                    f"the same date, line, amount and 적요 as row {seen[signature]}: "
                    "entered twice?",
                    ledger.location(number),
                    "delete one of the two rows, or make their 적요 say how they differ",
                    Severity.WARNING,
                )
            else:
                seen[signature] = number
            spent = account.spent + amount
            account.spent = spent
            if spent > current >= spent - amount:
                account.crossed = ledger.location(number)
            if has_category:
                name = categories.get(category)
                if name is None:
                    name = categories[category] = cell_text(category) or "(비목 없음)"
                account.by_category[name] = account.by_category.get(name, 0) + amount
            months[day.month - 1] += amount
    except UnicodeDecodeError:
        raise LedgerUnreadable(
            f"the file changes encoding after line {row_number()} (read as {ledger.encoding})"
        ) from None
    except csv.Error as exc:
        raise LedgerUnreadable(f"line {row_number()}: {exc}") from None
    if progress is not None:
        progress(ledger)
    result.rows += rows
    result.last_date = latest
    report.finish(ledger.file, ledger.sheet)


def _date_or_problem(raw: object, year: int, as_of: dt.date | None) -> dt.date | str:
    """A ledger date, or what is wrong with it."""
    try:
        when = parse_date(raw)
    except CellError as exc:
        return str(exc)
    if when.year != year:
        return f"{when.isoformat()} is not in {year}, the budget's year"
    if as_of is not None and when > as_of:
        return f"{when.isoformat()} is after --as-of {as_of.isoformat()}"
    return when


def _crossings(result: Execution) -> None:
    """A line spent past its 예산현액 is an error at the row that took it over."""
    for account in result.accounts.values():
        if account.spent <= account.current:
            continue
        ko = "국비" if account.fund == "national" else "지방비"
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
    below the policy's curve at ``--as-of`` (``execution-pace``)."""
    budget = loaded.model
    assert budget is not None
    found = []
    for zone, national, local, minimum in local_match_shortfalls(result, budget):
        found.append(
            loaded.finding(
                "execution-local-match",
                f"{zone}: 지방비 spent ({local:,}원) is "
                f"{percent_of(local, national)}% of 국비 spent ({national:,}원); the policy "
                f"asks at least {minimum}%",
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
            totals = result.zone_totals()
            for zone in budget.zones:
                of_national = totals.get((zone, "national"), (0, 0))
                of_local = totals.get((zone, "local"), (0, 0))
                current, spent = of_national[0] + of_local[0], of_national[1] + of_local[1]
                rate = percent_of(spent, current)
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
    totals = result.zone_totals()
    short = []
    for zone in budget.zones:
        national = totals.get((zone, "national"), (0, 0))[1]
        local = totals.get((zone, "local"), (0, 0))[1]
        if national > 0 and Fraction(local) < Fraction(national) * Fraction(minimum) / 100:
            short.append((zone, national, local, minimum))
    return short


def month_end(year: int, month: int) -> dt.date:
    """The last day of a month."""
    return dt.date(year, month, calendar.monthrange(year, month)[1])
