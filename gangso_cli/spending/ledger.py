"""Spending ledgers as the systems export them (e나라도움, 보탬e, 이지바로, RCMS): CSV in
UTF-8 (with or without a BOM) or CP949/EUC-KR, or XLSX; Korean headers; amounts with
commas in 원 or 천원; refunds and cancellations (반납, 취소) as negative amounts.

Reading streams: rows come one at a time (an XLSX through openpyxl's read-only mode), so
a ledger of any length is read in constant memory. This module only reads and parses
cells; :mod:`gangso_cli.spending.match` matches rows to the budget and adds them up.
"""

from __future__ import annotations

import csv
import io
import os
import re
import unicodedata
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import IO, Literal

from gangso_cli.core.cells import CellError, cell_text, parse_date
from gangso_cli.core.diagnostics import Diagnostic, Severity, SourceLocation
from gangso_cli.core.yamlsource import UNREADABLE

__all__ = [
    "FIELDS",
    "HEADER_ALIASES",
    "REQUIRED",
    "UNIT_GIVEN_HINT",
    "AmountUnit",
    "CellError",
    "Ledger",
    "cell_text",
    "open_ledger",
    "parse_date",
    "parse_fund",
    "parse_ledger_amount",
    "read_column_map",
]

#: What a ledger column can hold; the first five are required.
FIELDS = ("date", "zone", "program", "fund", "amount", "memo", "category", "stage")
REQUIRED = ("date", "zone", "program", "fund", "amount")

#: Headers understood as they are (compared without spaces, and without a unit in
#: brackets: ``집행금액(천원)`` is 집행금액 in 천원).
HEADER_ALIASES: dict[str, tuple[str, ...]] = {
    "date": ("집행일자", "일자", "집행일", "지출일자", "거래일자", "결의일자", "지급일자", "date"),
    "zone": ("특구", "특구명", "특구id", "zone", "zone_id"),
    "program": (
        "세부사업",
        "세부사업명",
        "사업명",
        "내역사업",
        "내역사업명",
        "프로그램",
        "program",
    ),
    "fund": ("재원", "재원구분", "재원명", "fund"),
    "amount": ("집행금액", "금액", "집행액", "지출금액", "지급금액", "amount", "amount_won"),
    "memo": ("적요", "내용", "비고", "memo"),
    "category": ("비목", "세목", "비목명", "category"),
    "stage": ("단계", "단계id", "stage", "stage_id"),
}
_BY_HEADER = {alias.lower(): name for name, aliases in HEADER_ALIASES.items() for alias in aliases}
_UNIT_IN_HEADER = re.compile(r"[(\[（［]\s*(천원|원|백만원)\s*[)\]）］]$")

AmountUnit = Literal["원", "천원"]
_UNIT_WON = {"원": 1, "천원": 1000, "백만원": 1_000_000}

#: The hint when the amount header states a unit other than the one given for the file
#: (a command adds how the unit was given).
UNIT_GIVEN_HINT = "correct the header, or give no unit for the amounts"

#: 재원 as ledgers write it: 국비, or the local government's funds by level (도비, 시비…).
_FUNDS = {
    "국비": "national",
    "national": "national",
    "지방비": "local",
    "local": "local",
    "도비": "local",
    "시비": "local",
    "군비": "local",
    "구비": "local",
    "시도비": "local",
    "시군구비": "local",
}


def parse_fund(text: str) -> str:
    """국비 → ``national``; 지방비 (or 도비, 시비, 군비, 구비) → ``local``."""
    key = "".join(text.split()).lower()
    try:
        return _FUNDS[key]
    except KeyError:
        raise CellError(
            f"재원 {text!r} is not a fund of the budget; write 국비 or 지방비 (도비, 시비, "
            "군비 and 구비 count as 지방비)"
        ) from None


_NEGATIVE_MARKS = ("-", "−", "△", "▲")


def parse_ledger_amount(value: object, unit: int) -> int:
    """An amount as ledgers write it, in won: ``1,234,000``, ``-50,000`` (a refund),
    ``△50,000`` or ``(50,000)`` (negative, as accounts write it), or a number cell;
    ``unit`` is 1 for 원 or 1,000 for 천원 (then ``1,234.5`` is 1,234,500원). A unit in
    the cell itself (``1,234천원``, ``1,234원``) wins over the column's."""
    if isinstance(value, bool):
        raise CellError("a yes/no cell is not an amount")
    if isinstance(value, int):
        return value * unit
    if isinstance(value, float):
        number = Decimal(repr(value))
    else:
        text = unicodedata.normalize("NFKC", str(value)).strip().replace(",", "")
        # a unit written in the cell wins over the column's: 1,234천원, 1,234원
        if text.endswith("천원"):
            text, unit = text[:-2].strip(), 1000
        elif text.endswith("원"):
            text, unit = text[:-1].strip(), 1
        negative = False
        if text.startswith("(") and text.endswith(")"):
            negative, text = True, text[1:-1].strip()
        if text.startswith(_NEGATIVE_MARKS):
            negative, text = not negative, text[1:].strip()
        if not text or not text.replace(".", "", 1).isdigit():
            raise CellError(f"{str(value).strip()!r} is not an amount; write e.g. 1,234,000")
        try:
            number = Decimal(text)
        except InvalidOperation:  # pragma: no cover - the check above admits only digits
            raise CellError(f"{value!r} is not an amount") from None
        number = -number if negative else number
    won = number * unit
    if won != won.to_integral_value():
        what = "천원 to a whole won" if unit == 1000 else "a whole number of won"
        raise CellError(f"{value} is not {what}")
    return int(won)


