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
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, NoReturn

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
    if evaluation.allocation is None:
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
    from gangso_cli.diagnostics import has_errors
    from gangso_cli.money import parse_unit
    from gangso_cli.render.terminal import (
        allocation_table,
        checks_table,
        envelopes_table,
        stage_chart,
    )

    evaluation, out, err = _evaluated(budget, zones)
    allocation = evaluation.allocation
    assert allocation is not None
    assert evaluation.budget.model is not None
    registry = evaluation.registry.model
    known = registry.by_id() if registry else {}
    selected = list(allocation.zones)
    if zone:
        funded = {z.zone for z in allocation.zones}
        unknown = [z for z in zone if z not in funded]
        if unknown:
            _fail_usage(
                f"--zone {', '.join(unknown)}: not in this budget; "
                f"choose from {', '.join(sorted(funded))}"
            )
        selected = [z for z in allocation.zones if z.zone in zone]
    display = parse_unit(unit.value)
    out.print(allocation_table(allocation, display, known, selected))
    out.print(envelopes_table(evaluation.budget.model, allocation, display, known, selected))
    if chart:
        from dataclasses import replace

        out.print(stage_chart(replace(allocation, zones=tuple(selected)), known))
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


def main() -> None:
    """Entry point of the ``gangso`` console script."""
    app()
