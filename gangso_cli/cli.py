"""The ``gangso`` command line: parse options, call the library, render, pick the exit code.

Exit codes are a contract for CI pipelines:

- 0: everything is valid (warnings allowed);
- 1: a problem in the data (a failed check, a value that does not parse);
- 2: a usage error, or a file that cannot be read at all.

Heavy modules (pydantic, yaml, rich) are imported inside the commands, so that
``gangso --help`` starts fast.
"""

from __future__ import annotations

import enum
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, BinaryIO, NoReturn

import typer

from gangso_cli import __version__

if TYPE_CHECKING:
    from rich.console import Console

    from gangso_cli.diagnostics import Diagnostic
    from gangso_cli.evaluate import Evaluation

EXIT_OK, EXIT_INVALID, EXIT_USAGE = 0, 1, 2

app = typer.Typer(
    name="gangso",
    help="Allocate and check the budgets of the Gangso R&D Special Zones (강소연구개발특구).",
    no_args_is_help=True,
    add_completion=False,
    context_settings={"help_option_names": ["-h", "--help"]},
    # Plain help text: typer's rich help pulls in markdown-it and rich's traceback
    # machinery, which more than doubled the start-up time of `gangso --help`.
    rich_markup_mode=None,
)


class Unit(enum.StrEnum):
    """Display units of Korean budget tables."""

    won = "원"
    cheon = "천원"
    baekman = "백만원"
    eok = "억원"


ZonesOption = Annotated[
    Path | None,
    typer.Option(
        "--zones",
        help="Zone registry YAML. Default: the bundled data/zones.yaml.",
        show_default=False,
    ),
]
UnitOption = Annotated[Unit, typer.Option("--unit", "-u", help="Unit for amounts shown in tables.")]


def _consoles() -> tuple[Console, Console]:
    from rich.console import Console

    # Piped output has no terminal width; 120 columns keeps tables on one line each.
    width = None if sys.stdout.isatty() or "COLUMNS" in os.environ else 120
    return Console(width=width, highlight=False), Console(stderr=True, highlight=False)


def _report(diagnostics: list[Diagnostic], err: Console) -> None:
    from gangso_cli.render.terminal import diagnostic_text

    for diagnostic in diagnostics:
        err.print(diagnostic_text(diagnostic), soft_wrap=True)


def _fail_usage(message: str) -> NoReturn:
    _, err = _consoles()
    err.print(f"[bold red]error:[/] {message}", soft_wrap=True)
    raise typer.Exit(EXIT_USAGE)


def _write_file(path: Path, data: bytes | Callable[[BinaryIO], None], *, force: bool) -> None:
    """Write a file atomically; an existing file or a bad path is a usage error (exit 2)."""
    from gangso_cli.render.files import FileExistsRefusal, write_atomically

    try:
        write_atomically(path, data, force=force)
    except FileExistsRefusal:
        _fail_usage(f"{path} exists; pass --force to overwrite it")
    except OSError as exc:
        _fail_usage(f"cannot write {path}: {exc.strerror or exc}")
    _, err = _consoles()
    err.print(f"wrote {path}", soft_wrap=True)


def _version_callback(value: bool) -> None:
    if value:
        from gangso_cli.yamlsource import libyaml_available

        parser = "libyaml (C)" if libyaml_available() else "pure Python (slower; install libyaml)"
        typer.echo(f"gangso {__version__} (Python {sys.version.split()[0]}, YAML parser: {parser})")
        raise typer.Exit()


@app.callback()
def _main(
    version: Annotated[
        bool,
        typer.Option(
            "--version", callback=_version_callback, is_eager=True, help="Show the version."
        ),
    ] = False,
) -> None:
    """Allocate and check the budgets of the Gangso R&D Special Zones (강소연구개발특구).

    Every command reads the bundled 2020 data when no file is named.
    """


def _evaluated(budget: Path | None, zones: Path | None) -> tuple[Evaluation, Console, Console]:
    from gangso_cli.evaluate import evaluate

    out, err = _consoles()
    evaluation = evaluate(budget, zones)
    if evaluation.unreadable:
        _report(evaluation.diagnostics, err)
        raise typer.Exit(EXIT_USAGE)
    if evaluation.allocation is None or evaluation.budget.salvaged:
        _report(evaluation.diagnostics, err)
        err.print(
            f"[bold red]{evaluation.budget.doc.file}: cannot allocate; fix the errors above[/]"
        )
        raise typer.Exit(EXIT_INVALID)
    return evaluation, out, err


