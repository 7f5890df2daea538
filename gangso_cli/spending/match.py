"""Ledger rows → budget lines: the hot loop that reads each row, matches it and adds it up;
summary rows (합계, 소계) are checked against the rows they sum, never counted."""

from __future__ import annotations

import csv
import datetime as dt
import operator
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from gangso_cli.core.budget import Fund
from gangso_cli.core.cells import CellError, cell_text, parse_date
from gangso_cli.core.diagnostics import Diagnostic, Severity, SourceLocation
from gangso_cli.core.labels import FUND_KO
from gangso_cli.core.money import MAX_WON
from gangso_cli.spending.accounts import MAX_PER_CHECK, Execution
from gangso_cli.spending.amounts import Summary, parse_ledger_amount, summary_label
from gangso_cli.spending.ledger import Ledger
from gangso_cli.spending.sheets import LedgerUnreadable
from gangso_cli.spending.targets import OWN_FUNDS, Matcher, Target
from gangso_cli.spending.totals import LineAccount

#: Ledger checks that warn (the rest are errors).
_WARNINGS = frozenset(
    {"ledger-duplicate", "ledger-total", "ledger-amount-identity", "line-negative"}
)


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
                severity = Severity.WARNING if check in _WARNINGS else Severity.ERROR
                self.out.append(
                    Diagnostic(
                        check,
                        f"… and {count - MAX_PER_CHECK:,} more rows like the ones above "
                        f"({count:,} in all)",
                        SourceLocation(file, 0, 0, sheet=sheet),
                        severity=severity,
                    )
                )


#: Hints for a ledger date, in the file's terms (a command adds the option it takes).
DATE_HINT = "correct the date, or use the budget of that year"
AFTER_AS_OF_HINT = "correct the date, or report as of a later date"

#: What a row's (zone, program, stage, fund) resolves to: the account, its months, its
#: 예산현액 and its key.
_Slot = tuple[LineAccount, list[int], int, tuple[str, int, Fund]]


@dataclass(frozen=True)
class _Picker:
    """The cells of a row the loop reads, picked in one C call: date, zone, program, fund,
    amount, memo, category, stage, 세목 (an absent optional column picks the date, ignored)."""

    pick: Callable[[Sequence[object]], tuple[object, ...]]
    width: int
    has_memo: bool
    has_category: bool
    has_stage: bool
    has_sub: bool

    @classmethod
    def of(cls, ledger: Ledger) -> _Picker:
        """The picker of a ledger's entries (:attr:`Ledger.pick`)."""
        date = ledger.pick[0]
        assert date is not None
        picks = [i if i is not None else date for i in ledger.pick]
        memo, category, stage, sub = (i is not None for i in ledger.pick[5:9])
        return cls(operator.itemgetter(*picks), max(picks) + 1, memo, category, stage, sub)


@dataclass
class _Sums:
    """Where a ledger's summary rows are checked from: all spending counted (both funds
    and own funds, every ledger) when the ledger began, and at its last summary row (a
    소계 sums the rows since). Nothing is added up per row: a summary row, which is rare,
    adds up the accounts."""

    start: int
    mark: int
    #: A 합계 above every row (some downloads put it first): checked when the ledger ends.
    pending: list[tuple[str, int, SourceLocation]] = field(default_factory=list)


def _counted(result: Execution) -> int:
    """All spending counted so far: the accounts' and own funds'."""
    return sum(a.spent for a in result.accounts.values()) + sum(result.own_funds.values())


