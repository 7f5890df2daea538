"""The typer app and what its commands share: consoles, options, exit codes."""

from __future__ import annotations

import codecs
import contextlib
import enum
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, BinaryIO, NoReturn, TextIO

import typer

from gangso_cli import __version__

if TYPE_CHECKING:
    from rich.console import Console, RenderableType

    from gangso_cli.diagnostics import Diagnostic
    from gangso_cli.evaluate import Evaluation
    from gangso_cli.loader import LoadedBudget

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
    "consoles",
    "emit",
    "evaluated",
    "exit_code_for",
    "fail_usage",
    "load_reference",
    "main",
    "print_diagnostics",
    "resolve_budget",
    "resolve_zones",
    "say",
    "set_exit_code",
    "show",
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
        help="Write here instead of to stdout (the safe way on any console).",
        show_default=False,
    ),
]
ForceOption = Annotated[bool, typer.Option("--force", help="Overwrite an existing file.")]
StrictOption = Annotated[
    bool, typer.Option("--strict", help="Fail (exit 1) on warnings too, not only on errors.")
]

# --- consoles: any encoding, pipes and files --------------------------------------------

#: Plain stand-ins for symbols a console's encoding may lack (CP949, EUC-KR, CP1252).
_FALLBACK = {
    "✓": "OK", "✗": "x", "—": "-", "–": "-", "―": "-", "█": "#", "○": "o", "…": "...",
    "≠": "!=", "≤": "<=", "≥": ">=", "×": "x", "·": ".", "━": "=", "─": "-", "㎢": "km2",
    "→": "->", "Σ": "sum", "±": "+/-",
}  # fmt: skip
_ERRORS = "gangso-fallback"


def _fallback(error: UnicodeError) -> tuple[str, int]:
    if not isinstance(error, UnicodeEncodeError):
        raise error
    text = error.object[error.start : error.end]
    return "".join(_FALLBACK.get(ch, "?") for ch in text), error.end


codecs.register_error(_ERRORS, _fallback)


def _encodable(stream: TextIO) -> TextIO:
    """Make a text stream write what its encoding cannot with plain stand-ins."""
    reconfigure = getattr(stream, "reconfigure", None)
    encoding = (getattr(stream, "encoding", None) or "utf-8").lower().replace("_", "-")
    if reconfigure is not None and not encoding.startswith("utf"):
        reconfigure(errors=_ERRORS)
    return stream


class _TrimmedLines:
    """A file-like writer for pipes and files: whole lines, no trailing spaces (tables
    pad every cell; a report saved to a file should not carry that padding)."""

    def __init__(self, stream: TextIO) -> None:
        self._stream = stream
        self._pending = ""

    @property
    def encoding(self) -> str:
        return getattr(self._stream, "encoding", None) or "utf-8"

    def write(self, text: str) -> int:
        *lines, self._pending = (self._pending + text).split("\n")
        if lines:
            self._stream.write("".join(line.rstrip(" ") + "\n" for line in lines))
        return len(text)

    def flush(self) -> None:
        if self._pending:
            self._stream.write(self._pending.rstrip(" "))
            self._pending = ""
        self._stream.flush()

    def isatty(self) -> bool:
        return False

    def fileno(self) -> int:
        return self._stream.fileno()


#: The exit code a command has settled on before it prints: a reader that closes the
#: pipe early (`gangso validate … | head`) must not turn a verdict into another.
_verdict = {"code": EXIT_OK}


def set_exit_code(code: int) -> None:
    """Record the command's verdict before printing, for a pipe closed early."""
    _verdict["code"] = code


def _closed_pipe() -> NoReturn:
    # Python's advice for SIGPIPE: point stdout at devnull so the interpreter's final
    # flush cannot fail again, then leave with the verdict already reached.
    devnull = os.open(os.devnull, os.O_WRONLY)
    with contextlib.suppress(OSError, ValueError):  # no real file descriptor (tests)
        os.dup2(devnull, sys.stdout.fileno())
    raise SystemExit(_verdict["code"])