@app.command()
def allocate(
    budget: Annotated[
        Path | None,
        typer.Argument(
            help="Budget YAML, national or one region's. Default: bundled 2020 budget.",
            show_default=False,
        ),
    ] = None,
    zones: ZonesOption = None,
    zone: Annotated[
        list[str] | None,
        typer.Option(
            "--zone", "-z", help="Show only this zone id; repeat for more.", show_default=False
        ),
    ] = None,
    unit: UnitOption = Unit.baekman,
    chart: Annotated[
        bool, typer.Option("--chart", help="Also draw each zone's split across the stages.")
    ] = False,
) -> None:
    """Split each zone's budget across its stages and check every figure.

    Prints (1) zones × stages with national, local and total; (2) each zone's envelope
    and local match; (3) every check, pass or fail, with the difference in won. Exits 1
    when any check fails (the tables still print), 2 when a file cannot be read.

    Example: gangso allocate --zone gimhae --unit 천원
    """
    from dataclasses import replace

    from gangso_cli.diagnostics import has_errors
    from gangso_cli.money import parse_unit
    from gangso_cli.render.terminal import checks_table, stage_chart, view_table
    from gangso_cli.views import build_view

    evaluation, out, err = _evaluated(budget, zones)
    allocation = evaluation.allocation
    assert allocation is not None
    assert evaluation.budget.model is not None
    registry = evaluation.registry.model
    known = registry.by_id() if registry else {}
    if zone:
        funded = [z.zone for z in allocation.zones]
        unknown = [z for z in zone if z not in funded]
        if unknown:
            _fail_usage(
                f"--zone {', '.join(unknown)}: not in this budget; "
                f"choose from {', '.join(sorted(funded))}"
            )
        allocation = replace(allocation, zones=tuple(z for z in allocation.zones if z.zone in zone))
    display = parse_unit(unit.value)
    for name in ("stages", "zones"):
        out.print(view_table(build_view(name, evaluation.budget.model, allocation, known), display))
    if chart:
        out.print(stage_chart(allocation, known))
    out.print(checks_table(evaluation.results))
    _report(evaluation.diagnostics, err)
    raise typer.Exit(EXIT_INVALID if has_errors(evaluation.diagnostics) else EXIT_OK)


@app.command("zones")
def zones_command(
    zones: ZonesOption = None,
    year: Annotated[
        int | None,
        typer.Option("--year", "-y", help="Mark the zones funded in this budget year."),
    ] = None,
) -> None:
    """List the zones of the registry: names, institutions, specialisation, designation.

    Example: gangso zones --year 2021
    """
    from gangso_cli.loader import load_registry
    from gangso_cli.render.terminal import zones_table
    from gangso_cli.yamlsource import UNREADABLE

    out, err = _consoles()
    loaded = load_registry(zones)
    _report(loaded.diagnostics, err)
    if loaded.model is None:
        unreadable = any(d.check == UNREADABLE for d in loaded.diagnostics)
        raise typer.Exit(EXIT_USAGE if unreadable else EXIT_INVALID)
    out.print(zones_table(loaded.model, year))


class OutputFormat(enum.StrEnum):
    """Output formats of ``gangso validate``."""

    text = "text"
    json = "json"
    github = "github"


@app.command()
def validate(
    files: Annotated[
        list[Path],
        typer.Argument(help="Budget, region or registry YAML files to check.", show_default=False),
    ],
    zones: ZonesOption = None,
    budget: Annotated[
        Path | None,
        typer.Option(
            "--budget",
            "-b",
            help="National budget: also check region files against the envelope it gives.",
            show_default=False,
        ),
    ] = None,
    output_format: Annotated[
        OutputFormat,
        typer.Option("--format", "-f", help="text for people, json for tools, github for PRs."),
    ] = OutputFormat.text,
) -> None:
    """Check budget files, reporting every problem in every file at file:line:column.

    Each file's kind is told from its shape: a national budget, one region's own file
    (with `zone:`), or a zone registry. Exits 0 when every file is valid, 1 when any has
    a problem, 2 when a file cannot be read at all (or on a usage error).

    Example: gangso validate region-gimhae.yaml --budget budget_2020.yaml --format github
    """
    from gangso_cli.validate import validate_files

    report = validate_files(files, zones, budget)
    if output_format is OutputFormat.json:
        from gangso_cli.render.report import report_json

        typer.echo(report_json(report))
    elif output_format is OutputFormat.github:
        from gangso_cli.render.report import github_annotations

        annotations = github_annotations(report)
        if annotations:
            typer.echo(annotations)
    else:
        out, err = _consoles()
        _report(report.diagnostics, err)
        for file_report in report.files:
            if file_report.valid:
                out.print(f"[green]✓[/] {file_report.file} ({file_report.kind})", soft_wrap=True)
        errors = sum(f.errors for f in report.files)
        bad = sum(not f.valid for f in report.files)
        summary = f"{len(report.files)} file(s) checked: {errors} error(s) in {bad} file(s)"
        (err if errors else out).print(summary, soft_wrap=True)
    raise typer.Exit(report.exit_code)


