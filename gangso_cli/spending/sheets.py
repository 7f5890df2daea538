"""A ledger file of any kind opened as rows of cells: CSV (its encoding and separator told
from the bytes), a workbook (.xlsx, .xlsm, .xls, .xlsb, .ods, read by python-calamine), or
an HTML table saved with an .xls name (as some public systems export).

Nothing here knows of headers or fields: :mod:`gangso_cli.spending.header` finds the
table, :mod:`gangso_cli.spending.ledger` maps its columns. Every failure of the reader,
at open or part-way, becomes a :class:`SheetError` or :class:`LedgerUnreadable` in the
file's terms: never the reader's own exception.
"""

from __future__ import annotations

import csv
import io
import os
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import IO

__all__ = ["LedgerUnreadable", "Sheet", "SheetError", "open_sheet"]

#: A fresh pass over the sheet's rows from the top, and the number (from 1, as the user
#: sees it) of the row it yielded last.
Rows = tuple[Iterator[Sequence[object]], Callable[[], int]]


class SheetError(Exception):
    """A file that cannot be read as a ledger at all; the message says why, in its terms."""

    def __init__(self, message: str, hint: str | None = None) -> None:
        super().__init__(message)
        self.hint = hint


class LedgerUnreadable(Exception):
    """A ledger that stops being readable part-way (an encoding change, a broken CSV, a
    damaged workbook)."""


@dataclass
class Sheet:
    """One table of a file, readable from the top as often as needed (the header is looked
    for in a first pass, the rows read in a second)."""

    kind: str  #: csv, workbook or html
    name: str  #: the sheet's name ("" for a CSV)
    encoding: str  #: a CSV's encoding; the format otherwise (xlsx, xls, ods, html)
    passes: Callable[[], Rows]
    close: Callable[[], None]
    size: int = 0
    position: Callable[[], int] = lambda: 0
    #: Columns left of the table's first (a workbook's used range may start at column C).
    column_offset: int = 0
    #: The line where a CSV stops decoding (None: it does not, or not a CSV).
    broken: Callable[[], int | None] = lambda: None


def open_sheet(path: str | os.PathLike[str], sheet: str | None = None) -> Sheet:
    """Open a ledger file, told by its content (never by its name alone).

    Raises:
        SheetError: the file cannot be read at all (missing, not a table, damaged).
    """
    try:
        handle = open(path, "rb")  # noqa: SIM115 - the Sheet closes it when read
    except FileNotFoundError:
        raise SheetError("no such file", "check the path") from None
    except IsADirectoryError:
        raise SheetError("this is a directory, not a file") from None
    except OSError as exc:
        raise SheetError(f"cannot read it: {exc.strerror or exc}") from None
    try:
        head = handle.read(65536)
        handle.seek(0)
        if head.startswith((b"PK\x03\x04", b"\xd0\xcf\x11\xe0")):
            return _open_workbook(handle, head, sheet)
        if _is_html(head):
            return _open_html(handle, head)
        if not head.strip():
            raise SheetError("the file is empty", "export the ledger with its header row")
        return _open_csv(handle, head)
    except SheetError:
        handle.close()
        raise


def sniff_encoding(head: bytes) -> str:
    """UTF-8 with a BOM, UTF-16 with one (Excel's "유니코드 텍스트", tab-separated),
    UTF-8, or else CP949 (which reads EUC-KR too)."""
    if head.startswith(b"\xef\xbb\xbf"):
        return "utf-8-sig"
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "utf-16"
    try:
        head.decode("utf-8")
    except UnicodeDecodeError as exc:
        if exc.start < len(head) - 3:  # not just a character cut at the end of the sample
            return "cp949"
    return "utf-8"


def sniff_delimiter(text: str) -> str:
    """Comma, tab or semicolon: a tab anywhere in the first lines makes a TSV (amounts
    keep their commas), else the separator a line uses more of, ``;`` or ``,``."""
    lines = [line for line in text.splitlines()[:30] if line.strip()]
    if any(line.count("\t") >= 2 for line in lines):
        return "\t"
    if any(line.count(";") >= 2 and line.count(";") > line.count(",") for line in lines):
        return ";"
    return ","


def _open_csv(handle: IO[bytes], head: bytes) -> Sheet:
    encoding = sniff_encoding(head)
    try:
        delimiter = sniff_delimiter(head.decode(encoding, errors="replace"))
    except LookupError:  # pragma: no cover - the encodings above all exist
        delimiter = ","
    current: list[io.TextIOWrapper] = []

    def passes() -> Rows:
        if current:
            current.pop().detach()  # the handle stays open for the next pass
        handle.seek(0)
        text = io.TextIOWrapper(handle, encoding=encoding, newline="")
        current.append(text)
        reader = csv.reader(text, delimiter=delimiter)
        # the reader itself: a generator around it would cost a third of a 1M-row run
        return reader, lambda: reader.line_num

    size = os.fstat(handle.fileno()).st_size
    sheet = Sheet("csv", "", encoding, passes, handle.close, size, handle.tell)
    sheet.broken = lambda: _broken_line(handle, encoding)
    return sheet


def _broken_line(handle: IO[bytes], encoding: str) -> int | None:
    """The line where a CSV stops decoding in its encoding, read again line by line: the
    reader decodes in chunks of kilobytes, so its own line lags behind (UTF-16, whose
    lines do not split on a byte, is told to the line its chunk starts)."""
    import codecs

    decoder = codecs.getincrementaldecoder(encoding)()
    position, line = handle.tell(), 1
    handle.seek(0)
    try:
        for chunk in handle:
            line += decoder.decode(chunk).count("\n")
        decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return line
    finally:
        handle.seek(position)
    return None