class _PipeGuard:
    """stdout, except that a reader closing the pipe ends the run with its verdict
    (click would turn it into exit 1, which reads as a failed check)."""

    def __init__(self, stream: TextIO) -> None:
        self._stream = stream

    def __getattr__(self, name: str) -> object:
        return getattr(self._stream, name)

    def write(self, text: str) -> int:
        try:
            return self._stream.write(text)
        except BrokenPipeError:
            _closed_pipe()

    def flush(self) -> None:
        try:
            self._stream.flush()
        except BrokenPipeError:
            _closed_pipe()


#: The width of a console that is a pipe or a file: tables are never cut to fit.
_UNLIMITED = 100_000


def emit(data: str | bytes) -> None:
    """Write a machine format (JSON, annotations, CSV, a YAML file) to stdout: exact UTF-8
    into a pipe or a file, whatever the console's encoding; on a terminal, what the
    console can show (see :func:`_encodable`)."""
    stream = sys.stdout
    buffer = getattr(stream, "buffer", None)
    try:
        if isinstance(data, str) and (buffer is None or stream.isatty()):
            stream.write(data)
            stream.flush()
            return
        assert buffer is not None
        stream.flush()
        buffer.write(data.encode("utf-8") if isinstance(data, str) else data)
        buffer.flush()
    except BrokenPipeError:
        _closed_pipe()


def consoles() -> tuple[Console, Console]:
    """The consoles of a command: results to stdout, diagnostics and notes to stderr.

    On a terminal tables fit its width; into a pipe or a file they are never cut and
    carry no trailing spaces. Symbols the console cannot encode are written plainly.
    """
    from rich.console import Console

    class _Console(Console):
        def on_broken_pipe(self) -> None:
            self.quiet = True
            _closed_pipe()

    stdout, stderr = _encodable(sys.stdout), _encodable(sys.stderr)
    if stdout.isatty() or "COLUMNS" in os.environ:
        out = _Console(file=stdout, highlight=False)
    else:
        out = _Console(file=_TrimmedLines(stdout), width=_UNLIMITED, highlight=False)  # type: ignore[arg-type]
    return out, _Console(file=stderr, highlight=False)


def show(out: Console, err: Console, renderable: RenderableType) -> None:
    """Print a table whole: text columns wrap to fit the terminal; when even that cannot
    fit, the table keeps its width (figures are never cut) and stderr says so."""
    if out.width >= _UNLIMITED:  # a pipe or a file: nothing to fit (and measuring costs)
        out.print(renderable)
        return
    from gangso_cli.render.terminal import min_width

    needed = min_width(out, renderable)
    if needed > out.width:
        err.print(
            f"note: this table needs {needed} columns and the terminal has {out.width}; "
            "widen it, or use a larger --unit",
            soft_wrap=True,
        )
        width = out.width
        out.width = needed  # Console.print(width=) never goes past the console's own
        try:
            out.print(renderable, crop=False)
        finally:
            out.width = width
    else:
        out.print(renderable)


def print_diagnostics(diagnostics: list[Diagnostic], console: Console) -> None:
    """Print diagnostics as ``file:line:col: severity[check] message`` with hints."""
    from gangso_cli.render.terminal import diagnostic_text

    for diagnostic in diagnostics:
        console.print(diagnostic_text(diagnostic), soft_wrap=True)


def say(console: Console, lead: str, message: str, style: str = "bold red") -> None:
    """One line: a styled lead and the message, both as plain text (a file name with
    brackets is never read as Rich markup)."""
    from rich.text import Text

    console.print(Text.assemble((lead, style), " ", message), soft_wrap=True)


