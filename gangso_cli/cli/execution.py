"""`gangso execution`: spending ledgers against the plan (집행 관리)."""

from __future__ import annotations

import contextlib
import enum
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from gangso_cli.cli.app import (
    EXIT_USAGE,
    BudgetOption,
    ForceOption,
    StrictOption,
    Unit,
    UnitOption,
    ZoneOption,
    ZonesOption,
    app,
    budget_or_year,
    evaluated,
    exit_code_for,
    fail_usage,
    resolve_zones,
)
from gangso_cli.cli.output import consoles, print_diagnostics, set_exit_code, show
from gangso_cli.cli.reports import (
    Encoding,
    EncodingOption,
    FormatOption,
    ReportOutputOption,
    chosen_format,
    not_counted,
    summary,
    write_report,
)

if TYPE_CHECKING:
    import datetime as dt

    from rich.console import Console

    from gangso_cli.core.budget import Budget
    from gangso_cli.core.diagnostics import Diagnostic
    from gangso_cli.core.registry import Zone
    from gangso_cli.core.table import ViewTable
    from gangso_cli.plan.evaluate import Evaluation
    from gangso_cli.spending.accounts import Execution
    from gangso_cli.spending.ledger import Ledger
    from gangso_cli.spending.run import SpendingOptions


class ExecutionView(enum.StrEnum):
    """Views of ``gangso execution``."""

    lines = "lines"
    zones = "zones"
    own_funds = "own-funds"
    months = "months"
    categories = "categories"
    changes = "changes"
    rejected = "rejected"


class AmountUnitChoice(enum.StrEnum):
    """Units a ledger's amounts can be in."""

    won = "원"
    cheon = "천원"


LedgersArgument = Annotated[
    list[str],
    typer.Argument(
        metavar="LEDGER...",
        help="Spending ledgers: CSV (UTF-8, CP949 or UTF-16), .xlsx, .xls, .xlsb or .ods, "
        "as e나라도움, 보탬e, 이지바로 or RCMS export them.",
        show_default=False,
    ),
]
AsOfOption = Annotated[
    str | None,
    typer.Option(
        "--as-of",
        metavar="DATE",
        help="Report as of this date (2025-06-30): later rows are errors, changes dated "
        "after it are not applied, and the policy's pace is checked at it. Default: the "
        "last date in the ledgers.",
        show_default=False,
    ),
]
AmountUnitOption = Annotated[
    AmountUnitChoice | None,
    typer.Option(
        "--amount-unit",
        metavar="UNIT",
        help="원 or 천원, when the amount column's header does not say. Default: 원.",
        show_default=False,
    ),
]
ColumnOption = Annotated[
    list[str] | None,
    typer.Option(
        "--column",
        metavar="HEADER=FIELD",
        help="Read a column the aliases do not know: '지출일=date' ('세목=-' ignores one), "
        "or a YAML file of such lines (지출일: date). Fields: date, zone, program, fund, "
        "amount, memo, category, subcategory, stage, supply, vat, cancel, national_amount, "
        "local_amount, own_amount. Repeat for more.",
        show_default=False,
    ),
]
LinesOption = Annotated[
    Path | None,
    typer.Option(
        "--lines",
        metavar="FILE",
        readable=False,
        help="A lines map: YAML lines of LEDGER NAME: BUDGET LINE, for 세부사업 the ledger "
        "names otherwise (spacing and the middle dot are ignored without one).",
        show_default=False,
    ),
]
SheetOption = Annotated[
    str | None,
    typer.Option("--sheet", metavar="NAME", help="XLSX: the sheet. Default: the first."),
]
ChangesOption = Annotated[
    list[Path] | None,
    typer.Option(
        "--changes",
        metavar="FILE",
        readable=False,
        help="Budget changes (사업비 변경, kind: changes); approved moves change 예산현액. "
        "A region file's own changes: section is read too.",
        show_default=False,
    ),
]
CarryOption = Annotated[
    Path | None,
    typer.Option(
        "--carry",
        metavar="FILE",
        readable=False,
        help="Money carried in from last year (the file `gangso close` wrote): its lines "
        "add to 이월.",
        show_default=False,
    ),
]


