"""Spending ledgers as the systems export them (e나라도움, 보탬e, 이지바로, RCMS): CSV in
UTF-8 (with or without a BOM) or CP949/EUC-KR, separated by commas, tabs or semicolons;
workbooks (.xlsx, .xls, .xlsb, .ods); an HTML table saved as .xls. Title rows above the
header, two-row headers, columns named each system's way, funds as columns, 합계 rows.

This module opens a ledger and says where its fields are: :mod:`sheets` reads the file,
:mod:`header` finds the table, :mod:`columns` gives each column its role, :mod:`shape`
turns rows of a rich layout into entries; :mod:`gangso_cli.spending.match` matches the
entries to the budget and adds them up. Rows stream: a CSV of any length is read in flat
memory (a workbook is held by its reader, as compact cells, while it is read).
"""

from __future__ import annotations

import csv
import os
import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Literal

from gangso_cli.core.cells import CellError, cell_text, parse_date
from gangso_cli.core.diagnostics import Diagnostic, SourceLocation
from gangso_cli.core.yamlsource import UNREADABLE
from gangso_cli.spending.amounts import parse_ledger_amount
from gangso_cli.spending.columns import FIELDS, HEADER_ALIASES, IGNORE, REQUIRED, Layout, assign
from gangso_cli.spending.funds import parse_fund
from gangso_cli.spending.shape import ENTRY, Warn, shaped
from gangso_cli.spending.sheets import LedgerUnreadable, SheetError, open_sheet

__all__ = [
    "FIELDS",
    "HEADER_ALIASES",
    "IGNORE",
    "REQUIRED",
    "UNIT_GIVEN_HINT",
    "AmountUnit",
    "CellError",
    "Ledger",
    "LedgerUnreadable",
    "cell_text",
    "open_ledger",
    "parse_date",
    "parse_fund",
    "parse_ledger_amount",
    "read_column_map",
]

AmountUnit = Literal["원", "천원"]
_UNIT_WON = {"원": 1, "천원": 1000, "백만원": 1_000_000}

#: The hint when the amount header states a unit other than the one given for the file
#: (a command adds how the unit was given).
UNIT_GIVEN_HINT = "correct the header, or give no unit for the amounts"

#: The hint when a ledger has no 특구 column and the budget has several zones.
ZONE_HINT = "add a 특구 column, or name the ledger's zone"


@dataclass
class Ledger:
    """An open ledger: where each field's column is, and an iterator over its entries.

    ``rows`` yields each row's cells: strings (a CSV) or values (a workbook: numbers and
    dates stay typed; empty cells are ""), blank rows included; ``pick`` says where each
    :data:`ENTRY` field is in them (None: absent). ``row_number()`` is the number of the
    row last yielded as the file's user sees it: the line of a CSV (a cell with a line
    break keeps it true), the row of a sheet.
    """

    file: str
    sheet: str
    columns: dict[str, int]
    #: The amounts' unit in won (1 once rows are shaped: shaped entries are whole won).
    unit: int
    rows: Iterator[Sequence[object]]
    row_number: Callable[[], int]
    diagnostics: list[Diagnostic] = field(default_factory=list)
    encoding: str = ""
    close: Callable[[], None] = lambda: None
    #: The file's size and how many of its bytes were read so far (for a progress bar).
    size: int = 0
    position: Callable[[], int] = lambda: 0
    #: Where each ENTRY field is in a row (None: absent).
    pick: tuple[int | None, ...] = ()
    #: What gangso decided for the reader to know (the header's row, the zone taken).
    notes: list[str] = field(default_factory=list)
    #: Holds the reporter of warnings found while rows are shaped.
    warn: list[Warn] = field(default_factory=list)
    column_offset: int = 0
    #: The line where a CSV stops decoding (None: it does not, or not a CSV).
    broken: Callable[[], int | None] = lambda: None

    def location(self, row: int, column: str | None = None) -> SourceLocation:
        """Where a row (and a field's column, 1-based) sits: ``file:row`` of a CSV,
        ``file:sheet:row`` of a workbook."""
        index = self.columns.get(column) if column is not None else None
        col = index + 1 + self.column_offset if index is not None else 0
        return SourceLocation(self.file, row, col, sheet=self.sheet)


