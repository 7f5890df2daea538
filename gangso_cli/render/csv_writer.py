"""CSV that Excel in Korea opens with Hangul intact, and that cannot run formulas."""

from __future__ import annotations

import csv
import io

from gangso_cli.core.table import ViewTable, labelled_total

__all__ = ["CSV_ENCODINGS", "UnencodableError", "neutralise", "view_csv"]

#: utf-8-sig writes a byte-order mark: without it Excel in Korea assumes CP949 and
#: shows UTF-8 Hangul as mojibake.
CSV_ENCODINGS = {"utf-8": "utf-8-sig", "utf-8-nobom": "utf-8", "cp949": "cp949"}

# OWASP CSV injection: a cell starting with one of these may run as a formula in Excel.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_FORMULA_FIRST = frozenset(_FORMULA_START)


class UnencodableError(ValueError):
    """A cell holds a character the chosen encoding cannot write."""


def neutralise(value: str) -> str:
    """Prefix text that Excel would run as a formula with a quote, so it stays text."""
    return "'" + value if value.startswith(_FORMULA_START) else value


def view_csv(view: ViewTable, encoding: str = "utf-8") -> bytes:
    """One view as CSV bytes: a header row of Korean names, then rows, then the total.

    Args:
        view: the table to write.
        encoding: ``utf-8`` (with BOM, for Excel), ``utf-8-nobom`` or ``cp949``.

    Raises:
        UnencodableError: a character cannot be written in ``encoding``.
    """
    view = labelled_total(view)
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([neutralise(column.header) for column in view.columns])
    # Only text columns can carry a formula; the csv module writes None as an empty
    # cell and numbers as numbers. (No call per cell: 2M cells in a 100k-line export.)
    text_columns = [i for i, column in enumerate(view.columns) if column.kind == "text"]
    rows = view.rows if view.total is None else [*view.rows, view.total]
    for row in rows:
        out = list(row)
        for i in text_columns:
            value = out[i]
            if type(value) is str and value and value[0] in _FORMULA_FIRST:
                out[i] = "'" + value
        writer.writerow(out)
    text = buffer.getvalue()
    codec = CSV_ENCODINGS[encoding]
    try:
        return text.encode(codec)
    except UnicodeEncodeError as exc:
        # where it is, so the row can be found (or fixed in the ledger it came from)
        line = text.count("\n", 0, exc.start) + 1
        start = text.rfind("\n", 0, exc.start) + 1
        end = text.find("\r\n", exc.start)
        near = text[max(start, exc.start - 20) : min(end, exc.end + 20)]
        raise UnencodableError(
            f"{text[exc.start : exc.end]!r} (CSV line {line}: {near!r}) cannot be written "
            f"in {encoding}; write it as UTF-8"
        ) from None
