"""What the report commands (export, envelopes, history, execution, close) share: formats,
files, stdout, and the lines that say what a spending report left out."""

from __future__ import annotations

import enum
import os
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, BinaryIO

import typer

from gangso_cli.cli.app import fail_usage, write_file
from gangso_cli.cli.output import emit

if TYPE_CHECKING:
    from rich.console import Console

    from gangso_cli.core.diagnostics import Diagnostic
    from gangso_cli.core.money import DisplayUnit
    from gangso_cli.core.table import ViewTable
    from gangso_cli.spending.accounts import Rejected

__all__ = [
    "EXTENSIONS",
    "Encoding",
    "EncodingOption",
    "FormatOption",
    "ReportFormat",
    "ReportOutputOption",
    "check_file_options",
    "chosen_format",
    "csv_bytes",
    "deliver",
    "not_counted",
    "report_format",
    "summary",
    "write_report",
]


class ReportFormat(enum.StrEnum):
    """Formats a report can be written in; ``text`` is the terminal."""

    text = "text"
    csv = "csv"
    xlsx = "xlsx"
    json = "json"
    html = "html"


class Encoding(enum.StrEnum):
    """CSV encodings."""

    utf8 = "utf-8"
    utf8_nobom = "utf-8-nobom"
    cp949 = "cp949"


EncodingOption = Annotated[
    Encoding,
    typer.Option(
        "--encoding",
        metavar="ENCODING",
        help="CSV: utf-8 (with a BOM, for Excel), utf-8-nobom or cp949.",
    ),
]

FormatOption = Annotated[
    ReportFormat | None,
    typer.Option(
        "--format",
        "-f",
        metavar="FORMAT",
        help="text (the terminal), csv, xlsx, json or html. Default: from -o, else text.",
        show_default=False,
    ),
]
ReportOutputOption = Annotated[
    str | None,
    typer.Option(
        "--output",
        "-o",
        metavar="FILE",
        help="Write the report here (- for stdout). Default: the terminal, or stdout for "
        "--format csv/json/html.",
        show_default=False,
    ),
]


EXTENSIONS = {".csv": "csv", ".xlsx": "xlsx", ".json": "json", ".html": "html", ".htm": "html"}


def report_format(output: str | None, chosen: str | None) -> str:
    """The format to write: ``--format``, else the extension of ``-o``; the two must
    agree. ``text`` when neither says (the terminal)."""
    if output and output != "-" and (output.endswith(("/", os.sep)) or Path(output).is_dir()):
        fail_usage(f"{output} is a folder; name the file, e.g. -o {Path(output) / 'report.xlsx'}")
    implied = EXTENSIONS.get(Path(output).suffix.lower()) if output and output != "-" else None
    if chosen is not None:
        if implied is not None and implied != chosen:
            fail_usage(
                f"-o {output} says {implied} but --format says {chosen}",
                hint=f"name the file .{chosen}, or drop --format",
            )
        if chosen == "text" and output:
            fail_usage("text is for the terminal; -o takes csv, xlsx, json or html")
        return chosen
    if output and implied is None:
        fail_usage(f"cannot tell the format of {output!r}; pass --format csv|xlsx|json|html")
    return implied or "text"


def deliver(output: str | None, data: bytes | Callable[[BinaryIO], None], *, force: bool) -> None:
    """Write a report to ``-o FILE``, or to stdout when there is no file or it is ``-``
    (exact UTF-8 bytes into a pipe); binary data needs a file."""
    if output and output != "-":
        write_file(Path(output), data, force=force)
        return
    if not isinstance(data, bytes):
        fail_usage("xlsx is binary: write it to a file with -o FILE.xlsx")
    emit(data)