@dataclass
class Spent:
    """A budget evaluated and its ledgers read: what execution and close report."""

    evaluation: Evaluation
    result: Execution
    #: Every diagnostic, each library hint followed by the option that does the same.
    diagnostics: list[Diagnostic]
    out: Console
    err: Console

    @property
    def budget(self) -> Budget:
        """The budget spent against."""
        model = self.evaluation.budget.model
        assert model is not None  # evaluated() exits on a budget that cannot allocate
        return model

    @property
    def zones(self) -> dict[str, Zone]:
        """The registry's zones by id (for their Korean names); none without a registry."""
        registry = self.evaluation.registry.model
        return registry.by_id() if registry is not None else {}


def spending_options(
    *,
    as_of: str | None,
    amount_unit: AmountUnitChoice | None,
    column: list[str] | None,
    sheet: str | None,
    changes: list[Path] | None,
    carry: Path | None,
    lines: Path | None = None,
    zone: list[str] | None = None,
    whole_year: bool = False,
) -> SpendingOptions:
    """The options of the spending pipeline, from the flags; a bad --column or --as-of is
    a usage error (exit 2)."""
    from gangso_cli.spending.run import SpendingOptions

    mapping = _mapping(column or [])
    return SpendingOptions(
        as_of=_date(as_of) if as_of else None,
        amount_unit=amount_unit.value if amount_unit else None,
        columns=mapping,
        sheet=sheet,
        changes=tuple(changes or ()),
        carry=carry,
        lines=lines,
        # one --zone is also the zone of a ledger with no 특구 column
        zone=zone[0] if zone and len(zone) == 1 else None,
        whole_year=whole_year,
    )


def read_spending(
    ledgers: list[str], budget: str | None, zones: Path | None, options: SpendingOptions
) -> Spent:
    """Evaluate the budget and run the spending pipeline over the ledgers; a file that
    cannot be read exits 2 after every diagnostic."""
    from gangso_cli.spending.run import run_spending

    evaluation, out, err = evaluated(budget_or_year(budget, None, "--budget"), zones)
    year = evaluation.budget.model.year if evaluation.budget.model else None
    if options.as_of is not None and options.as_of.year != year:
        fail_usage(f"--as-of {options.as_of.isoformat()} is not in {year}, the budget's year")
    with _progress(err, ledgers) as tick:
        spending = run_spending(evaluation, ledgers, options, progress=tick)
    diagnostics = with_options(spending.diagnostics)
    if spending.execution is not None:
        _notes(err, spending.execution)
    if spending.unreadable or spending.execution is None:
        print_diagnostics(diagnostics, err)
        raise typer.Exit(EXIT_USAGE)
    when = spending.execution.as_of or spending.execution.last_date
    if spending.later_changes and when is not None:
        err.print(
            f"note: {spending.later_changes} changes dated after {when.isoformat()}, the "
            "report's date, are not applied; report as of a later date with --as-of DATE",
            markup=False, emoji=False, soft_wrap=True,
        )  # fmt: skip
    return Spent(evaluation, spending.execution, diagnostics, out, err)


def _notes(err: Console, result: Execution) -> None:
    """What gangso decided while reading (the header's row, a ledger's zone, own funds
    read apart), one line each on stderr."""
    from gangso_cli.render.report import count_of

    for note in result.notes:
        err.print(note, markup=False, emoji=False, soft_wrap=True)
    if result.own_funds:
        won, entries = sum(result.own_funds.values()), count_of(result.own_rows, "entry", "entries")
        note = f"note: 자부담 (own funds) {won:,}원 in {entries}: read apart, not counted"
        note += " as 국비 or 지방비"
        err.print(note, markup=False, soft_wrap=True)