def _read(
    ledger: Ledger,
    result: Execution,
    matcher: Matcher,
    progress: Callable[[Ledger], None] | None = None,
) -> None:
    """One ledger's rows into the accounts, and its diagnostics into the result's; a file
    that stops being readable part-way raises :class:`LedgerUnreadable`."""
    report = _Reporter(result.diagnostics)
    picker = _Picker.of(ledger)
    result.categories = result.categories or picker.has_category

    def warn(check: str, message: str, where: SourceLocation, hint: str | None) -> None:
        report.add(check, message, where, hint, Severity.WARNING)

    ledger.warn[:] = [warn]
    try:
        rows, entries, latest = _add_rows(ledger, result, matcher, report, picker, progress)
    except UnicodeDecodeError:
        read, broken = ledger.row_number(), ledger.broken()
        where = f"at line {broken}" if broken else f"after line {read}"
        raise LedgerUnreadable(
            f"the file changes encoding {where} (read as {ledger.encoding}); its rows after "
            f"line {read} were not read"
        ) from None
    except csv.Error as exc:
        raise LedgerUnreadable(f"line {ledger.row_number()}: {exc}") from None
    if progress is not None:
        progress(ledger)
    result.rows += rows
    result.entries += entries
    result.last_date = latest
    report.finish(ledger.file, ledger.sheet)


def _add_rows(
    ledger: Ledger,
    result: Execution,
    matcher: Matcher,
    report: _Reporter,
    picker: _Picker,
    progress: Callable[[Ledger], None] | None,
) -> tuple[int, int, dt.date | None]:
    """Each entry's amount into its line's account, month and 비목: the rows read, the
    entries (more when a row gives one per fund) and the latest date. The hot loop of a
    1M-row ledger, so a row costs no call of its own: a date, a line and a 비목 are decided
    once per distinct value (``_date_or_problem``, ``_slot``), a plain amount is parsed by
    ``int`` before the careful parser; only a problem (or a summary row, 자부담) calls out."""
    pick, width = picker.pick, picker.width
    has_memo, has_category, has_stage = picker.has_memo, picker.has_category, picker.has_stage
    has_sub, ceiling = picker.has_sub, MAX_WON
    year, as_of, unit = result.year, result.as_of, ledger.unit
    dates: dict[object, dt.date | tuple[str, str]] = {}
    categories: dict[object, str] = {}
    slots: dict[tuple[object, ...], _Slot] = {}
    seen: dict[tuple[object, ...], int] = {}  # duplicates are looked for within one date
    sums = _Sums(begun := _counted(result), begun)
    last_date: dt.date | None = None
    latest = result.last_date
    rows, extra, previous = 0, 0, -1  # extra: a row's entries after its first (per fund)
    row_number = ledger.row_number
    for cells in ledger.rows:
        if not cells or not (cells[0] or any(cells)):
            continue  # a blank row (,,,,)
        number = row_number()
        extra += number == previous
        rows, previous = rows + (number != previous), number
        if progress is not None and not rows & 0xFFFF:
            progress(ledger)
        if len(cells) < width:
            cells = [*cells, *([""] * (width - len(cells)))]
        raw_date, zone, program, fund, raw_amount, memo, category, stage, sub = pick(cells)
        when = dates.get(raw_date)
        if when is None:
            when = dates[raw_date] = _date_or_problem(raw_date, year, as_of)
        if type(when) is tuple:
            rows -= _not_a_date(
                ledger, result, report, cells, raw_date, raw_amount, when, number, sums
            )
            continue
        day: dt.date = when  # type: ignore[assignment]  # not a problem: a date
        key = (zone, program, stage if has_stage else "", fund)
        slot = slots.get(key)
        if slot is None:
            found = _slot(matcher, result, key)
            if isinstance(found, Target):
                _off_budget(ledger, result, report, found, raw_amount, number)
                continue
            slot = slots[key] = found
        account, months, current, line = slot
        try:
            # the common case: "1,234,000", an int or a whole float cell, below 1,000조
            if type(raw_amount) is str:
                digits = raw_amount.replace(",", "")
                if not (digits.isdigit() and digits.isascii()):
                    raise ValueError  # int() would take ١٠٠: the careful parser decides
                amount = int(digits) * unit
            elif type(raw_amount) is int or (type(raw_amount) is float and raw_amount.is_integer()):
                amount = int(raw_amount) * unit
            else:
                raise ValueError
            if not -ceiling < amount < ceiling:
                raise ValueError
        except ValueError:
            try:
                amount = parse_ledger_amount(raw_amount, unit)
            except CellError as exc:
                _reject(result, report, ("ledger-amount", f"집행금액 {_why(raw_amount, exc)}",
                        None), ledger.location(number, "amount"), None, ledger.unit)  # fmt: skip
                continue
        if day != last_date:
            seen.clear()
            last_date = day
            if latest is None or day > latest:
                latest = day
        signature = (line, amount, memo if has_memo else "")
        if signature in seen:
            _duplicate(report, seen[signature], ledger.location(number))
        else:
            seen[signature] = number
        spent = account.spent + amount
        account.spent = spent
        if spent > current >= spent - amount or spent < 0 <= spent - amount:
            _crossed(report, account, current, ledger.location(number))  # over, or below 0
        if has_category:
            name = categories.get(category)
            if name is None:
                name = categories[category] = cell_text(category) or "(비목 없음)"
            account.by_category[name] = account.by_category.get(name, 0) + amount
            if has_sub:
                both = (name, cell_text(sub) or "(세목 없음)")
                account.by_subcategory[both] = account.by_subcategory.get(both, 0) + amount
        months[day.month - 1] += amount
    _pending_totals(result, report, sums)
    return rows, rows + extra, latest


