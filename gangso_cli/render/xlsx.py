"""XLSX workbooks with XlsxWriter: one sheet per view plus the checks.

Cells hold exact won as numbers; the unit is a number format (``#,##0,,`` shows 백만원)
so Excel's own sums stay exact. Written in constant-memory mode: rows stream to disk.
"""

from __future__ import annotations

import unicodedata
from decimal import Decimal
from typing import IO, Any

from gangso_cli.core.money import DisplayUnit
from gangso_cli.core.table import Cell, ViewTable, labelled_total, with_subtotals

__all__ = ["XLSX_UNIT_FORMATS", "write_xlsx"]

#: Excel scales by 1,000 per trailing comma, so these show the unit without changing
#: the exact won stored in each cell. 억원 (10^8) has no such format.
XLSX_UNIT_FORMATS = {"원": "#,##0", "천원": "#,##0,", "백만원": "#,##0,,"}

_HEADER_ROW = 3  # title, source line, blank, then the header


def _display_width(value: object) -> int:
    """Width in Excel character units: Hangul and other wide characters count as two."""
    text = str(value)
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _write_view(
    workbook: Any, view: ViewTable, unit: DisplayUnit, source: str, fmt: dict[str, Any]
) -> None:
    if view.name == "lines":
        view = with_subtotals(view)
    view = labelled_total(view)
    sheet = workbook.add_worksheet(view.name)
    rows: list[list[Cell]] = [*view.rows, *([view.total] if view.total else [])]
    # Constant-memory mode writes rows in order, so widths are set before any row.
    for col, column in enumerate(view.columns):
        widest = max(
            [_display_width(column.label(unit.name)), *(_display_width(r[col]) for r in rows)]
        )
        if column.kind == "won":
            widest = max(widest, 14)
        sheet.set_column(col, col, min(widest + 2, 60))
    sheet.write(0, 0, view.title, fmt["title"])
    # A sheet cites its own rows' file, and a unit only where it shows amounts.
    meta = f"출처: {view.source or source}"
    if any(column.kind == "won" for column in view.columns):
        meta += f" · 단위: {unit.name}"
    sheet.write(1, 0, meta)
    for col, column in enumerate(view.columns):
        sheet.write(_HEADER_ROW, col, column.label(unit.name), fmt["header"])
    sheet.freeze_panes(_HEADER_ROW + 1, 0)
    for offset, row in enumerate(rows):
        is_total = offset in view.subtotals or (view.total is not None and offset == len(rows) - 1)
        for col, (column, value) in enumerate(zip(view.columns, row, strict=True)):
            style = fmt[("total_" if is_total else "") + column.kind]
            if value is None:
                sheet.write_blank(_HEADER_ROW + 1 + offset, col, None, style)
            elif isinstance(value, Decimal):
                sheet.write_number(_HEADER_ROW + 1 + offset, col, float(value), style)
            elif isinstance(value, int):
                sheet.write_number(_HEADER_ROW + 1 + offset, col, value, style)
            else:
                # write_string, never write(): a program named "=SUM(...)" stays text.
                sheet.write_string(_HEADER_ROW + 1 + offset, col, value, style)


def write_xlsx(handle: IO[bytes], views: list[ViewTable], unit: DisplayUnit, source: str) -> None:
    """Write the views as sheets of one workbook to a binary file.

    Raises:
        ValueError: the unit has no Excel number format (억원).
    """
    import xlsxwriter

    if unit.name not in XLSX_UNIT_FORMATS:
        raise ValueError(
            f"XLSX cannot show {unit.name} without changing the stored won; "
            f"use one of {', '.join(XLSX_UNIT_FORMATS)}"
        )
    workbook = xlsxwriter.Workbook(handle, {"constant_memory": True, "in_memory": False})
    number = XLSX_UNIT_FORMATS[unit.name]
    base = {"font_name": "맑은 고딕", "font_size": 10}
    numbers = {"text": {}, "int": {"num_format": "0"}, "won": {"num_format": number},
               "percent": {"num_format": "0.0"}}  # fmt: skip
    fmt = {
        "title": workbook.add_format({**base, "bold": True, "font_size": 14}),
        "header": workbook.add_format(
            {**base, "bold": True, "bg_color": "#DDEBF7", "border": 1, "text_wrap": True}
        ),
    }
    for kind, number_format in numbers.items():
        fmt[kind] = workbook.add_format({**base, **number_format})
        fmt[f"total_{kind}"] = workbook.add_format(
            {**base, **number_format, "bold": True, "top": 1}
        )
    for view in views:
        _write_view(workbook, view, unit, source, fmt)
    workbook.close()