@app.command()
def init(
    zone: Annotated[str, typer.Argument(help="Zone id from the registry, e.g. gimhae.")],
    year: Annotated[
        int | None,
        typer.Option(
            "--year",
            "-y",
            help="Budget year. Default: the bundled budget's year, or the zone's first year.",
            show_default=False,
        ),
    ] = None,
    output: Annotated[
        Path | None,
        typer.Option("--output", "-o", help="Write here instead of to stdout.", show_default=False),
    ] = None,
    force: Annotated[bool, typer.Option("--force", help="Overwrite an existing file.")] = False,
    zones: ZonesOption = None,
) -> None:
    """Write a commented starter region file for a zone; it validates as written.

    The stages, policy and (when the bundled budget funds the zone that year) the
    envelope and lines come from the bundled national budget.

    Example: gangso init gimhae --year 2020 -o region-gimhae-2020.yaml
    """
    import difflib

    from gangso_cli.loader import load_budget, load_registry
    from gangso_cli.starter import region_starter

    registry = load_registry(zones)
    reference = load_budget()
    if registry.model is None or reference.model is None:
        _, err = _consoles()
        _report(registry.diagnostics + reference.diagnostics, err)
        raise typer.Exit(EXIT_USAGE)
    known = registry.model.by_id()
    if zone not in known:
        close = difflib.get_close_matches(zone, list(known), n=1)
        _fail_usage(
            f"unknown zone {zone!r}"
            + (f"; did you mean {close[0]!r}?" if close else f"; zones: {', '.join(known)}")
        )
    chosen = known[zone]
    year = year if year is not None else max(reference.model.year, chosen.designated_year + 1)
    if not chosen.fundable_in(year):
        _fail_usage(
            f"{zone} was designated in {chosen.designated}; its first budget year is "
            f"{chosen.designated_year + 1} (use --year)"
        )
    text = region_starter(chosen, year, reference.model)
    if output is None:
        typer.echo(text, nl=False)
        return
    _write_file(output, text.encode("utf-8"), force=force)


class SchemaKind(enum.StrEnum):
    """Files gangso has a JSON Schema for."""

    budget = "budget"
    region = "region"
    zones = "zones"


@app.command()
def schema(
    kind: Annotated[SchemaKind, typer.Argument(help="Which file format.")] = SchemaKind.budget,
) -> None:
    """Print the JSON Schema of a file format, for editors and other tools.

    Point yaml-language-server (VS Code's YAML extension) at it for completion and
    inline errors while typing; see the README.

    Example: gangso schema region > region.schema.json
    """
    import json

    from pydantic import BaseModel

    from gangso_cli.models import Budget, RegionBudget, Registry

    models: dict[str, type[BaseModel]] = {
        "budget": Budget,
        "region": RegionBudget,
        "zones": Registry,
    }
    model = models[kind.value]
    document = {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        **model.model_json_schema(),
    }
    typer.echo(json.dumps(document, ensure_ascii=False, indent=2))


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
        _fail_usage("say where to write: -o FILE (or -o - for stdout)")
    suffix = Path(output).suffix.lower()
    fmt = output_format.value if output_format else _EXTENSIONS.get(suffix)
    if fmt is None:
        _fail_usage(f"cannot tell the format of {output!r}; pass --format csv|xlsx|json|html")
    if fmt in ("xlsx", "html") and view is not None:
        _fail_usage(f"{fmt} holds every view; --view is for csv and json")
    if fmt in ("csv", "json") and unit is not None:
        _fail_usage(f"{fmt} carries exact won; --unit is for xlsx and html")
    if fmt != "csv" and encoding is not Encoding.utf8:
        _fail_usage("--encoding is for csv")
    if output == "-" and fmt == "xlsx":
        _fail_usage("xlsx is binary: write it to a file with -o FILE.xlsx")
    if fmt == "xlsx" and unit is Unit.eok:
        _fail_usage("xlsx cannot show 억원 without changing the stored won; use --unit 백만원")

    from gangso_cli.diagnostics import has_errors
    from gangso_cli.money import parse_unit
    from gangso_cli.views import VIEWS, build_view, checks_view

    evaluation, _, err = _evaluated(budget, zones)
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
            _fail_usage(str(exc))
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
        _write_file(Path(output), data, force=force)
    _report(evaluation.diagnostics, err)
    raise typer.Exit(EXIT_INVALID if has_errors(evaluation.diagnostics) else EXIT_OK)


