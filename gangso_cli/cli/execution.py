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
    write_report,
)

if TYPE_CHECKING:
    import datetime as dt

    from rich.console import Console

    from gangso_cli.core.budget import Budget
    from gangso_cli.core.diagnostics import Diagnostic
    from gangso_cli.plan.changes import LoadedChanges
    from gangso_cli.plan.evaluate import Evaluation
    from gangso_cli.spending.accounts import CarryIn, Execution
    from gangso_cli.spending.ledger import Ledger


class ExecutionView(enum.StrEnum):
    """Views of ``gangso execution``."""

    lines = "lines"
    zones = "zones"
    months = "months"
    categories = "categories"
    changes = "changes"


class AmountUnitChoice(enum.StrEnum):
    """Units a ledger's amounts can be in."""

    won = "원"
    cheon = "천원"


LedgersArgument = Annotated[
    list[str],
    typer.Argument(
        metavar="LEDGER...",
        help="Spending ledgers: CSV (UTF-8 or CP949) or XLSX, as e나라도움, 보탬e, 이지바로 "
        "or RCMS export them.",
        show_default=False,
    ),
]
AsOfOption = Annotated[
    str | None,
    typer.Option(
        "--as-of",
        metavar="DATE",
        help="Report as of this date (2025-06-30): later rows are errors, and the "
        "policy's pace is checked at it. Default: the last date in the ledgers.",
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
        help="Read a column the aliases do not know: '지출일=date', or a YAML file of such "
        "lines (지출일: date). Fields: date, zone, program, fund, amount, memo, category, "
        "stage. Repeat for more.",
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
        help="Money carried in from last year (the file `gangso close` wrote): its lines "
        "add to 이월.",
        show_default=False,
    ),
]


@dataclass
class Spending:
    """A budget evaluated and its ledgers read: what execution and close report."""

    evaluation: Evaluation
    result: Execution
    diagnostics: list[Diagnostic]
    out: Console
    err: Console


