"""`gangso export`: the allocation as CSV, XLSX, JSON or HTML."""

from __future__ import annotations

import enum
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Annotated

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

if TYPE_CHECKING:
    from gangso_cli.core.budget import Budget
    from gangso_cli.core.money import DisplayUnit
    from gangso_cli.core.registry import Zone
    from gangso_cli.core.table import ViewTable
    from gangso_cli.plan.allocator import Allocation
    from gangso_cli.plan.evaluate import Evaluation


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


ExportOutputOption = Annotated[
    str,
    typer.Option(
        "--output", "-o", metavar="FILE", help="File to write, or - for stdout (csv, json, html)."
    ),
]
ExportFormatOption = Annotated[
    ExportFormat | None,
    typer.Option(
        "--format",
        "-f",
        metavar="FORMAT",
        help="csv, xlsx, json or html. Default: from the file's extension.",
        show_default=False,
    ),
]
ViewOption = Annotated[
    View | None,
    typer.Option(
        "--view",
        metavar="VIEW",
        help="Table for csv/json: lines, zones or stages. Default: lines.",
        show_default=False,
    ),
]
ExportUnitOption = Annotated[
    Unit | None,
    typer.Option(
        "--unit",
        "-u",
        metavar="UNIT",
        help="Unit shown in xlsx/html (cells keep exact won; csv/json are always in 원). "
        "Default: 백만원.",
        show_default=False,
    ),
]


@app.command()
def export(
    budget: BudgetArgument = None,
    output: ExportOutputOption = "",
    output_format: ExportFormatOption = None,
    view: ViewOption = None,
    unit: ExportUnitOption = None,
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
    evaluation, _, err = evaluated(budget_or_year(budget, year), zones, national)
    if fmt in ("csv", "json") and unit not in (None, Unit.won):
        err.print(
            f"note: {fmt} carries exact won (원); --unit {unit} applies to xlsx and html",
            markup=False,
        )
    report = _report(evaluation, fmt, resolve_zones(zone, evaluation), view, unit)
    code = exit_code_for(evaluation.diagnostics, strict)
    set_exit_code(code)
    write_report(
        fmt, output, force=force, sheets=[*report.tables, report.checks],
        csv_view=report.tables[0], encoding=encoding, json=report.json, html=report.html,
        unit=report.unit, source=report.source,
    )  # fmt: skip
    print_diagnostics(evaluation.diagnostics, err)
    raise typer.Exit(code)


def _format(output: str, chosen: ExportFormat | None) -> str:
    """The format to write: --format, else the extension; the two must agree."""
    if not output:
        fail_usage("say where to write: -o FILE (or -o - for stdout)")
    return report_format(output, chosen.value if chosen else None)


@dataclass(frozen=True)
class _Report:
    """What export writes: the views and the checks, and the document writers that need
    more than tables (JSON's metadata, HTML's charts)."""

    budget: Budget
    allocation: Allocation
    zones: dict[str, Zone]
    source: str
    tables: list[ViewTable]
    checks: ViewTable
    unit: DisplayUnit

    def json(self) -> str:
        """The export document as JSON."""
        from gangso_cli.render.json_export import export_json

        return export_json(self.budget.year, self.source, self.tables, self.checks)

    def html(self) -> str:
        """The report as one HTML file."""
        from gangso_cli.render.html import html_report

        # A zone by its name less 강소특구 (서울 홍릉): long city names fit the chart.
        labels = {z: zone.name.removesuffix(" 강소특구") for z, zone in self.zones.items()}
        from gangso_cli.core.labels import marked_title

        title = self.budget.title or f"{self.budget.year}년 강소특구 예산 배분"
        title = marked_title(title, any("예시" in table.title for table in self.tables))
        return html_report(
            title, self.source, self.allocation, self.tables, self.checks, self.unit, labels
        )


def _report(
    evaluation: Evaluation, fmt: str, chosen: set[str] | None, view: View | None, unit: Unit | None
) -> _Report:
    """The views to write (one for csv/json, every one for xlsx/html) of the chosen zones."""
    from gangso_cli.core.money import parse_unit
    from gangso_cli.plan.views import VIEWS, build_view, checks_view

    assert evaluation.allocation is not None
    assert evaluation.budget.model is not None
    allocation, model = evaluation.allocation, evaluation.budget.model
    if chosen is not None:
        allocation = replace(
            allocation, zones=tuple(z for z in allocation.zones if z.zone in chosen)
        )
    registry = evaluation.registry.model
    known = registry.by_id() if registry else {}
    names = [view.value] if view else (["lines"] if fmt in ("csv", "json") else list(VIEWS))
    return _Report(
        model,
        allocation,
        known,
        evaluation.budget.doc.file,
        [build_view(name, model, allocation, known) for name in names],
        checks_view(evaluation.results),
        parse_unit((unit or Unit.baekman).value),
    )