class DiffFormat(enum.StrEnum):
    """Output formats of ``gangso diff``."""

    text = "text"
    json = "json"
    csv = "csv"


@app.command()
def diff(
    old: Annotated[Path, typer.Argument(help="The earlier budget file.")],
    new: Annotated[Path, typer.Argument(help="The revised budget file.")],
    zones: ZonesOption = None,
    output_format: Annotated[
        DiffFormat, typer.Option("--format", "-f", help="text, json or csv (to stdout).")
    ] = DiffFormat.text,
    unit: UnitOption = Unit.baekman,
) -> None:
    """Show what changed between two budgets, line by line and fund by fund, in won.

    Allocates both and lists every line whose amount changed (added, removed, changed),
    the envelopes and year settings that changed, and the totals. Like diff(1): exits 0
    when the allocations are identical, 1 when they differ, 2 on errors.

    Example: gangso diff data/budget_2020.yaml examples/budget_2020_revised.yaml
    """
    from gangso_cli.diff import diff_budgets
    from gangso_cli.evaluate import evaluate_loaded
    from gangso_cli.loader import load_budget, load_registry

    out, err = _consoles()
    registry = load_registry(zones)
    evaluations = [evaluate_loaded(load_budget(path), registry) for path in (old, new)]
    for evaluation in evaluations:
        if evaluation.allocation is None or evaluation.budget.salvaged:
            _report(evaluation.diagnostics, err)
            err.print(
                f"[bold red]{evaluation.budget.doc.file}: cannot compare; fix the errors above[/]"
            )
            raise typer.Exit(EXIT_USAGE)
    for evaluation in evaluations:
        failed = [r.check.id for r in evaluation.results if not r.passed]
        if failed:
            file = evaluation.budget.doc.file
            err.print(
                f"[yellow]warning:[/] {file} fails checks: {', '.join(failed)}", soft_wrap=True
            )
    (a, b) = evaluations
    assert a.budget.model is not None
    assert b.budget.model is not None
    assert a.allocation is not None
    assert b.allocation is not None
    result = diff_budgets(a.budget.model, a.allocation, b.budget.model, b.allocation)
    if output_format is DiffFormat.json:
        from gangso_cli.render.diff_report import diff_json

        typer.echo(diff_json(result, a.budget.doc.file, b.budget.doc.file), nl=False)
    elif output_format is DiffFormat.csv:
        from gangso_cli.render.diff_report import diff_csv

        sys.stdout.buffer.write(diff_csv(result))
        sys.stdout.buffer.flush()
    else:
        from gangso_cli.money import parse_unit
        from gangso_cli.render.terminal import diff_tables

        if result.identical and not result.settings:
            out.print("the allocations are identical")
        else:
            known = registry.model.by_id() if registry.model else {}
            for table in diff_tables(result, parse_unit(unit.value), known):
                out.print(table)
    raise typer.Exit(EXIT_OK if result.identical else EXIT_INVALID)


def main() -> None:
    """Entry point of the ``gangso`` console script."""
    import gc

    # A run lives for seconds and builds ~10^6 small objects with almost no cycles: the
    # cyclic collector would scan them again and again for nothing (a third of the time
    # of a 100k-line validate). Memory is still freed by reference counting.
    gc.disable()
    # gangso uses no pydantic plugins; looking for them scans every installed package's
    # metadata (importlib.metadata, ~8 ms of each run).
    os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")
    app()