@dataclass
class Ledger:
    """An open ledger: where each field's column is, and an iterator over its rows.

    ``rows`` yields each row's cells: strings (a CSV) or values (an XLSX: numbers and
    dates stay typed; empty cells are ""), blank rows included. ``row_number()`` is the
    number of the row last yielded as the file's user sees it: the line of a CSV (a cell
    with a line break keeps it true), the row of a sheet.
    """

    file: str
    sheet: str
    columns: dict[str, int]
    unit: int
    rows: Iterator[Sequence[object]]
    row_number: Callable[[], int]
    diagnostics: list[Diagnostic] = field(default_factory=list)
    encoding: str = ""
    _close: IO[bytes] | IO[str] | None = None
    #: The file's size and how many of its bytes were read so far (for a progress bar).
    size: int = 0
    position: Callable[[], int] = lambda: 0

    def location(self, row: int, column: str | None = None) -> SourceLocation:
        """Where a row (and a field's column, 1-based) sits: ``file:row`` of a CSV,
        ``file:sheet:row`` of an XLSX."""
        col = self.columns[column] + 1 if column is not None and column in self.columns else 0
        return SourceLocation(self.file, row, col, sheet=self.sheet)

    def close(self) -> None:
        """Release the file."""
        if self._close is not None:
            self._close.close()


def read_column_map(path: str | os.PathLike[str]) -> tuple[dict[str, str], list[Diagnostic]]:
    """A column map: a small YAML file of ``HEADER: FIELD`` lines (``지출일: date``) for
    ledgers whose headers the aliases do not know; every line that names no field is a
    located problem."""
    from gangso_cli.core.yamlsource import read_yaml_file

    doc = read_yaml_file(path)
    data = doc.data
    problems = list(doc.diagnostics)
    if not problems and not isinstance(data, dict):
        problems.append(doc.error("column-map", "a column map is HEADER: FIELD lines"))
    for header, name in (data or {}).items() if isinstance(data, dict) else ():
        if name not in FIELDS:
            problems.append(
                doc.error(
                    "column-map",
                    f"{header}: {name!r} is not a field",
                    (header,),
                    hint="fields: " + ", ".join(FIELDS),
                )
            )
    if problems or not isinstance(data, dict):
        return {}, problems
    return {str(header).strip(): str(name) for header, name in data.items()}, problems


def _header_field(header: str) -> tuple[str | None, str | None]:
    """The field a header names, and the unit it states (``집행금액(천원)``)."""
    text = "".join(unicodedata.normalize("NFKC", str(header or "")).split()).lstrip("\ufeff")
    unit = None
    found = _UNIT_IN_HEADER.search(text)
    if found:
        unit, text = found.group(1), text[: found.start()]
    return _BY_HEADER.get(text.lower()), unit


def _columns(
    headers: Sequence[object],
    mapping: dict[str, str],
    file: str,
    sheet: str,
    amount_unit: AmountUnit | None,
) -> tuple[dict[str, int], int, list[Diagnostic]]:
    """Map the header row to fields; every missing or doubled column is a diagnostic."""
    columns: dict[str, int] = {}
    problems: list[Diagnostic] = []
    unit_stated: str | None = None
    where = SourceLocation(file, 1, 0, sheet=sheet)
    for i, header in enumerate(headers):
        text = str(header or "").strip()
        name, stated = (mapping[text], None) if text in mapping else _header_field(text)
        if name is None:
            continue
        if name in columns:
            problems.append(
                Diagnostic(
                    "ledger-header",
                    f"two columns hold {name}: {headers[columns[name]]!r} and {text!r}",
                    SourceLocation(file, 1, i + 1, sheet=sheet),
                    hint="rename one, or map one of them to another field",
                )
            )
            continue
        columns[name] = i
        if name == "amount" and stated:
            unit_stated = stated
    missing = [name for name in REQUIRED if name not in columns]
    if missing:
        names = ", ".join(f"{m} ({HEADER_ALIASES[m][0]})" for m in missing)
        problems.append(
            Diagnostic(
                "ledger-header",
                f"no column for {names}; the header row has: "
                + ", ".join(repr(str(h)) for h in headers if h not in (None, "")),
                where,
                hint=f"name the columns as the README lists, or map a header to {missing[0]}",
            )
        )
    if unit_stated and amount_unit and unit_stated != amount_unit:
        problems.append(
            Diagnostic(
                "ledger-header",
                f"the amount column says {unit_stated} but its unit was given as {amount_unit}",
                SourceLocation(file, 1, columns["amount"] + 1, sheet=sheet),
                hint=UNIT_GIVEN_HINT,
            )
        )
    return columns, _UNIT_WON[unit_stated or amount_unit or "원"], problems