def _pending_totals(result: Execution, report: _Reporter, sums: _Sums) -> None:
    """Totals written above the rows they sum, checked once every row is read."""
    for label, figure, where in sums.pending:
        counted = _counted(result) - sums.start
        if figure != counted:
            _total_problem(report, label, figure, counted, where, "below it")


def _not_a_date(
    ledger: Ledger, result: Execution, report: _Reporter, cells: Sequence[object], raw_date: object,
    raw_amount: object, problem: tuple[str, str], number: int, sums: _Sums,
) -> int:  # fmt: skip
    """A row whose date is not one: a summary row (checked against the rows it sums;
    returns 1, as it is no row of spending) or a date problem (returns 0)."""
    if type(raw_date) is Summary:
        label, figure = raw_date.label, raw_date.amount
    else:
        # only a date cell with no digit can be a summary's (as shape.py decides): a
        # wrong date beside a 계 in its 적요 is a row of spending, refused
        dateless = type(raw_date) is str and not any(ch.isdigit() for ch in raw_date)
        found = summary_label(cells) if dateless else None
        if found is None:
            _reject(result, report, ("ledger-date", f"집행일자 {problem[0]}", problem[1]),
                    ledger.location(number, "date"), raw_amount, ledger.unit)  # fmt: skip
            return 0
        label = found
        try:
            figure = None if raw_amount == "" else parse_ledger_amount(raw_amount, ledger.unit)
        except CellError as exc:
            figure = None  # said: a total that cannot be read proves nothing
            report.add("ledger-total", f"the {label} row's 집행금액 {_why(raw_amount, exc)}",
                       ledger.location(number, "amount"),
                       "the rows above were not checked against it", Severity.WARNING)  # fmt: skip
    now = _counted(result)
    counted = now - (sums.mark if label == "소계" else sums.start)
    sums.mark = now
    where = ledger.location(number, "amount")
    if figure is not None and now == sums.start and figure and label != "소계":
        sums.pending.append((label, figure, where))  # a total above the rows it sums
    elif figure is not None and figure != counted:
        _total_problem(report, label, figure, counted, where, "above it")
    return 1


def _total_problem(
    report: _Reporter, label: str, figure: int, counted: int, where: SourceLocation, what: str
) -> None:
    report.add(
        "ledger-total",
        f"the {label} row says {figure:,}원; the rows counted {what} add up to {counted:,}원 "
        f"({figure - counted:+,}원)",
        where,
        "rows reported above were not counted; if none were, a row was lost or changed "
        "after the download",
        Severity.WARNING,
    )


