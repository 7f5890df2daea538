"""A small .xlsb (Excel binary workbook) written by hand for the tests: no library here
writes one. The records are [MS-XLSB]'s, in the full form Excel itself writes: each cell
says its column (BrtCellSt, BrtCellReal). SheetJS writes the short form (BrtShort*,
the column implied) for every cell after a row's first, which python-calamine 0.9 does
not read: such a file reads one column wide (see the README, "Ledger formats")."""

from __future__ import annotations

import struct
import zipfile
from pathlib import Path

Cell = str | int

_CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
    'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.bin" ContentType="application/vnd.ms-excel.sheet.'
    'binary.macroEnabled.main"/><Override PartName="/xl/worksheets/sheet1.bin" '
    'ContentType="application/vnd.ms-excel.worksheet"/></Types>'
)
_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships/officeDocument" Target="xl/workbook.bin"/></Relationships>'
)
_BOOK_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships/worksheet" Target="worksheets/sheet1.bin"/></Relationships>'
)


def _varint(value: int) -> bytes:
    out = bytearray()
    while True:
        byte, value = value & 0x7F, value >> 7
        out.append(byte | (0x80 if value else 0))
        if not value:
            return bytes(out)


def _record(kind: int, body: bytes = b"") -> bytes:
    return _varint(kind) + _varint(len(body)) + body


def _wide(text: str) -> bytes:
    """XLWideString: a count of UTF-16 code units, then the text."""
    data = text.encode("utf-16-le")
    return struct.pack("<I", len(data) // 2) + data


def _sheet(rows: list[list[Cell]], short: bool) -> bytes:
    width = max((len(row) for row in rows), default=1)
    dimension = struct.pack("<IIII", 0, max(len(rows) - 1, 0), 0, width - 1)
    # BrtBeginSheet, BrtWsDim (readers size the sheet by it), BrtBeginSheetData
    out = _record(0x81) + _record(0x94, dimension) + _record(0x91)
    for r, row in enumerate(rows):
        # BrtRowHdr: row, style, height 15pt, flags, one column span
        span = struct.pack("<II", 0, max(len(row) - 1, 0))
        out += _record(0x00, struct.pack("<IIHHBI", r, 0, 300, 0, 0, 1) + span)
        for c, value in enumerate(row):
            # the short form (BrtShortReal, BrtShortSt) leaves out the column: the one after
            # the previous cell's, so every cell of the row is written
            brief = short and c > 0
            head = struct.pack("<I", 0) if brief else struct.pack("<II", c, 0)  # column, style
            if isinstance(value, int):
                out += _record(0x10 if brief else 0x05, head + struct.pack("<d", value))
            elif value != "" or brief:
                out += _record(0x11 if brief else 0x06, head + _wide(value))
    return out + _record(0x92) + _record(0x82)  # BrtEndSheetData, BrtEndSheet


def _book(sheet: str) -> bytes:
    # BrtBundleSh: visible, tab 1, the relationship rId1, the sheet's name
    bundle = struct.pack("<II", 0, 1) + _wide("rId1") + _wide(sheet)
    return _record(0x83) + _record(0x8F) + _record(0x9C, bundle) + _record(0x90) + _record(0x84)


def write_xlsb(
    rows: list[list[Cell]], path: Path, sheet: str = "집행내역", *, short: bool = False
) -> Path:
    """Write ``rows`` (text, or whole numbers as number cells) as one sheet of an .xlsb;
    ``short`` writes every cell after a row's first in the short form, as SheetJS does."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as book:
        book.writestr("[Content_Types].xml", _CONTENT_TYPES)
        book.writestr("_rels/.rels", _RELS)
        book.writestr("xl/workbook.bin", _book(sheet))
        book.writestr("xl/_rels/workbook.bin.rels", _BOOK_RELS)
        book.writestr("xl/worksheets/sheet1.bin", _sheet(rows, short))
    return path