def _sniff_encoding(head: bytes) -> str:
    """UTF-8 with a BOM, UTF-8, or else CP949 (which reads EUC-KR too)."""
    if head.startswith(b"\xef\xbb\xbf"):
        return "utf-8-sig"
    try:
        head.decode("utf-8")
    except UnicodeDecodeError as exc:
        if exc.start < len(head) - 3:  # not just a character cut at the end of the sample
            return "cp949"
    return "utf-8"


def _unreadable(file: str, message: str, hint: str | None = None) -> Ledger:
    problem = Diagnostic(UNREADABLE, message, SourceLocation(file), hint)
    return Ledger(file, "", {}, 1, iter(()), lambda: 0, [problem])


def open_ledger(
    path: str | os.PathLike[str],
    *,
    amount_unit: AmountUnit | None = None,
    mapping: dict[str, str] | None = None,
    sheet: str | None = None,
    display_name: str | None = None,
) -> Ledger:
    """Open a ledger (CSV or XLSX, told by its content) and map its header row.

    Args:
        path: the file.
        amount_unit: 원 or 천원 when the amount header does not say (default 원).
        mapping: header → field, for layouts the aliases do not cover.
        sheet: the XLSX sheet (default: the first).
        display_name: how diagnostics name the file.
    """
    file = display_name or os.fspath(path)
    try:
        handle = open(path, "rb")  # noqa: SIM115 - the Ledger closes it when read
    except FileNotFoundError:
        return _unreadable(file, "no such file", "check the path")
    except IsADirectoryError:
        return _unreadable(file, "this is a directory, not a file")
    except OSError as exc:
        return _unreadable(file, f"cannot read it: {exc.strerror or exc}")
    head = handle.read(65536)
    handle.seek(0)
    if head.startswith(b"PK\x03\x04"):
        return _open_xlsx(handle, file, amount_unit, mapping or {}, sheet)
    return _open_csv(handle, head, file, amount_unit, mapping or {})


def _open_csv(
    handle: IO[bytes],
    head: bytes,
    file: str,
    amount_unit: AmountUnit | None,
    mapping: dict[str, str],
) -> Ledger:
    encoding = _sniff_encoding(head)
    text = io.TextIOWrapper(handle, encoding=encoding, newline="")
    reader = csv.reader(text)
    try:
        headers = next(reader, None)
    except (UnicodeDecodeError, csv.Error) as exc:
        text.close()
        return _unreadable(file, f"not a CSV ledger: {exc}")
    if headers is None:
        text.close()
        return _unreadable(file, "the file is empty", "export the ledger with its header row")
    columns, unit, problems = _columns(headers, mapping, file, "", amount_unit)

    # The reader itself: a generator around it would cost a third of a 1M-row run.
    return Ledger(
        file, "", columns, unit, reader, lambda: reader.line_num, problems, encoding, text,
        size=os.fstat(handle.fileno()).st_size, position=handle.tell,
    )  # fmt: skip


class LedgerUnreadable(Exception):
    """A ledger that stops being readable part-way (an encoding change, a broken CSV)."""


def _open_xlsx(
    handle: IO[bytes],
    file: str,
    amount_unit: AmountUnit | None,
    mapping: dict[str, str],
    sheet: str | None,
) -> Ledger:
    import zipfile

    from openpyxl import load_workbook

    try:
        book = load_workbook(handle, read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
        handle.close()
        return _unreadable(file, f"not a readable XLSX workbook: {exc}")
    names = book.sheetnames
    if sheet is not None and sheet not in names:
        handle.close()
        return _unreadable(file, f"no sheet {sheet!r}; sheets: {', '.join(names)}")
    ws = book[sheet or names[0]]
    values = ws.iter_rows(values_only=True)
    headers = next(values, None)
    if headers is None:
        handle.close()
        return _unreadable(file, f"sheet {ws.title!r} is empty")
    columns, unit, problems = _columns(list(headers), mapping, file, ws.title, amount_unit)

    number = [1]  # the header's row

    def rows() -> Iterator[Sequence[object]]:
        for cells in values:
            number[0] += 1
            yield ["" if c is None else c for c in cells]

    return Ledger(
        file, ws.title, columns, unit, rows(), lambda: number[0], problems, "xlsx", handle
    )


def severity_of(check: str) -> Severity:
    """Ledger checks are errors except a likely duplicate entry."""
    return Severity.WARNING if check == "ledger-duplicate" else Severity.ERROR