def fail_usage(message: str, hint: str | None = None) -> NoReturn:
    """A usage error: one line on stderr (and a hint), exit 2."""
    _, err = consoles()
    say(err, "error:", message, "bold red")
    if hint:
        err.print(f"  hint: {hint}", soft_wrap=True, markup=False)
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
    err.print(f"wrote {path}", soft_wrap=True, markup=False)


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

    Every command reads the bundled data (registry and the latest national budget) when
    no file is named; `gangso data` writes them out to read or edit.
    """


def resolve_budget(ref: str | None, option: str = "BUDGET") -> tuple[Path, str]:
    """The file and display name of a budget given as a path or a year; a year with no
    bundled budget is a usage error listing the years there are."""
    from gangso_cli.loader import budget_source, bundled_years

    source = budget_source(ref)
    if source is None:
        years = ", ".join(str(y) for y in bundled_years())
        fail_usage(
            f"{option} {ref}: no budget of that year is bundled; bundled years: {years}",
            hint="or name a budget file",
        )
    return source


def budget_or_year(budget: str | None, year: int | None) -> str | None:
    """BUDGET and --year name the same thing: at most one may be given. With neither,
    stderr says which bundled year is used (the latest)."""
    if budget is not None and year is not None:
        fail_usage(f"give a budget file or --year, not both (got {budget} and --year {year})")
    if year is not None:
        resolve_budget(str(year), "--year")  # an unbundled year: a usage error saying --year
        return str(year)
    if budget is None:
        from gangso_cli.loader import bundled_years

        latest = bundled_years()[-1]
        _, err = consoles()
        err.print(
            f"note: the bundled {latest} budget (the latest bundled year; --year to choose)",
            markup=False,
        )
    return budget


def _zones_hint(zones: Path | None) -> None:
    """A --zones value that looks like a zone, not a file: the user meant --zone."""
    if zones is not None and not zones.exists() and zones.suffix == "":
        fail_usage(
            f"--zones {zones}: no such file",
            hint=f"--zones names the registry file; to show one zone use --zone {zones}",
        )


def load_reference(ref: str | None) -> LoadedBudget | None:
    """The national budget named by --budget (a file or a year), loaded; None if absent."""
    from gangso_cli.loader import load_budget

    if ref is None:
        return None
    path, name = resolve_budget(ref, "--budget")
    return load_budget(path, display_name=name)


def evaluated(
    budget: str | None, zones: Path | None, national: str | None = None
) -> tuple[Evaluation, Console, Console]:
    """Load, allocate and check a budget for a command that shows it; a file that cannot
    be read exits 2, one that does not load whole exits 1, both after its diagnostics."""
    from gangso_cli.evaluate import evaluate_loaded
    from gangso_cli.loader import load_budget, load_registry

    _zones_hint(zones)
    path, name = resolve_budget(budget)
    reference = load_reference(national)
    out, err = consoles()
    registry = load_registry(zones)
    evaluation = evaluate_loaded(
        load_budget(path, display_name=name),
        registry,
        reference.model if reference is not None else None,
    )
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
    from gangso_cli.diagnostics import Severity, has_errors

    warned = any(d.severity is Severity.WARNING for d in diagnostics)
    return EXIT_INVALID if has_errors(diagnostics) or (strict and warned) else EXIT_OK


def resolve_zones(wanted: list[str] | None, evaluation: Evaluation) -> set[str] | None:
    """The zone ids that --zone names (ids or Korean names), or None for every zone; a
    zone the budget does not fund is a usage error, a name resolved is said on stderr."""
    if not wanted:
        return None
    assert evaluation.allocation is not None
    funded = [z.zone for z in evaluation.allocation.zones]
    registry = evaluation.registry.model
    chosen: set[str] = set()
    for text in wanted:
        zone = registry.find(text) if registry is not None else None
        zone_id = zone.id if zone is not None else text
        if zone_id not in funded:
            hint = None
            if text.endswith((".yaml", ".yml")) or os.sep in text:
                hint = f"--zone takes a zone; to use a registry file say --zones {text}"
            fail_usage(
                f"--zone {text}: not a zone of this budget; choose from {', '.join(funded)}",
                hint=hint,
            )
        if zone_id != text:
            _, err = consoles()
            err.print(f"--zone {text}: {zone_id} ({zone.name if zone else ''})", markup=False)
        chosen.add(zone_id)
    return chosen


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
    _encodable(sys.stdout)
    _encodable(sys.stderr)
    sys.stdout = _PipeGuard(sys.stdout)
    try:
        app()
    except BrokenPipeError:
        _closed_pipe()
