"""Ledger rows → budget lines: the hot loop that reads each row, matches it and adds it up."""

from __future__ import annotations

import csv
import datetime as dt
import operator
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from gangso_cli.core.budget import Budget, Fund
from gangso_cli.core.cells import CellError, cell_text, parse_date
from gangso_cli.core.diagnostics import Diagnostic, Severity, SourceLocation, close_matches
from gangso_cli.core.labels import FUND_KO
from gangso_cli.core.registry import Registry
from gangso_cli.plan.allocator import Allocation
from gangso_cli.spending.accounts import MAX_PER_CHECK, Execution
from gangso_cli.spending.ledger import Ledger, LedgerUnreadable, parse_fund, parse_ledger_amount
from gangso_cli.spending.totals import LineAccount


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
            ko = FUND_KO[fund]
            return _Target(
                None,
                "line-unbudgeted",
                f"{zone} {program}: spending from {ko}, which this line has no budget of",
                f"book it to a line funded by {ko}, or give this line a {fund} rule",
                "fund",
            )
        return _Target((zone, index, fund))


def _cell(cells: Sequence[object], index: int | None) -> object:
    if index is None or index >= len(cells):
        return ""
    value = cells[index]
    return "" if value is None else value


#: Hints for a ledger date, in the file's terms (a command adds the option it takes).
DATE_HINT = "correct the date, or use the budget of that year"
AFTER_AS_OF_HINT = "correct the date, or report as of a later date"

#: What a row's (zone, program, stage, fund) resolves to: the account, its months, its
#: 예산현액 and its key.
_Slot = tuple[LineAccount, list[int], int, tuple[str, int, Fund]]


@dataclass(frozen=True)
class _Picker:
    """The cells of a row the loop reads, picked in one C call: date, zone, program, fund,
    amount, memo, category, stage (an absent optional column picks the date, ignored)."""

    pick: Callable[[Sequence[object]], tuple[object, ...]]
    width: int
    has_memo: bool
    has_category: bool
    has_stage: bool

    @classmethod
    def of(cls, ledger: Ledger) -> _Picker:
        """The picker of a ledger's columns."""
        columns = ledger.columns
        required = [columns[f] for f in ("date", "zone", "program", "fund", "amount")]
        optional = [columns.get(f) for f in ("memo", "category", "stage")]
        picks = [*required, *(i if i is not None else required[0] for i in optional)]
        memo, category, stage = (i is not None for i in optional)
        return cls(operator.itemgetter(*picks), max(picks) + 1, memo, category, stage)


def _read(
    ledger: Ledger,
    result: Execution,
    matcher: _Matcher,
    progress: Callable[[Ledger], None] | None = None,
) -> None:
    """One ledger's rows into the accounts, and its diagnostics into the result's; a file
    that stops being readable part-way raises :class:`LedgerUnreadable`."""
    report = _Reporter(result.diagnostics)
    picker = _Picker.of(ledger)
    result.categories = result.categories or picker.has_category
    try:
        rows, latest = _add_rows(ledger, result, matcher, report, picker, progress)
    except UnicodeDecodeError:
        raise LedgerUnreadable(
            f"the file changes encoding after line {ledger.row_number()} "
            f"(read as {ledger.encoding})"
        ) from None
    except csv.Error as exc:
        raise LedgerUnreadable(f"line {ledger.row_number()}: {exc}") from None
    if progress is not None:
        progress(ledger)
    result.rows += rows
    result.last_date = latest
    report.finish(ledger.file, ledger.sheet)


def _add_rows(
    ledger: Ledger,
    result: Execution,
    matcher: _Matcher,
    report: _Reporter,
    picker: _Picker,
    progress: Callable[[Ledger], None] | None,
) -> tuple[int, dt.date | None]:
    """Each row's amount into its line's account, month and 비목: the rows read and the
    latest date. The hot loop of a 1M-row ledger, so a row costs no call of its own: a
    date, a line and a 비목 are decided once per distinct value (``_date_or_problem``,
    ``_slot``), an amount with commas is parsed by ``int`` before the careful parser is
    tried, and only a problem calls out."""
    pick, width = picker.pick, picker.width
    has_memo, has_category, has_stage = picker.has_memo, picker.has_category, picker.has_stage
    year, as_of, unit = result.year, result.as_of, ledger.unit
    dates: dict[object, dt.date | tuple[str, str]] = {}
    categories: dict[object, str] = {}
    slots: dict[tuple[object, ...], _Slot] = {}
    seen: dict[tuple[object, ...], int] = {}  # duplicates are looked for within one date
    last_date: dt.date | None = None
    latest = result.last_date
    rows = 0
    row_number = ledger.row_number
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
        if type(when) is tuple:
            _reject(result, report, ("ledger-date", f"집행일자 {when[0]}", when[1]),
                    ledger.location(number, "date"), raw_amount, unit)  # fmt: skip
            continue
        day: dt.date = when  # type: ignore[assignment]  # not a problem: a date
        key = (zone, program, stage if has_stage else "", fund)
        slot = slots.get(key)
        if slot is None:
            found = _slot(matcher, result, key)
            if isinstance(found, _Target):
                _reject(result, report, (found.check, found.message, found.hint),
                        ledger.location(number, found.column), raw_amount, unit)  # fmt: skip
                continue
            slot = slots[key] = found
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
                _reject(result, report, ("ledger-amount", f"집행금액 {exc}", None),
                        ledger.location(number, "amount"), None, unit)  # fmt: skip
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
        if spent > current >= spent - amount:
            account.crossed = ledger.location(number)  # this row took the line over
        if has_category:
            name = categories.get(category)
            if name is None:
                name = categories[category] = cell_text(category) or "(비목 없음)"
            account.by_category[name] = account.by_category.get(name, 0) + amount
        months[day.month - 1] += amount
    return rows, latest


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


def _slot(matcher: _Matcher, result: Execution, key: tuple[object, ...]) -> _Slot | _Target:
    """The account a (zone, program, stage, fund) of a ledger goes to, or why it cannot."""
    target = matcher.target(*key)
    if target.key is None:
        return target
    account = result.accounts[target.key]
    months = result.monthly.setdefault((account.zone, account.fund), [0] * 12)
    return account, months, account.current, target.key


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
