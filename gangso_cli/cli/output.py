"""Where the CLI's output goes: consoles for any encoding, pipes and files, tables that
are never cut, machine formats as exact UTF-8, and a verdict kept when a pipe closes."""

from __future__ import annotations

import codecs
import contextlib
import os
import sys
from typing import TYPE_CHECKING, NoReturn, TextIO

if TYPE_CHECKING:
    from rich.console import Console, RenderableType

    from gangso_cli.core.diagnostics import Diagnostic

__all__ = [
    "PipeGuard",
    "closed_pipe",
    "consoles",
    "emit",
    "encodable",
    "print_diagnostics",
    "say",
    "set_exit_code",
    "show",
]

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


def encodable(stream: TextIO) -> TextIO:
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
_verdict = {"code": 0}


def set_exit_code(code: int) -> None:
    """Record the command's verdict before printing, for a pipe closed early."""
    _verdict["code"] = code


def closed_pipe() -> NoReturn:
    # Python's advice for SIGPIPE: point stdout at devnull so the interpreter's final
    # flush cannot fail again, then leave with the verdict already reached.
    devnull = os.open(os.devnull, os.O_WRONLY)
    with contextlib.suppress(OSError, ValueError):  # no real file descriptor (tests)
        os.dup2(devnull, sys.stdout.fileno())
    raise SystemExit(_verdict["code"])


class PipeGuard:
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
            closed_pipe()

    def flush(self) -> None:
        try:
            self._stream.flush()
        except BrokenPipeError:
            closed_pipe()


#: The width of a console that is a pipe or a file: tables are never cut to fit.
_UNLIMITED = 100_000


def emit(data: str | bytes) -> None:
    """Write a machine format (JSON, annotations, CSV, a YAML file) to stdout: exact UTF-8
    into a pipe or a file, whatever the console's encoding; on a terminal, what the
    console can show (see :func:`encodable`)."""
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
        closed_pipe()


def consoles() -> tuple[Console, Console]:
    """The consoles of a command: results to stdout, diagnostics and notes to stderr.

    On a terminal tables fit its width; into a pipe or a file they are never cut and
    carry no trailing spaces. Symbols the console cannot encode are written plainly.
    """
    from rich.console import Console

    class _Console(Console):
        def on_broken_pipe(self) -> None:
            self.quiet = True
            closed_pipe()

    stdout, stderr = encodable(sys.stdout), encodable(sys.stderr)
    if stdout.isatty():
        out = _Console(file=stdout, highlight=False)
    elif "COLUMNS" in os.environ:  # a pipe of a width the user set: no padding either
        out = _Console(file=_TrimmedLines(stdout), highlight=False)  # type: ignore[arg-type]
    else:
        out = _Console(file=_TrimmedLines(stdout), width=_UNLIMITED, highlight=False)  # type: ignore[arg-type]
    return out, _Console(file=stderr, highlight=False)


def show(out: Console, err: Console, renderable: RenderableType) -> None:
    """Print a table whole: text columns wrap to fit the terminal; a view whose figures
    alone are too wide is split into blocks of columns, each naming its rows' zone; when
    even one figure beside those does not fit, the table keeps its width (figures are never
    cut) and stderr says so."""
    _show_table(out, err, renderable)
    notes: tuple[str, ...] = getattr(renderable, "notes", ())  # a view's sources, numbered
    if notes:
        from rich.text import Text

        for n, note in enumerate(notes, 1):
            out.print(Text(f"[{n}] {note}"), overflow="fold")


def _show_table(out: Console, err: Console, renderable: RenderableType) -> None:
    natural = getattr(renderable, "natural_width", None)  # a view table knows its width
    if out.width >= _UNLIMITED or (natural is not None and natural <= out.width):
        out.print(renderable)  # a pipe, a file, or a table that fits: nothing to measure
        return
    from gangso_cli.render.terminal import ViewRenderable, min_width

    if isinstance(renderable, ViewRenderable):
        blocks = renderable.blocks(out.width)
        if len(blocks) > 1:  # figures too wide for one table: blocks of columns
            for block in blocks:
                _show_table(out, err, block)
            return

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