def read_column_map(path: str | os.PathLike[str]) -> tuple[dict[str, str], list[Diagnostic]]:
    """A column map: a small YAML file of ``HEADER: FIELD`` lines (``지출일: date``, or
    ``세목: -`` to ignore a column); every line that names no field is a located problem."""
    from gangso_cli.core.yamlsource import read_yaml_file

    doc = read_yaml_file(path)
    data = doc.data
    problems = list(doc.diagnostics)
    if not problems and not isinstance(data, dict):
        problems.append(doc.error("column-map", "a column map is HEADER: FIELD lines"))
    for header, name in (data or {}).items() if isinstance(data, dict) else ():
        if name not in (*FIELDS, IGNORE):
            problems.append(
                doc.error(
                    "column-map",
                    f"{header}: {name!r} is not a field",
                    (str(header),),
                    hint="fields: " + ", ".join(FIELDS) + ", or - to ignore the column",
                )
            )
    if problems or not isinstance(data, dict):
        return {}, problems
    return {str(header).strip(): str(name) for header, name in data.items()}, problems


_TITLE_LINE = re.compile(r"^(?:내역사업명?|세부사업명?|보조사업명|사업명)\s*[:：]\s*(\S.*)$")


def _title_line(above: Sequence[str]) -> str | None:
    """The line a title row names (``세부사업명 : 판로개척``), for a ledger of one line."""
    for text in above:
        found = _TITLE_LINE.match(text.strip())
        if found:
            return found.group(1).strip()
    return None


#: An .xlsb read one column wide: its cells leave their column implied (BrtShort*
#: records, as SheetJS writes them), which python-calamine 0.9 does not read.
XLSB_HINT = (
    "an .xlsb whose cells leave their column implied (as SheetJS writes them) reads one "
    "column wide: open it in Excel and save it again, or save it as .xlsx"
)


def _missing(layout: Layout, zone: str | None) -> list[str]:
    """The fields no column gives (and the context does not either)."""
    cols = layout.columns
    missing = [f for f in ("date", "zone", "program") if f not in cols]
    if zone is not None and "zone" in missing:
        missing.remove("zone")
    if layout.line is not None and "program" in missing:
        missing.remove("program")
    if "fund" not in cols and not layout.funds:
        missing.append("fund")
    if "amount" not in cols and "supply" not in cols and not layout.funds:
        missing.append("amount")
    return missing


def _header_problems(
    layout: Layout, names: Sequence[object], zone: str | None, amount_unit: AmountUnit | None,
    where: SourceLocation,
) -> list[Diagnostic]:  # fmt: skip
    problems = []
    missing = _missing(layout, zone)
    if missing:
        labels = ", ".join(f"{m} ({HEADER_ALIASES[m][0]})" for m in missing)
        has = ", ".join(repr(str(h).strip()) for h in names if str(h or "").strip())
        hint = f"name the columns as the README lists, or map a header to {missing[0]}"
        if missing == ["zone"]:
            hint = ZONE_HINT
        elif str(where.file).lower().endswith(".xlsb") and len(has.split(", ")) <= 1:
            hint = XLSB_HINT
        problems.append(
            Diagnostic("ledger-header", f"no column for {labels}; the header row has: {has}",
                       where, hint=hint)
        )  # fmt: skip
    if layout.unit and amount_unit and layout.unit != amount_unit:
        col = (layout.unit_column if layout.unit_column is not None else -1) + 1
        problems.append(
            Diagnostic(
                "ledger-header",
                f"the amount column says {layout.unit} but its unit was given as {amount_unit}",
                SourceLocation(where.file, where.line, col, sheet=where.sheet),
                hint=UNIT_GIVEN_HINT,
            )
        )
    return problems


def _unreadable(file: str, message: str, hint: str | None = None, sheet: str = "") -> Ledger:
    problem = Diagnostic(UNREADABLE, message, SourceLocation(file, sheet=sheet), hint)
    return Ledger(file, sheet, {}, 1, iter(()), lambda: 0, [problem])


