"""`gangso export`: the allocation as CSV, XLSX, JSON or HTML."""

from __future__ import annotations

import enum
from collections.abc import Callable
from typing import Annotated, BinaryIO

import typer

from gangso_cli.cli.allocate import BudgetArgument
from gangso_cli.cli.app import (
    BudgetOption,
    ForceOption,
    StrictOption,
    Unit,
    YearOption,
    ZoneOption,
    ZonesOption,
    app,
    budget_or_year,
    evaluated,
    exit_code_for,
    fail_usage,
    resolve_zones,
)
from gangso_cli.cli.output import print_diagnostics, set_exit_code
from gangso_cli.cli.reports import Encoding, EncodingOption, csv_bytes, deliver, report_format


class ExportFormat(enum.StrEnum):
    """File formats of ``gangso export``."""

    csv = "csv"
    xlsx = "xlsx"
    json = "json"
    html = "html"


class View(enum.StrEnum):
    """Views of ``gangso export``."""

    lines = "lines"
    zones = "zones"
    stages = "stages"


@app.command()
def export(
    budget: BudgetArgument = None,
    output: Annotated[
        str,
        typer.Option(
            "--output",
            "-o",
            metavar="FILE",
            help="File to write, or - for stdout (csv, json, html).",
        ),
    ] = "",
    output_format: Annotated[
        ExportFormat | None,
        typer.Option(
            "--format",
            "-f",
            metavar="FORMAT",
            help="csv, xlsx, json or html. Default: from the file's extension.",
            show_default=False,
        ),
    ] = None,
    view: Annotated[
        View | None,
        typer.Option(
            "--view",
            metavar="VIEW",
            help="Table for csv/json: lines, zones or stages. Default: lines.",
            show_default=False,
        ),
    ] = None,
    unit: Annotated[
        Unit | None,
        typer.Option(
            "--unit",
            "-u",
            metavar="UNIT",
            help="Unit shown in xlsx/html (cells keep exact won; csv/json are always in "
            "원). Default: 백만원.",
            show_default=False,
        ),
    ] = None,
    encoding: EncodingOption = Encoding.utf8,
    force: ForceOption = False,
    zones: ZonesOption = None,
    zone: ZoneOption = None,
    year: YearOption = None,
    national: BudgetOption = None,
    strict: StrictOption = False,
) -> None:
    """Export the allocation for Excel and reports: CSV, XLSX, JSON or HTML.

    CSV and JSON carry one view in exact won; XLSX holds every view as a sheet plus the
    checks; HTML is one self-contained file with tables and charts. Never overwrites a
    file without --force, and never leaves a half-written one. Exits 1 (after writing)
    when a check fails, 2 on usage errors.

    Example: gangso export region-gimhae.yaml --budget 2020 -o 배분.xlsx
    """
    fmt = _format(output, output_format)
    if fmt in ("xlsx", "html") and view is not None:
        fail_usage(f"{fmt} holds every view; --view is for csv and json")
    if fmt != "csv" and encoding is not Encoding.utf8:
        fail_usage("--encoding is for csv")
    if output == "-" and fmt == "xlsx":
        fail_usage("xlsx is binary: write it to a file with -o FILE.xlsx")
    if fmt == "xlsx" and unit in (Unit.eok, Unit.man):
        fail_usage(
            f"xlsx cannot show {unit} without changing the stored won (Excel scales only by "
            "thousands)",
            hint="use --unit 천원 or 백만원, or the HTML report for 만원 and 억원",
        )

    from dataclasses import replace

    from gangso_cli.money import parse_unit
    from gangso_cli.views import VIEWS, build_view, checks_view

    evaluation, _, err = evaluated(budget_or_year(budget, year), zones, national)
    if fmt in ("csv", "json") and unit not in (None, Unit.won):
        err.print(
            f"note: {fmt} carries exact won (원); --unit {unit} applies to xlsx and html",
            markup=False,
        )
    assert evaluation.allocation is not None
    assert evaluation.budget.model is not None
    allocation, model = evaluation.allocation, evaluation.budget.model
    chosen = resolve_zones(zone, evaluation)
    if chosen is not None:
        allocation = replace(
            allocation, zones=tuple(z for z in allocation.zones if z.zone in chosen)
        )
    registry = evaluation.registry.model
    known = registry.by_id() if registry else {}
    source = evaluation.budget.doc.file
    display = parse_unit((unit or Unit.baekman).value)
    names = [view.value] if view else (["lines"] if fmt in ("csv", "json") else list(VIEWS))
    tables = [build_view(name, model, allocation, known) for name in names]
    checks = checks_view(evaluation.results)
    code = exit_code_for(evaluation.diagnostics, strict)
    set_exit_code(code)

    data: bytes | Callable[[BinaryIO], None]
    if fmt == "csv":
        data = csv_bytes(tables[0], encoding)
    elif fmt == "json":
        from gangso_cli.render.json_export import export_json

        data = export_json(model.year, source, tables, checks).encode("utf-8")
    elif fmt == "html":
        from gangso_cli.render.html import html_report

        labels = {z: f"{zone.city} ({z})" for z, zone in known.items()}
        title = model.title or f"{model.year}년 강소특구 예산 배분"
        data = html_report(title, source, allocation, tables, checks, display, labels).encode()
    else:
        from gangso_cli.render.xlsx import write_xlsx

        sheets = [*tables, checks]

        def data(handle: BinaryIO) -> None:
            write_xlsx(handle, sheets, display, source)

    deliver(output, data, force=force)
    print_diagnostics(evaluation.diagnostics, err)
    raise typer.Exit(code)


def _format(output: str, chosen: ExportFormat | None) -> str:
    """The format to write: --format, else the extension; the two must agree."""
    if not output:
        fail_usage("say where to write: -o FILE (or -o - for stdout)")
    return report_format(output, chosen.value if chosen else None)
