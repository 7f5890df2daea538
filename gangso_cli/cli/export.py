"""`gangso export`: the allocation as CSV, XLSX, JSON or HTML."""

from __future__ import annotations

import enum
from typing import Annotated

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
from gangso_cli.cli.reports import (
    Encoding,
    EncodingOption,
    check_file_options,
    report_format,
    write_report,
)


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
    check_file_options(fmt, output, encoding, unit.value if unit else "")

    from dataclasses import replace

    from gangso_cli.core.money import parse_unit
    from gangso_cli.plan.views import VIEWS, build_view, checks_view

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

    def as_json() -> str:
        from gangso_cli.render.json_export import export_json

        return export_json(model.year, source, tables, checks)

    def as_html() -> str:
        from gangso_cli.render.html import html_report

        labels = {z: f"{zone.city} ({z})" for z, zone in known.items()}
        title = model.title or f"{model.year}년 강소특구 예산 배분"
        return html_report(title, source, allocation, tables, checks, display, labels)

    write_report(
        fmt, output, force=force, sheets=[*tables, checks], csv_view=tables[0],
        encoding=encoding, json=as_json, html=as_html, unit=display, source=source,
    )  # fmt: skip
    print_diagnostics(evaluation.diagnostics, err)
    raise typer.Exit(code)


def _format(output: str, chosen: ExportFormat | None) -> str:
    """The format to write: --format, else the extension; the two must agree."""
    if not output:
        fail_usage("say where to write: -o FILE (or -o - for stdout)")
    return report_format(output, chosen.value if chosen else None)