def read_spending(
    ledgers: list[str],
    budget: str | None,
    zones: Path | None,
    *,
    as_of: str | None,
    amount_unit: AmountUnitChoice | None,
    column: list[str] | None,
    sheet: str | None,
    changes: list[Path] | None,
    carry: Path | None,
) -> Spending:
    """Evaluate the budget, apply its changes and carry-in, read the ledgers; a file that
    cannot be read exits 2 after every diagnostic."""
    from gangso_cli.core.yamlsource import is_unreadable
    from gangso_cli.spending.checks import execution_checks
    from gangso_cli.spending.execution import execute
    from gangso_cli.spending.ledger import FIELDS, open_ledger

    mapping = _mapping(column or [], FIELDS)
    when = _date(as_of) if as_of else None
    evaluation, out, err = evaluated(budget_or_year(budget, None), zones)
    model, allocation = evaluation.budget.model, evaluation.allocation
    assert model is not None
    assert allocation is not None
    if when is not None and when.year != model.year:
        fail_usage(f"--as-of {when.isoformat()} is not in {model.year}, the budget's year")
    loaded_changes, problems = _changes(evaluation, changes or [])
    carried = _carry(carry, model, problems) if carry is not None else None
    unit_name = amount_unit.value if amount_unit else None
    opened = (
        open_ledger(path, amount_unit=unit_name, mapping=mapping, sheet=sheet)  # type: ignore[arg-type]
        for path in ledgers
    )
    with _progress(err, ledgers) as tick:
        result = execute(
            model,
            allocation,
            evaluation.registry.model,
            opened,
            as_of=when,
            changes=loaded_changes,
            carry=carried,
            progress=tick,
        )
    diagnostics = [*evaluation.diagnostics, *problems, *result.diagnostics]
    if result.rows:
        diagnostics += execution_checks(result, evaluation.budget)
    if is_unreadable(result.diagnostics):
        print_diagnostics(diagnostics, err)
        raise typer.Exit(EXIT_USAGE)
    return Spending(evaluation, result, diagnostics, out, err)


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
    zone: ZoneOption = None,
    view: Annotated[
        ExecutionView | None,
        typer.Option(
            "--view",
            metavar="VIEW",
            help="lines, zones, months or categories (by 비목). Default: terminal lines, "
            "zones and months; csv lines.",
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
    from gangso_cli.core.money import parse_unit
    from gangso_cli.spending.views import execution_views

    fmt = chosen_format(output, output_format, encoding, view, unit.value)
    spending = read_spending(
        ledgers, budget, zones, as_of=as_of, amount_unit=amount_unit, column=column,
        sheet=sheet, changes=changes, carry=carry,
    )  # fmt: skip
    evaluation, result, diagnostics = spending.evaluation, spending.result, spending.diagnostics
    out, err = spending.out, spending.err
    model = evaluation.budget.model
    assert model is not None
    chosen = resolve_zones(zone, evaluation)
    registry = evaluation.registry.model
    known = registry.by_id() if registry else {}
    views = execution_views(result, model, known, chosen)
    display = parse_unit(unit.value)
    code = exit_code_for(diagnostics, strict)
    set_exit_code(code)
    if fmt == "text":
        from gangso_cli.render.terminal import short_names, view_table

        wanted = [view.value] if view else ["lines", "zones", "months", "changes"]
        for table in views:
            if table.name in wanted:
                show(out, err, view_table(short_names(table), display))
        print_diagnostics(diagnostics, err)
        summary(err, result.rows, diagnostics)
        raise typer.Exit(code)

    source = evaluation.budget.doc.file
    name = view.value if view else "lines"
    csv_view = next((t for t in views if t.name == name), None)
    if csv_view is None:
        fail_usage(f"--view {name}: the ledgers have no 비목 column, or there are no changes")

    def as_json() -> str:
        from gangso_cli.render.json_export import execution_json

        return execution_json(views, result, source, list(ledgers), diagnostics)

    def as_html() -> str:
        from gangso_cli.render.html import execution_report

        return execution_report(f"{model.year}년 강소특구 집행 현황", source, views, display)

    write_report(
        fmt, output, force=force, sheets=views, csv_view=csv_view, encoding=encoding,
        json=as_json, html=as_html, unit=display, source=source,
    )  # fmt: skip
    print_diagnostics(diagnostics, err)
    summary(err, result.rows, diagnostics)
    raise typer.Exit(code)


def _changes(
    evaluation: Evaluation, paths: list[Path]
) -> tuple[list[LoadedChanges], list[Diagnostic]]:
    """The changes to apply: the region file's own section, then each --changes file."""
    from gangso_cli.core.yamlsource import is_unreadable
    from gangso_cli.plan.changes import change_sources

    found, problems = change_sources(evaluation.budget, paths)
    if is_unreadable(problems):
        _, err = consoles()
        print_diagnostics(problems, err)
        raise typer.Exit(EXIT_USAGE)
    return found, problems


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


def _carry(path: Path, budget: Budget, problems: list[Diagnostic]) -> CarryIn:
    """Money carried in from last year, by line; problems go to ``problems``."""
    from gangso_cli.core.yamlsource import is_unreadable
    from gangso_cli.spending.carry import load_carry

    carried, found = load_carry(path, budget)
    problems.extend(found)
    if is_unreadable(found):
        _, err = consoles()
        print_diagnostics(problems, err)
        raise typer.Exit(EXIT_USAGE)
    return carried


def _mapping(pairs: list[str], fields: tuple[str, ...]) -> dict[str, str]:
    """--column HEADER=FIELD pairs (or mapping files, HEADER: FIELD per line) as a
    header → field mapping."""
    import os

    mapping: dict[str, str] = {}
    for pair in pairs:
        if pair.endswith((".yaml", ".yml")) and os.path.isfile(pair):
            mapping.update(_mapping_file(pair, fields))
            continue
        header, sep, name = pair.rpartition("=")
        if not sep or not header.strip() or name.strip() not in fields:
            fail_usage(
                f"--column {pair!r}: write HEADER=FIELD, the field one of {', '.join(fields)}",
                hint="e.g. --column '지출일=date'",
            )
        mapping[header.strip()] = name.strip()
    return mapping


def _mapping_file(path: str, fields: tuple[str, ...]) -> dict[str, str]:
    """A small YAML file of ``HEADER: FIELD`` lines (``지출일: date``)."""
    from gangso_cli.core.yamlsource import read_yaml_file

    doc = read_yaml_file(path)
    data = doc.data
    problems = list(doc.diagnostics)
    if not problems and not isinstance(data, dict):
        problems.append(doc.error("column-map", "a column map is HEADER: FIELD lines"))
    for header, name in (data or {}).items() if isinstance(data, dict) else ():
        if name not in fields:
            problems.append(
                doc.error(
                    "column-map",
                    f"{header}: {name!r} is not a field",
                    (header,),
                    hint="fields: " + ", ".join(fields),
                )
            )
    if problems:
        _, err = consoles()
        print_diagnostics(problems, err)
        raise typer.Exit(EXIT_USAGE)
    assert isinstance(data, dict)
    return {str(header).strip(): str(name) for header, name in data.items()}


def _date(text: str) -> dt.date:
    from gangso_cli.core.cells import CellError, parse_date

    try:
        return parse_date(text)
    except CellError as exc:
        fail_usage(f"--as-of: {exc}")


def summary(err: Console, rows: int, diagnostics: list[Diagnostic]) -> None:
    """One line on stderr: rows read, errors and warnings."""
    from gangso_cli.core.diagnostics import Severity

    errors = sum(1 for d in diagnostics if d.severity is Severity.ERROR)
    warnings = len(diagnostics) - errors
    err.print(f"{rows:,} ledger rows read: {errors} errors, {warnings} warnings", markup=False)
