"""One parser for every ledger amount, whatever path the cell came by (a CSV's text, a
workbook's number, a part of 공급가액 + 부가세 − 집행취소, a fund's column), and the
summary rows (합계, 소계…) that are not spending."""

from __future__ import annotations

import math
import re
import unicodedata
from decimal import Decimal, InvalidOperation

from gangso_cli.core.cells import CellError
from gangso_cli.core.money import MAX_WON

__all__ = ["MAX_WON", "Summary", "parse_ledger_amount", "summary_label"]

_NEGATIVE_MARKS = ("-", "−", "△", "▲")
#: The digits an amount may be written in: ASCII, and full-width (an IME's, NFKC-folded).
_DIGITS = frozenset("0123456789０１２３４５６７８９")


def _unit_of(text: str, unit: int) -> tuple[str, int]:
    """A unit written at the end of the cell wins over the column's: 1,234천원, 1,234원."""
    if text.endswith("천원"):
        return text[:-2].strip(), 1000
    if text.endswith("원"):
        return text[:-1].strip(), 1
    return text, unit


def parse_ledger_amount(value: object, unit: int) -> int:
    """An amount as ledgers write it, in won: ``1,234,000``, ``-50,000`` (a refund),
    ``△50,000`` or ``(50,000)`` (negative, as accounts write it, a unit inside or out:
    ``(603,556원)``), or a number cell; ``unit`` is 1 for 원 or 1,000 for 천원 (then
    ``1,234.5`` is 1,234,500원). A unit in the cell itself (``1,234천원``) wins over the
    column's. Below 1,000조 either way; a number cell must be finite and whole."""
    if isinstance(value, bool):
        raise CellError("a yes/no cell is not an amount")
    if value is None or (isinstance(value, str) and not value.strip()):
        # said as what the user sees in Excel, not as the empty text ''
        raise CellError("is empty; write the row's amount, e.g. 1,234,000")
    if isinstance(value, int):
        number = Decimal(value)
    elif isinstance(value, float):
        if not math.isfinite(value):
            raise CellError(f"the number cell holds {value}, not an amount")
        number = Decimal(repr(value))
    else:
        shown = str(value).strip()
        if len(shown) > 40:
            shown = shown[:40] + "…"
        if any(ch.isnumeric() and ch not in _DIGITS for ch in str(value)):
            # NFKC would make digits of ¹, ① or ½ (1,000,000¹ read as 10,000,001)
            raise CellError(f"{shown!r} is not an amount; write e.g. 1,234,000")
        text = unicodedata.normalize("NFKC", str(value)).strip().replace(",", "")
        text, unit = _unit_of(text, unit)
        negative = False
        if text.startswith("(") and text.endswith(")"):
            negative, text = True, text[1:-1].strip()
            text, unit = _unit_of(text, unit)
            if text.startswith(_NEGATIVE_MARKS):
                raise CellError(
                    f"{shown!r} has a minus sign inside parentheses: write (50,000) or "
                    "-50,000 for a refund, or 50,000"
                )
        if text.startswith(_NEGATIVE_MARKS):
            negative, text = True, text[1:].strip()
        if not text or not text.replace(".", "", 1).isdigit() or not text.isascii():
            raise CellError(f"{shown!r} is not an amount; write e.g. 1,234,000")
        if len(text) > 40:
            raise CellError(f"{shown!r} is beyond any real budget (1,000조 원 or more)")
        try:
            number = Decimal(text)
        except InvalidOperation:  # pragma: no cover - the check above admits only digits
            raise CellError(f"{shown!r} is not an amount") from None
        number = -number if negative else number
    won = number * unit
    if abs(won) >= MAX_WON:
        raise CellError(f"{value} is beyond any real budget (1,000조 원 or more)")
    if won != won.to_integral_value():
        what = "천원 to a whole won" if unit == 1000 else "a whole number of won"
        raise CellError(f"{value} is not {what}")
    return int(won)


_SUMMARY = re.compile(r"^(총합계|합계|소계|총계|누계|계)(\(.*\)|:.*|\d+건)?$")


def summary_label(cells: object) -> str | None:
    """The label of a summary row (합계, 소계, 총계, 누계, 계), or None for a row of
    spending: a row is a summary when one of its text cells says so, alone."""
    for cell in cells:  # type: ignore[attr-defined]
        if type(cell) is str and cell:
            text = "".join(unicodedata.normalize("NFKC", cell).split())
            found = _SUMMARY.match(text)
            if found:
                return found.group(1)
    return None


class Summary:
    """A summary row as a shaped ledger gives it: its label and amount (None: none read)."""

    __slots__ = ("amount", "label")

    def __init__(self, label: str, amount: int | None) -> None:
        self.label, self.amount = label, amount