def with_options(diagnostics: list[Diagnostic]) -> list[Diagnostic]:
    """Each library hint (in the file's terms) followed by the option that does the same
    from the command line: found by how the hint ends where a check has several (a hint
    may lead with its own words: ``did you mean …? or map …``), else by the check."""
    from dataclasses import replace

    from gangso_cli.spending.ledger import UNIT_GIVEN_HINT, XLSB_HINT, ZONE_HINT
    from gangso_cli.spending.match import AFTER_AS_OF_HINT
    from gangso_cli.spending.targets import MAP_LINE_HINT

    by_hint: dict[str, str | None] = {
        UNIT_GIVEN_HINT: "drop --amount-unit",
        XLSB_HINT: None,  # no option reads the missing columns
        AFTER_AS_OF_HINT: "--as-of DATE",
        ZONE_HINT: "--zone ZONE",
        MAP_LINE_HINT: "--lines FILE of 'LEDGER NAME: BUDGET LINE' lines",
    }
    by_check = {"ledger-header": "--column 'HEADER=FIELD'"}
    out = []
    for d in diagnostics:
        hint = d.hint or ""
        ends = (option for end, option in by_hint.items() if hint.endswith(end))
        option = next(ends, by_check.get(d.check))
        out.append(replace(d, hint=f"{d.hint} ({option})") if d.hint and option else d)
    return out


@app.command()
def execution(
    ledgers: LedgersArgument,
    budget: BudgetOption = None,
    as_of: AsOfOption = None,
    amount_unit: AmountUnitOption = None,
    column: ColumnOption = None,
    sheet: SheetOption = None,
    changes: ChangesOption = None,
    carry: CarryOption = None,
    lines: LinesOption = None,
    zone: ZoneOption = None,
    view: Annotated[
        ExecutionView | None,
        typer.Option(
            "--view",
            metavar="VIEW",
            help="lines, zones, own-funds (자부담 per zone, apart from 국비 and 지방비), "
            "months, categories (by 비목), changes (사업비 변경) or rejected (the ledger "
            "rows not counted, each at its FILE:ROW). Default: terminal lines, zones, "
            "own-funds, months and changes (when any); csv lines.",
            show_default=False,
        ),
    ] = None,
    output: ReportOutputOption = None,
    output_format: FormatOption = None,
    unit: UnitOption = Unit.baekman,
    encoding: EncodingOption = Encoding.utf8,
    force: ForceOption = False,
    zones: ZonesOption = None,
    strict: StrictOption = False,
) -> None:
    """Track spending against the plan: per zone, line and fund 본예산, 변경, 이월,
    예산현액, 집행액, 잔액 and 집행률 (spent ÷ 예산현액), and cumulative spending by month.

    Every ledger problem is reported at its FILE:ROW, all in one run. The ledgers are
    only read, never changed. Exits 1 when a check fails (the report still prints), 2
    when a file cannot be read or on usage errors.

    Example: gangso execution 집행내역.csv --budget 2025 --amount-unit 천원
    """
    from gangso_cli.spending.views import execution_views

    fmt = chosen_format(output, output_format, encoding, view, unit.value)
    options = spending_options(
        as_of=as_of, amount_unit=amount_unit, column=column, sheet=sheet, changes=changes,
        carry=carry, lines=lines, zone=zone,
    )  # fmt: skip
    spent = read_spending(ledgers, budget, zones, options)
    chosen = resolve_zones(zone, spent.evaluation)
    views = execution_views(spent.result, spent.budget, spent.zones, chosen)
    code = exit_code_for(spent.diagnostics, strict)
    set_exit_code(code)
    if fmt == "text":
        _show(spent, views, view, unit)
    else:
        _write(spent, views, fmt, view, ledgers, output, force=force, encoding=encoding, unit=unit)
    print_diagnostics(spent.diagnostics, spent.err)
    summary(
        spent.err, spent.result.rows, spent.diagnostics, spent.result.rejected, spent.result.entries
    )
    raise typer.Exit(code)


def _show(spent: Spent, views: list[ViewTable], view: ExecutionView | None, unit: Unit) -> None:
    """The chosen view on the terminal; by default lines, zones, months and changes."""
    from gangso_cli.core.money import parse_unit
    from gangso_cli.render.terminal import short_names, view_table

    wanted = [view.value] if view else ["lines", "zones", "own-funds", "months", "changes"]
    display = parse_unit(unit.value)
    for table in views:
        if table.name in wanted:
            shown = view_table(short_names(table), display)
            if table.name == "rejected" and shown.min_width > spent.out.width:
                from gangso_cli.spending.views import rejected_view

                # long download paths: numbered, and named under the table
                numbered = rejected_view(
                    spent.result.year, spent.result.rejected, files_as_notes=True
                )
                shown = view_table(numbered, display)
            show(spent.out, spent.err, shown)
    if view is not None and all(t.name != view.value for t in views):
        spent.err.print(f"note: --view {view.value}: {_EMPTY[view.value]}", markup=False)
    not_counted(spent.out, spent.result.rejected)