def _off_budget(
    ledger: Ledger, result: Execution, report: _Reporter, found: Target, raw_amount: object,
    number: int,
) -> None:  # fmt: skip
    """A row that goes to no account: the recipient's own funds (자부담, counted on their
    own) or a problem of its zone, line or fund."""
    if found.check != OWN_FUNDS or found.key is None:
        _reject(result, report, (found.check, found.message, found.hint),
                ledger.location(number, found.column), raw_amount, ledger.unit)  # fmt: skip
        return
    try:
        amount = parse_ledger_amount(raw_amount, ledger.unit)
    except CellError as exc:
        _reject(result, report, ("ledger-amount", f"집행금액 {_why(raw_amount, exc)}", None),
                ledger.location(number, "amount"), None, ledger.unit)  # fmt: skip
        return
    zone = found.key[0]
    result.own_funds[zone] = result.own_funds.get(zone, 0) + amount
    result.own_entries[zone] = result.own_entries.get(zone, 0) + 1
    result.own_rows += 1


def _why(raw_amount: object, exc: CellError) -> str:
    """Why an amount does not read: a shaped ledger's cell says it at its column's unit."""
    return getattr(raw_amount, "reason", "") or str(exc)


def _reject(
    result: Execution,
    report: _Reporter,
    problem: tuple[str, str, str | None],
    where: SourceLocation,
    raw_amount: object,
    unit: int,
) -> None:
    """A row left out of spending: its error, and the row counted as not counted (with its
    amount where it reads as one), so that no report of the rest looks complete."""
    check, message, hint = problem
    report.add(check, message, where, hint)
    amount: int | None = None
    if raw_amount is not None:
        try:
            amount = parse_ledger_amount(raw_amount, unit)
        except CellError:
            amount = None
    result.rejected.add(where, message, amount, check)


def _slot(matcher: Matcher, result: Execution, key: tuple[object, ...]) -> _Slot | Target:
    """The account a (zone, program, stage, fund) of a ledger goes to, or why it cannot."""
    target = matcher.target(*key)
    if target.key is None or target.check:
        return target
    account = result.accounts[target.key]
    months = result.monthly.setdefault((account.zone, account.fund), [0] * 12)
    return account, months, account.current, target.key


def _crossed(report: _Reporter, account: LineAccount, current: int, where: SourceLocation) -> None:
    """The row that took a line over its 예산현액 (remembered: line-overspent is decided
    once every row is read), or a refund (반납, 취소) that took its 집행액 below zero: more
    came back than was spent, so far in the ledgers' order — a warning at the row."""
    if account.spent > current:
        account.crossed = where
        return
    report.add(
        "line-negative",
        f"{account.zone} {account.program} ({FUND_KO[account.fund]}): this refund takes "
        f"집행액 below zero, to {account.spent:,}원",
        where,
        "check the refund's sign and amount, and that the spending it returns is booked "
        "to this line (and read before it)",
        Severity.WARNING,
    )


def _duplicate(report: _Reporter, first: int, where: SourceLocation) -> None:
    """A row with the date, line, amount and 적요 of an earlier row: a warning."""
    report.add(
        "ledger-duplicate",
        f"the same date, line, amount and 적요 as row {first}: entered twice?",
        where,
        "delete one of the two rows, or make their 적요 say how they differ",
        Severity.WARNING,
    )


def _date_or_problem(raw: object, year: int, as_of: dt.date | None) -> dt.date | tuple[str, str]:
    """A ledger date, or what is wrong with it and the hint."""
    try:
        when = parse_date(raw)
    except CellError as exc:
        return str(exc), DATE_HINT
    if when.year != year:
        return f"{when.isoformat()} is not in {year}, the budget's year", DATE_HINT
    if as_of is not None and when > as_of:
        return (
            f"{when.isoformat()} is after {as_of.isoformat()}, the report's date",
            AFTER_AS_OF_HINT,
        )
    return when