def open_ledger(
    path: str | os.PathLike[str],
    *,
    amount_unit: AmountUnit | None = None,
    mapping: dict[str, str] | None = None,
    sheet: str | None = None,
    display_name: str | None = None,
    zone: str | None = None,
    zone_reason: str = "",
) -> Ledger:
    """Open a ledger (told by its content), find its header and map its columns.

    Args:
        path: the file.
        amount_unit: 원 or 천원 when the amount header does not say (default 원).
        mapping: header → field (or ``-`` to ignore it), ahead of the names gangso knows.
        sheet: a workbook's sheet (default: the first).
        display_name: how diagnostics name the file.
        zone: the zone of every row when the ledger has no 특구 column.
        zone_reason: why that zone (for the note that says so).
    """
    from gangso_cli.spending.header import find_header

    file = display_name or os.fspath(path)
    try:
        table = open_sheet(path, sheet)
    except SheetError as exc:
        return _unreadable(file, _what(path, str(exc)), exc.hint)
    try:
        rows, number = table.passes()
        header = find_header(rows, number, mapping or {})
        if header is None:
            table.close()
            what = f"sheet {table.name!r} is empty" if table.name else "the file is empty"
            return _unreadable(file, what, "export the ledger with its header row")
        rows, number = table.passes()
        for _ in rows:  # past the header, in the same pass the rows are read
            if number() >= header.row:
                break
    except (LedgerUnreadable, UnicodeDecodeError, ValueError, csv.Error) as exc:
        table.close()
        return _unreadable(file, f"not a readable ledger: {exc}", sheet=table.name)
    where = SourceLocation(file, header.row, 0, sheet=table.name)
    layout, problems = assign(header.names, mapping or {}, where)
    if "program" not in layout.columns:
        layout.line = _title_line(header.above)
    problems += _header_problems(layout, header.names, zone, amount_unit, where)
    unit = _UNIT_WON[layout.unit or amount_unit or "원"]
    ledger = Ledger(
        file, table.name, dict(layout.columns), unit, rows, number, problems, table.encoding,
        table.close, table.size, table.position, column_offset=table.column_offset,
        broken=table.broken,
    )  # fmt: skip
    if header.row > 1:
        above = "; ".join(header.above[:3]) or "blank rows"
        rows_taken = (
            f"rows {header.row - 1}-{header.row}" if header.height == 2 else f"row {header.row}"
        )
        ledger.notes.append(f"{where}: note: the header is {rows_taken} (above it: {above})")
    if layout.line is not None:
        ledger.notes.append(f"{file}: note: no 세부사업 column: every row is of {layout.line!r} "
                            "(a title row says so)")  # fmt: skip
    if "zone" not in layout.columns and zone is not None:
        ledger.notes.append(f"{file}: note: no 특구 column: every row is {zone}'s ({zone_reason})")
    if layout.funds and "fund" not in layout.columns:
        ledger.columns["fund"] = min(i for cols in layout.funds.values() for i in cols)
    if problems:
        return ledger
    if layout.simple and "zone" in layout.columns:
        ledger.pick = (*(layout.columns.get(f) for f in ENTRY[:8]), None)
    else:
        ledger.rows = shaped(
            rows, layout, unit, zone, lambda role: ledger.location(number(), role), ledger.warn
        )
        ledger.unit = 1  # shaped entries carry whole won: the unit is applied once
        given = {*REQUIRED, *layout.columns}
        if "subcategory" in given:
            given.add("memo")  # a shaped entry's memo carries its 세목
        ledger.pick = tuple(i if f in given else None for i, f in enumerate(ENTRY))
    return ledger


def _what(path: str | os.PathLike[str], message: str) -> str:
    """A reader's complaint, with what the file is when its name says otherwise."""
    name = os.fspath(path).lower()
    if message.startswith("not a readable workbook") and name.endswith(".csv"):
        return message.replace("workbook", "ledger (a workbook named .csv?)")
    return message