#: Why a view of the execution has nothing to show.
_EMPTY = {
    "own-funds": "the ledgers have no 자부담 (own funds) entry",
    "categories": "the ledgers have no 비목 column",
    "changes": "no change is dated up to the report's date (--as-of)",
    "rejected": "every ledger row was counted",
}


def _write(
    spent: Spent,
    views: list[ViewTable],
    fmt: str,
    view: ExecutionView | None,
    ledgers: list[str],
    output: str | None,
    *,
    force: bool,
    encoding: Encoding,
    unit: Unit,
) -> None:
    """The report as a file (or CSV and JSON to stdout): every view, or the one chosen."""
    from gangso_cli.core.money import parse_unit

    source = spent.evaluation.budget.doc.file
    name = view.value if view else "lines"
    csv_view = next((t for t in views if t.name == name), None)
    if csv_view is None:
        fail_usage(f"--view {name}: {_EMPTY.get(name, 'nothing to show')}")
    display = parse_unit(unit.value)

    def as_json() -> str:
        from gangso_cli.render.json_export import execution_json

        return execution_json(views, spent.result, source, list(ledgers), spent.diagnostics)

    def as_html() -> str:
        from gangso_cli.render.html import execution_report

        title = f"{spent.budget.year}년 강소특구 집행 현황"
        return execution_report(title, source, views, display, spent.result.rejected.note())

    write_report(
        fmt, output, force=force, sheets=views, csv_view=csv_view, encoding=encoding,
        json=as_json, html=as_html, unit=display, source=source,
    )  # fmt: skip


#: Ledgers this big (bytes, together) get a progress bar on a terminal: a few seconds.
PROGRESS_BYTES = 20 * 2**20


@contextlib.contextmanager
def _progress(err: Console, paths: list[str]) -> Iterator[Callable[[Ledger], None] | None]:
    """A progress bar on stderr while big ledgers are read (on a terminal only: a pipe or
    a CI log gets none)."""
    import os

    sizes = {path: os.path.getsize(path) for path in paths if os.path.isfile(path)}
    if not err.is_terminal or sum(sizes.values()) < PROGRESS_BYTES:
        yield None
        return
    from rich.progress import BarColumn, DownloadColumn, Progress, TimeRemainingColumn

    done: dict[str, int] = {}
    with Progress(
        "[progress.description]{task.description}", BarColumn(), DownloadColumn(),
        TimeRemainingColumn(), console=err, transient=True,
    ) as bar:  # fmt: skip
        task = bar.add_task("집행내역 읽는 중", total=sum(sizes.values()))

        def tick(ledger: Ledger) -> None:
            done[ledger.file] = ledger.position()
            bar.update(task, completed=sum(done.values()))

        yield tick


def _mapping(pairs: list[str]) -> dict[str, str]:
    """--column HEADER=FIELD pairs (or column maps: YAML files of HEADER: FIELD lines) as a
    header → field mapping; a bad pair or map is a usage error (exit 2)."""
    import os

    from gangso_cli.spending.ledger import FIELDS, IGNORE, read_column_map

    mapping: dict[str, str] = {}
    for pair in pairs:
        if pair.endswith((".yaml", ".yml")) and os.path.isfile(pair):
            found, problems = read_column_map(pair)
            if problems:
                _, err = consoles()
                print_diagnostics(problems, err)
                raise typer.Exit(EXIT_USAGE)
            mapping.update(found)
            continue
        header, sep, name = pair.rpartition("=")
        if not sep or not header.strip() or name.strip() not in (*FIELDS, IGNORE):
            fail_usage(
                f"--column {pair!r}: write HEADER=FIELD, the field one of {', '.join(FIELDS)}",
                hint="e.g. --column '지출일=date', or --column '세목=-' to ignore a column",
            )
        mapping[header.strip()] = name.strip()
    return mapping


def _date(text: str) -> dt.date:
    from gangso_cli.core.cells import CellError, parse_date

    try:
        return parse_date(text)
    except CellError as exc:
        fail_usage(f"--as-of: {exc}")