def csv_bytes(view: ViewTable, encoding: Encoding) -> bytes:
    """One view as CSV bytes; a character the encoding cannot write is a usage error."""
    from gangso_cli.render.csv_writer import UnencodableError, view_csv

    try:
        return view_csv(view, encoding.value)
    except UnencodableError as exc:  # the library says UTF-8; the flag is the CLI's word
        fail_usage(str(exc), hint="use --encoding utf-8 (Excel reads it, with its BOM)")


def check_file_options(fmt: str, output: str | None, encoding: Encoding, unit: str) -> None:
    """Refuse options that do not go with the format: ``--encoding`` is for csv; xlsx is
    binary (a file, never stdout) and shows only units Excel can scale to without
    changing the stored won."""
    if fmt != "csv" and encoding is not Encoding.utf8:
        fail_usage("--encoding is for csv")
    if fmt == "xlsx" and output in (None, "", "-"):
        fail_usage("xlsx is binary: write it to a file with -o FILE.xlsx")
    if fmt == "xlsx" and unit in ("만원", "억원"):
        fail_usage(
            f"xlsx cannot show {unit} without changing the stored won (Excel scales only by "
            "thousands)",
            hint="use --unit 천원 or 백만원, or the HTML report for 만원 and 억원",
        )


def chosen_format(
    output: str | None,
    output_format: ReportFormat | None,
    encoding: Encoding,
    view: object,
    unit: str,
) -> str:
    """The report's format, refusing options that do not go with it (see
    :func:`check_file_options`); xlsx, html and json hold every view (``--view`` is for
    text and csv)."""
    fmt = report_format(output, output_format.value if output_format else None)
    check_file_options(fmt, output, encoding, unit)
    if fmt in ("xlsx", "html", "json") and view is not None:
        fail_usage(f"{fmt} holds every view; --view is for the terminal and csv")
    return fmt


def write_report(
    fmt: str,
    output: str | None,
    *,
    force: bool,
    sheets: Sequence[ViewTable],
    csv_view: ViewTable,
    encoding: Encoding,
    json: Callable[[], str],
    html: Callable[[], str],
    unit: DisplayUnit,
    source: str,
) -> None:
    """Write a report in a file format (csv: one view; xlsx: a sheet per view; json and
    html as their writers make them) to ``-o FILE`` or stdout."""
    data: bytes | Callable[[BinaryIO], None]
    if fmt == "csv":
        data = csv_bytes(csv_view, encoding)
    elif fmt == "json":
        data = json().encode()
    elif fmt == "html":
        data = html().encode()
    else:
        from gangso_cli.render.xlsx import write_xlsx

        def data(handle: BinaryIO) -> None:
            write_xlsx(handle, list(sheets), unit, source)

    deliver(output, data, force=force)


def summary(
    err: Console,
    rows: int,
    diagnostics: list[Diagnostic],
    rejected: Rejected | None = None,
    entries: int | None = None,
) -> None:
    """One line on stderr: rows read (and the entries they gave, where a row of funds as
    amount columns gave one per fund), errors and warnings, and what was not counted."""
    from gangso_cli.core.diagnostics import Severity
    from gangso_cli.render.report import count_of

    errors = sum(1 for d in diagnostics if d.severity is Severity.ERROR)
    warnings = len(diagnostics) - errors
    split = entries is not None and entries != rows
    fund_entries = f" ({count_of(entries or 0, 'fund entry', 'fund entries')})" if split else ""
    line = (
        f"{count_of(rows, 'ledger row')} read{fund_entries}: "
        f"{count_of(errors, 'error')}, {count_of(warnings, 'warning')}"
    )
    note = rejected.note() if rejected is not None else None
    err.print(line + (f"; {note}" if note else ""), markup=False, emoji=False, soft_wrap=True)


def not_counted(out: Console, rejected: Rejected) -> None:
    """The footer under a report on the terminal when rows were left out: a partial
    result never looks whole."""
    from rich.text import Text

    note = rejected.note()
    if note:
        out.print(Text(f"{note} — see the errors below", style="bold yellow"), soft_wrap=True)
