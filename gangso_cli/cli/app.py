"""The typer app and what its commands share: consoles, options, exit codes."""

from __future__ import annotations

import enum
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, BinaryIO, NoReturn

import typer

from gangso_cli.cli.output import (
    PipeGuard,
    closed_pipe,
    consoles,
    encodable,
    print_diagnostics,
    say,
)
from gangso_cli.core.version import __version__

if TYPE_CHECKING:
    from collections.abc import Iterable, Mapping

    from rich.console import Console

    from gangso_cli.core.budget import Budget
    from gangso_cli.core.diagnostics import Diagnostic
    from gangso_cli.core.loader import LoadedBudget, LoadedRegistry
    from gangso_cli.core.registry import Registry
    from gangso_cli.plan.evaluate import Evaluation

__all__ = [
    "EXIT_INVALID",
    "EXIT_OK",
    "EXIT_USAGE",
    "BudgetOption",
    "ForceOption",
    "OutputOption",
    "StrictOption",
    "Unit",
    "UnitOption",
    "YearOption",
    "ZoneOption",
    "ZonesOption",
    "app",
    "budget_or_year",
    "cli_hints",
    "evaluate_file",
    "evaluated",
    "exit_code_for",
    "fail_usage",
    "load_reference",
    "main",
    "other_years_from_bundle",
    "pick_zones",
    "registry_or_exit",
    "resolve_budget",
    "resolve_zones",
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


def _plain_argument_names() -> None:
    """Help that reads as words: `FILE...`, `[BUDGET]`, not typer's `{FILE...}...` and
    `<list[Path]>`. typer has no setting for this, so its two formatters are replaced;
    tests/test_field_ready.py::test_help_reads_as_words fails if a typer release renames
    them."""
    from typer.core import TyperArgument

    def usage_name(self: TyperArgument) -> str:
        name = self.metavar or str(self.name).upper()
        if self.nargs != 1 and not name.endswith("..."):
            name += "..."
        return name if self.required else f"[{name}]"

    if hasattr(TyperArgument, "_usage_display_name"):
        TyperArgument._usage_display_name = usage_name  # type: ignore[method-assign]
        TyperArgument._rich_display_name = usage_name  # type: ignore[method-assign]
        TyperArgument.display_type_rich = lambda self, ctx: None  # type: ignore[method-assign]


_plain_argument_names()


class Unit(enum.StrEnum):
    """Display units of Korean budget tables."""

    won = "원"
    cheon = "천원"
    man = "만원"
    baekman = "백만원"
    eok = "억원"


ZonesOption = Annotated[
    Path | None,
    typer.Option(
        "--zones",
        metavar="FILE",
        # typer checks a Path is readable by default, and its usage error would pre-empt
        # gangso's own report of an unreadable file beside the others: gangso reads it.
        readable=False,
        help="Zone registry YAML. Default: the bundled registry.",
        show_default=False,
    ),
]
ZoneOption = Annotated[
    list[str] | None,
    typer.Option(
        "--zone",
        "-z",
        metavar="ZONE",
        help="Only this zone: an id or its Korean name (김해). Repeat for more.",
        show_default=False,
    ),
]
UnitOption = Annotated[
    Unit, typer.Option("--unit", "-u", metavar="UNIT", help="원, 천원, 만원, 백만원 or 억원.")
]
YearOption = Annotated[
    int | None,
    typer.Option(
        "--year",
        "-y",
        metavar="YEAR",
        help="The bundled national budget of this year (see `gangso data`). Default: the "
        "latest bundled year.",
        show_default=False,
    ),
]
BudgetOption = Annotated[
    str | None,
    typer.Option(
        "--budget",
        "-b",
        metavar="FILE|YEAR",
        help="The national budget a region file is checked against: a file, or a year "
        "for the bundled budget (2020).",
        show_default=False,
    ),
]
OutputOption = Annotated[
    Path | None,
    typer.Option(
        "--output",
        "-o",
        metavar="FILE",
        readable=False,
        help="Write here instead of to stdout (the safe way on any console).",
        show_default=False,
    ),
]
ForceOption = Annotated[bool, typer.Option("--force", help="Overwrite an existing file.")]
StrictOption = Annotated[
    bool, typer.Option("--strict", help="Fail (exit 1) on warnings too, not only on errors.")
]


def fail_usage(message: str, hint: str | None = None) -> NoReturn:
    """A usage error: one line on stderr (and a hint), exit 2."""
    _, err = consoles()
    say(err, "error:", message, "bold red")
    if hint:
        err.print(f"  hint: {hint}", soft_wrap=True, markup=False, emoji=False)
    raise typer.Exit(EXIT_USAGE)


def write_file(path: Path, data: bytes | Callable[[BinaryIO], None], *, force: bool) -> None:
    """Write a file atomically; an existing file or a bad path is a usage error (exit 2)."""
    from gangso_cli.render.files import FileExistsRefusal, write_atomically

    if path.is_dir() or str(path).endswith(("/", os.sep)):
        fail_usage(f"{path} is a folder; name the file to write, e.g. -o {path / 'report.xlsx'}")
    try:
        write_atomically(path, data, force=force)
    except FileExistsRefusal:
        fail_usage(f"{path} exists; pass --force to overwrite it")
    except OSError as exc:
        fail_usage(f"cannot write {path}: {exc.strerror or exc}")
    _, err = consoles()
    err.print(f"wrote {path}", soft_wrap=True, markup=False, emoji=False)


def _version_callback(value: bool) -> None:
    if value:
        from gangso_cli.core.yamlsource import libyaml_available

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

    Every command reads the bundled data (registry and the latest national budget) when
    no file is named; `gangso data` writes them out to read or edit.
    """


def resolve_budget(ref: str | None, option: str = "BUDGET") -> tuple[Path, str]:
    """The file and display name of a budget given as a path or a year; a year with no
    bundled budget is a usage error listing the years there are."""
    from gangso_cli.core.bundled import budget_source, bundled_years

    source = budget_source(ref)
    if source is None:
        years = ", ".join(str(y) for y in bundled_years())
        fail_usage(
            f"{option} {ref}: no budget of that year is bundled; bundled years: {years}",
            hint="or name a budget file",
        )
    return source


def budget_or_year(budget: str | None, year: int | None, choose: str = "--year") -> str | None:
    """BUDGET and --year name the same thing: at most one may be given. With neither,
    stderr says which bundled year is used (the latest), and ``choose``, the command's
    option that picks another."""
    if budget is not None and year is not None:
        fail_usage(f"give a budget file or --year, not both (got {budget} and --year {year})")
    if year is not None:
        resolve_budget(str(year), "--year")  # an unbundled year: a usage error saying --year
        return str(year)
    if budget is None:
        from gangso_cli.core.bundled import bundled_years

        latest = bundled_years()[-1]
        _, err = consoles()
        err.print(
            f"note: the bundled {latest} budget (the latest bundled year; {choose} to choose)",
            markup=False,
            emoji=False,
        )
    return budget


def _zones_hint(zones: Path | None) -> None:
    """A --zones value that looks like a zone, not a file: the user meant --zone."""
    if zones is not None and not zones.exists() and zones.suffix == "":
        fail_usage(
            f"--zones {zones}: no such file",
            hint=f"--zones names the registry file; to show one zone use --zone {zones}",
        )


def registry_or_exit(zones: Path | None) -> LoadedRegistry:
    """The registry --zones names (or the bundled one). One that cannot be read at all is
    reported and exits 2 at once: checked against no registry, every zone would seem
    unknown and the errors that followed would be noise."""
    from gangso_cli.core.loader import load_registry
    from gangso_cli.core.yamlsource import is_unreadable

    registry = load_registry(zones)
    if is_unreadable(registry.diagnostics):
        _, err = consoles()
        print_diagnostics(registry.diagnostics, err)
        raise typer.Exit(EXIT_USAGE)
    return registry


def load_reference(ref: str | None) -> LoadedBudget | None:
    """The national budget named by --budget (a file or a year), loaded; None if absent."""
    from gangso_cli.core.loader import load_budget

    if ref is None:
        return None
    path, name = resolve_budget(ref, "--budget")
    return load_budget(path, display_name=name)


def other_years_from_bundle(
    budget: Budget, registry: Registry | None
) -> Mapping[int, Mapping[str, int]]:
    """The bundled years, for a budget whose phase ceilings add up other years (an
    :data:`~gangso_cli.plan.evaluate.OtherYears`); the programme is imported only when a
    ceiling asks."""
    from gangso_cli.programme.ceilings import bundled_other_years

    return bundled_other_years(budget, registry)


def cli_hints(diagnostics: Iterable[Diagnostic], year: int | None) -> list[Diagnostic]:
    """The diagnostics with their hints in the command's terms: the library says what to
    fix in the files, the command adds which option or command does it (``year``: the
    budget file's year)."""
    found = list(diagnostics)
    if not found:  # nothing to say: the library's hint texts need not be loaded
        return found
    from dataclasses import replace

    from gangso_cli.plan.checks.region import REGION_YEAR_HINT
    from gangso_cli.plan.checks.zones import FUNDED_ZONES_HINT, ZONE_IDS_HINT

    said = {
        ZONE_IDS_HINT: "see `gangso zones` for the ids",
        FUNDED_ZONES_HINT: "see `gangso zones --year` for the zones a year funds",
    }
    if year is not None:
        region_year = REGION_YEAR_HINT.format(year=year)
        said[region_year] = f"{region_year}: --budget {year}"
    return [
        replace(d, hint=said[d.hint]) if d.hint is not None and d.hint in said else d for d in found
    ]


def evaluate_file(
    path: Path, name: str, registry: LoadedRegistry, national: LoadedBudget | None = None
) -> Evaluation:
    """Load, allocate and check one budget file, its phase ceilings given the bundled
    years and its hints in the command's terms."""
    from gangso_cli.core.loader import load_budget
    from gangso_cli.plan.checks.base import CheckResult
    from gangso_cli.plan.evaluate import evaluate_loaded

    evaluation = evaluate_loaded(
        load_budget(path, display_name=name), registry, national, other_years_from_bundle
    )
    year = evaluation.budget.model.year if evaluation.budget.model is not None else None
    evaluation.results = [
        CheckResult(r.check, cli_hints(r.diagnostics, year)) for r in evaluation.results
    ]
    return evaluation


def evaluated(
    budget: str | None, zones: Path | None, national: str | None = None
) -> tuple[Evaluation, Console, Console]:
    """Load, allocate and check a budget for a command that shows it (a region file
    against the national budget named by ``national``); a file that cannot be read
    exits 2, one that does not load whole exits 1, both after its diagnostics."""
    _zones_hint(zones)
    path, name = resolve_budget(budget)
    registry = registry_or_exit(zones)
    reference = load_reference(national)
    out, err = consoles()
    evaluation = evaluate_file(path, name, registry, reference)
    if reference is not None and reference.diagnostics:
        print_diagnostics(reference.diagnostics, err)
        if reference.model is None:
            say(
                err,
                f"--budget {reference.doc.file}:",
                "cannot check against it; fix the errors above",
            )
            raise typer.Exit(EXIT_USAGE if reference.doc.data is None else EXIT_INVALID)
    if evaluation.unreadable:
        print_diagnostics(evaluation.diagnostics, err)
        raise typer.Exit(EXIT_USAGE)
    if not evaluation.usable:
        print_diagnostics(evaluation.diagnostics, err)
        say(err, f"{evaluation.budget.doc.file}:", "cannot allocate; fix the errors above")
        raise typer.Exit(EXIT_INVALID)
    return evaluation, out, err


def exit_code_for(diagnostics: list[Diagnostic], strict: bool) -> int:
    """Exit 1 on an error, or on a warning with --strict; else 0."""
    from gangso_cli.core.diagnostics import Severity, has_errors

    warned = any(d.severity is Severity.WARNING for d in diagnostics)
    return EXIT_INVALID if has_errors(diagnostics) or (strict and warned) else EXIT_OK


def resolve_zones(wanted: list[str] | None, evaluation: Evaluation) -> set[str] | None:
    """The zone ids that --zone names (ids or Korean names), or None for every zone; a
    zone the budget does not fund is a usage error, a name resolved is said on stderr."""
    if not wanted:
        return None
    assert evaluation.allocation is not None
    funded = [z.zone for z in evaluation.allocation.zones]
    return pick_zones(wanted, funded, evaluation.registry.model, "this budget")


def pick_zones(
    wanted: list[str], funded: list[str], registry: Registry | None, where: str
) -> set[str]:
    """The ids of the zones --zone names among ``funded`` (ids or Korean names); any
    other is a usage error naming ``where`` they were looked for."""
    chosen: set[str] = set()
    for text in wanted:
        zone = registry.find(text) if registry is not None else None
        zone_id = zone.id if zone is not None else text
        if zone_id not in funded:
            hint = None
            if text.endswith((".yaml", ".yml")) or os.sep in text:
                hint = f"--zone takes a zone; to use a registry file say --zones {text}"
            fail_usage(
                f"--zone {text}: not a zone of {where}; choose from {', '.join(funded)}",
                hint=hint,
            )
        if zone_id != text:
            _, err = consoles()
            err.print(
                f"--zone {text}: {zone_id} ({zone.name if zone else ''})", markup=False, emoji=False
            )
        chosen.add(zone_id)
    return chosen


def _build_only(argv: list[str]) -> None:
    """Register only the command being run. Before running one command typer builds
    every command (each signature and its type hints): when the first argument names a
    command, the others are left out of this run (help and errors for that command are
    unchanged; anything else keeps them all)."""
    if len(argv) < 2 or argv[1].startswith("-"):
        return

    def name(info: object) -> str:
        callback = getattr(info, "callback", None)
        given = getattr(info, "name", None)
        return str(given or getattr(callback, "__name__", "")).lower().replace("_", "-")

    chosen = [info for info in app.registered_commands if name(info) == argv[1]]
    if chosen:
        app.registered_commands = chosen


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
    # A Korean Windows console is CP949: write what it cannot encode plainly, never raise.
    encodable(sys.stdout)
    encodable(sys.stderr)
    sys.stdout = PipeGuard(sys.stdout)
    _build_only(sys.argv)
    try:
        app()
    except BrokenPipeError:
        closed_pipe()
