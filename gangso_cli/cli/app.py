"""The typer app and what its commands share: consoles, options, exit codes."""

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

__all__ = [
    "EXIT_INVALID",
    "EXIT_OK",
    "EXIT_USAGE",
    "Unit",
    "UnitOption",
    "ZonesOption",
    "app",
    "consoles",
    "evaluated",
    "fail_usage",
    "main",
    "print_diagnostics",
    "write_file",
]

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


def consoles() -> tuple[Console, Console]:
    from rich.console import Console

    # Piped output has no terminal width; 120 columns keeps tables on one line each.
    width = None if sys.stdout.isatty() or "COLUMNS" in os.environ else 120
    return Console(width=width, highlight=False), Console(stderr=True, highlight=False)


def print_diagnostics(diagnostics: list[Diagnostic], err: Console) -> None:
    from gangso_cli.render.terminal import diagnostic_text

    for diagnostic in diagnostics:
        err.print(diagnostic_text(diagnostic), soft_wrap=True)


def fail_usage(message: str) -> NoReturn:
    _, err = consoles()
    err.print(f"[bold red]error:[/] {message}", soft_wrap=True)
    raise typer.Exit(EXIT_USAGE)


def write_file(path: Path, data: bytes | Callable[[BinaryIO], None], *, force: bool) -> None:
    """Write a file atomically; an existing file or a bad path is a usage error (exit 2)."""
    from gangso_cli.render.files import FileExistsRefusal, write_atomically

    try:
        write_atomically(path, data, force=force)
    except FileExistsRefusal:
        fail_usage(f"{path} exists; pass --force to overwrite it")
    except OSError as exc:
        fail_usage(f"cannot write {path}: {exc.strerror or exc}")
    _, err = consoles()
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


def evaluated(budget: Path | None, zones: Path | None) -> tuple[Evaluation, Console, Console]:
    from gangso_cli.evaluate import evaluate

    out, err = consoles()
    evaluation = evaluate(budget, zones)
    if evaluation.unreadable:
        print_diagnostics(evaluation.diagnostics, err)
        raise typer.Exit(EXIT_USAGE)
    if not evaluation.usable:
        print_diagnostics(evaluation.diagnostics, err)
        err.print(
            f"[bold red]{evaluation.budget.doc.file}: cannot allocate; fix the errors above[/]"
        )
        raise typer.Exit(EXIT_INVALID)
    return evaluation, out, err


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