#: An .xlsx bigger than this (on disk; ~250,000 rows) is streamed by openpyxl's read-only
#: mode: calamine holds a whole sheet in memory (~85 bytes a cell), openpyxl one row.
STREAM_BYTES = 8 * 2**20


def _open_workbook(handle: IO[bytes], head: bytes, wanted: str | None) -> Sheet:
    kind = "xls" if head.startswith(b"\xd0\xcf") else "xlsx"
    size = os.fstat(handle.fileno()).st_size
    if kind == "xlsx" and size > STREAM_BYTES and b"xl/" in head[:65536]:
        return _open_streaming(handle, wanted, size)
    try:
        from python_calamine import CalamineWorkbook

        book = CalamineWorkbook.from_filelike(handle)
        names = list(book.sheet_names)
    except Exception as exc:
        raise SheetError(f"not a readable workbook: {_reason(exc)}", _RESAVE) from None
    if not names:
        raise SheetError("the workbook has no sheet", _RESAVE)
    if wanted is not None and wanted not in names:
        raise SheetError(f"no sheet {wanted!r}; sheets: {', '.join(names)}")
    name = wanted or names[0]
    try:
        table = book.get_sheet_by_name(name)
        start = table.start
    except Exception as exc:
        raise SheetError(f"sheet {name!r} cannot be read: {_reason(exc)}", _RESAVE) from None
    if kind == "xlsx" and b"content.xml" in head[:4096] and b"opendocument" in head[:4096]:
        kind = "ods"

    def passes() -> Rows:
        number = [0]

        def rows() -> Iterator[Sequence[object]]:
            try:
                for cells in table.iter_rows():
                    number[0] += 1
                    yield cells
            except Exception as exc:
                raise LedgerUnreadable(
                    f"row {number[0] + 1} cannot be read: {_reason(exc)}"
                ) from None

        return rows(), lambda: number[0]

    column_offset = start[1] if isinstance(start, tuple) and start else 0
    return Sheet(kind, name, kind, passes, handle.close, column_offset=int(column_offset))


def _open_streaming(handle: IO[bytes], wanted: str | None, size: int) -> Sheet:
    """A big .xlsx, one row at a time (openpyxl's read-only mode): flat memory, slower."""
    try:
        from openpyxl import load_workbook

        book = load_workbook(handle, read_only=True, data_only=True)
        names = list(book.sheetnames)
        if wanted is not None and wanted not in names:
            raise SheetError(f"no sheet {wanted!r}; sheets: {', '.join(names)}")
        sheet = book[wanted or names[0]]
    except SheetError:
        raise
    except Exception as exc:  # any reader failure is the file's problem
        raise SheetError(f"not a readable workbook: {_reason(exc)}", _RESAVE) from None

    def passes() -> Rows:
        number = [0]

        def rows() -> Iterator[Sequence[object]]:
            try:
                for cells in sheet.iter_rows(values_only=True):
                    number[0] += 1
                    yield ["" if c is None else c for c in cells]
            except Exception as exc:  # a damaged row, XML or zip member
                raise LedgerUnreadable(
                    f"row {number[0] + 1} cannot be read: {_reason(exc)}"
                ) from None

        return rows(), lambda: number[0]

    return Sheet("xlsx", sheet.title, "xlsx", passes, handle.close, size, handle.tell)


_RESAVE = "open it in Excel and save it again as .xlsx, or export the ledger as CSV"


def _reason(exc: BaseException) -> str:
    """A reader's exception as one short line (its class when it says nothing); the
    reader's "Cannot detect file format" said as what it means for the file."""
    text = " ".join(str(exc).split())
    if text.lower().startswith("cannot detect file format"):
        return "it is damaged, or its content is not a .xlsx, .xls, .xlsb or .ods"
    return (text[:160] + "…" if len(text) > 160 else text) or type(exc).__name__


def _is_html(head: bytes) -> bool:
    start = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    return start.startswith((b"<!doctype html", b"<html", b"<table", b"<meta", b"<?xml")) and (
        b"<table" in head.lower()
    )


def _open_html(handle: IO[bytes], head: bytes) -> Sheet:
    """An HTML table saved as .xls: its first table's rows, cells as text."""
    from gangso_cli.spending.htmltable import html_rows

    data = handle.read()
    handle.close()
    lowered = head.lower()
    encoding = "cp949" if b"euc-kr" in lowered or b"ks_c_5601" in lowered else ""
    if not encoding:
        encoding = "cp949" if sniff_encoding(data[:65536]) == "cp949" else "utf-8-sig"
    try:
        table = html_rows(data.decode(encoding, errors="replace"))
    except Exception as exc:  # any parser failure is the file's problem, never a traceback
        raise SheetError(f"not a readable HTML table: {_reason(exc)}", _RESAVE) from None
    if not table:
        raise SheetError("an HTML page with no table rows (saved as a spreadsheet?)", _RESAVE)

    def passes() -> Rows:
        number = [0]

        def rows() -> Iterator[Sequence[object]]:
            for cells in table:
                number[0] += 1
                yield cells

        return rows(), lambda: number[0]

    return Sheet("html", "", "html", passes, lambda: None, len(data))
