"""`gangso export`: the allocation as CSV, XLSX, JSON or HTML."""

from __future__ import annotations

import enum
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, BinaryIO

import typer

from gangso_cli.cli.app import (
    EXIT_INVALID,
    EXIT_OK,
    Unit,
    ZonesOption,
    app,
    evaluated,
    fail_usage,
    print_diagnostics,
    write_file,
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


class Encoding(enum.StrEnum):
    """CSV encodings."""

    utf8 = "utf-8"
    utf8_nobom = "utf-8-nobom"
    cp949 = "cp949"


_EXTENSIONS = {".csv": "csv", ".xlsx": "xlsx", ".json": "json", ".html": "html", ".htm": "html"}


@app.command()
def export(
    budget: Annotated[
        Path | None,
        typer.Argument(help="Budget YAML. Default: the bundled 2020 budget.", show_default=False),
    ] = None,
    output: Annotated[
        str,
        typer.Option("--output", "-o", help="File to write, or - for stdout (text formats)."),
    ] = "",
    output_format: Annotated[
        ExportFormat | None,
        typer.Option(
            "--format", "-f", help="Default: from the file's extension.", show_default=False
        ),
    ] = None,
    view: Annotated[
        View | None,
        typer.Option(
            "--view",
            help="Table for csv/json: lines, zones or stages. Default: lines.",
            show_default=False,
        ),
    ] = None,
    unit: Annotated[
        Unit | None,
        typer.Option(
            "--unit",
            "-u",
            help="Unit shown in xlsx/html (cells keep exact won). Default: 백만원.",
            show_default=False,
        ),
    ] = None,
    encoding: Annotated[
        Encoding, typer.Option("--encoding", help="CSV encoding; utf-8 has a BOM for Excel.")
    ] = Encoding.utf8,
    force: Annotated[bool, typer.Option("--force", help="Overwrite an existing file.")] = False,
    zones: ZonesOption = None,
) -> None:
    """Export the allocation for Excel and reports: CSV, XLSX, JSON or HTML.

    CSV and JSON carry one view in exact won; XLSX holds every view as a sheet plus the
    checks; HTML is one self-contained file with tables and charts. Never overwrites a
    file without --force, and never leaves a half-written one. Exits 1 (after writing)
    when a check fails, 2 on usage errors.

    Example: gangso export -o 배분_2020.xlsx --unit 백만원
    """
    if not output:
        fail_usage("say where to write: -o FILE (or -o - for stdout)")
    suffix = Path(output).suffix.lower()
    fmt = output_format.value if output_format else _EXTENSIONS.get(suffix)
    if fmt is None:
        fail_usage(f"cannot tell the format of {output!r}; pass --format csv|xlsx|json|html")
    if fmt in ("xlsx", "html") and view is not None:
        fail_usage(f"{fmt} holds every view; --view is for csv and json")
    if fmt in ("csv", "json") and unit is not None:
        fail_usage(f"{fmt} carries exact won; --unit is for xlsx and html")
    if fmt != "csv" and encoding is not Encoding.utf8:
        fail_usage("--encoding is for csv")
    if output == "-" and fmt == "xlsx":
        fail_usage("xlsx is binary: write it to a file with -o FILE.xlsx")
    if fmt == "xlsx" and unit is Unit.eok:
        fail_usage("xlsx cannot show 억원 without changing the stored won; use --unit 백만원")

    from gangso_cli.diagnostics import has_errors
    from gangso_cli.money import parse_unit
    from gangso_cli.views import VIEWS, build_view, checks_view

    evaluation, _, err = evaluated(budget, zones)
    assert evaluation.allocation is not None
    assert evaluation.budget.model is not None
    allocation, model = evaluation.allocation, evaluation.budget.model
    registry = evaluation.registry.model
    known = registry.by_id() if registry else {}
    source = evaluation.budget.doc.file
    display = parse_unit((unit or Unit.baekman).value)
    names = [view.value] if view else (["lines"] if fmt in ("csv", "json") else list(VIEWS))
    tables = [build_view(name, model, allocation, known) for name in names]
    checks = checks_view(evaluation.results)

    data: bytes | Callable[[BinaryIO], None]
    if fmt == "csv":
        from gangso_cli.render.csv_writer import UnencodableError, view_csv

        try:
            data = view_csv(tables[0], encoding.value)
        except UnencodableError as exc:
            fail_usage(str(exc))
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

    if output == "-":
        assert isinstance(data, bytes)
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
    else:
        write_file(Path(output), data, force=force)
    print_diagnostics(evaluation.diagnostics, err)
    raise typer.Exit(EXIT_INVALID if has_errors(evaluation.diagnostics) else EXIT_OK)
