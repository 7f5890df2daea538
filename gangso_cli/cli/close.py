"""`gangso close`: the year-end close, and next year's carry-over file."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from gangso_cli.cli.app import (
    BudgetOption,
    ForceOption,
    StrictOption,
    Unit,
    UnitOption,
    ZoneOption,
    ZonesOption,
    app,
    exit_code_for,
    fail_usage,
    resolve_zones,
    write_file,
)
from gangso_cli.cli.execution import (
    AmountUnitOption,
    CarryOption,
    ChangesOption,
    ColumnOption,
    LedgersArgument,
    LinesOption,
    SheetOption,
    Spent,
    read_spending,
    spending_options,
)
from gangso_cli.cli.output import emit, print_diagnostics, set_exit_code, show
from gangso_cli.cli.reports import ReportFormat, not_counted, summary

if TYPE_CHECKING:
    from gangso_cli.core.diagnostics import Diagnostic
    from gangso_cli.core.table import ViewTable
    from gangso_cli.spending.close import ClosedLine


@app.command()
def close(
    ledgers: LedgersArgument,
    budget: BudgetOption = None,
    changes: ChangesOption = None,
    carry: CarryOption = None,
    amount_unit: AmountUnitOption = None,
    column: ColumnOption = None,
    sheet: SheetOption = None,
    lines: LinesOption = None,
    zone: ZoneOption = None,
    output: Annotated[
        Path | None,
        typer.Option(
            "--output",
            "-o",
            metavar="FILE",
            readable=False,
            help="Write next year's carry-over lines here, as a region file (one zone: "
            "the region's, or --zone).",
            show_default=False,
        ),
    ] = None,
    output_format: Annotated[
        ReportFormat | None,
        typer.Option(
            "--format",
            "-f",
            metavar="FORMAT",
            help="The report: text (the terminal), csv or json (to stdout).",
            show_default=False,
        ),
    ] = None,
    unit: UnitOption = Unit.baekman,
    force: ForceOption = False,
    zones: ZonesOption = None,
    strict: StrictOption = False,
) -> None:
    """Close the year: per line 예산현액, 집행액 and 잔액, and what becomes of the balance
    — 이월 (only lines an approved change marks 명시이월 or 사고이월), 불용, and 반납 (the
    국비 part of 불용).

    With -o, writes next year's carry-over lines as a region file that `validate`
    accepts and `execution --carry` reads; never over a file without --force, and not at
    all while a check fails. Exits 1 when a check fails, 2 when a file cannot be read.

    Example: gangso close 집행내역.csv --budget region.yaml --changes 변경.yaml -o 이월.yaml
    """
    from gangso_cli.core.diagnostics import has_errors
    from gangso_cli.spending.close import close_year
    from gangso_cli.spending.views import close_view

    fmt = (output_format or ReportFormat.text).value
    if fmt in ("xlsx", "html"):
        fail_usage("close writes its report as text, csv or json; -o is the carry-over file")
    options = spending_options(
        as_of=None, amount_unit=amount_unit, column=column, sheet=sheet, changes=changes,
        carry=carry, lines=lines, zone=zone, whole_year=True,
    )  # fmt: skip
    spent = read_spending(ledgers, budget, zones, options)
    chosen = resolve_zones(zone, spent.evaluation)
    closed, problems = close_year(spent.result)
    diagnostics = [*spent.diagnostics, *problems]
    code = exit_code_for(diagnostics, strict)
    set_exit_code(code)
    shown = [c for c in closed if chosen is None or c.account.zone in chosen]
    _report(fmt, close_view(spent.budget.year, shown, spent.zones), spent, diagnostics, unit)
    print_diagnostics(diagnostics, spent.err)
    summary(spent.err, spent.result.rows, diagnostics, spent.result.rejected, spent.result.entries)
    if output is not None:
        _write_carry(output, force, spent, closed, chosen, failed=has_errors(diagnostics))
    raise typer.Exit(code)


def _report(
    fmt: str, view: ViewTable, spent: Spent, diagnostics: list[Diagnostic], unit: Unit
) -> None:
    """The close as JSON or CSV on stdout, or as a table on the terminal."""
    if fmt == "json":
        from gangso_cli.render.json_export import close_json

        source = spent.evaluation.budget.doc.file
        emit(
            close_json(view, spent.budget.year, source, diagnostics, spent.result.rejected).encode()
        )
    elif fmt == "csv":
        from gangso_cli.cli.reports import Encoding, csv_bytes

        emit(csv_bytes(view, Encoding.utf8))
    else:
        from gangso_cli.core.money import parse_unit
        from gangso_cli.render.terminal import short_names, view_table

        show(spent.out, spent.err, view_table(short_names(view), parse_unit(unit.value)))
        not_counted(spent.out, spent.result.rejected)


def _write_carry(
    output: Path,
    force: bool,
    spent: Spent,
    closed: list[ClosedLine],
    chosen: set[str] | None,
    *,
    failed: bool,
) -> None:
    """Next year's carry-over file for one zone; refused while a check fails."""
    from gangso_cli.cli.output import consoles, say
    from gangso_cli.spending.close import carry_file

    _, err = consoles()
    if failed:
        say(err, "not written:", f"{output} (fix the errors above first)")
        return
    model = spent.budget
    candidates = sorted(chosen) if chosen is not None else list(model.zones)
    if len(candidates) != 1:
        fail_usage(
            "a carry-over file is one zone's region file: name the zone with --zone",
            hint="zones: " + ", ".join(candidates),
        )
    text = carry_file(model, candidates[0], closed, spent.evaluation.budget.doc.file)
    if text is None:
        carries = f"{candidates[0]} carries nothing into {model.year + 1}"
        say(err, "not written:", f"{output} ({carries})", "bold")
        return
    write_file(output, text.encode("utf-8"), force=force)
