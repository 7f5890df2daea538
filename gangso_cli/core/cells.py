"""What a cell holds, read the same way in a ledger and in a budget file: text compared as
people mean it, dates in every notation Korean offices use.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata


def cell_text(value: object) -> str:
    """Text compared as people mean it: NFKC (full-width forms folded), spaces collapsed,
    so that ``판로개척 `` and ``판로개척`` name the same line."""
    return " ".join(unicodedata.normalize("NFKC", str(value or "")).split())


class CellError(ValueError):
    """A cell that does not hold what its column needs; the message says so plainly."""


_DATE = re.compile(r"^(\d{4})\s*[-./년]\s*(\d{1,2})\s*[-./월]\s*(\d{1,2})\s*[.일]?$")


def parse_date(value: object) -> dt.date:
    """A date as ledgers write it: 2025-03-14, 2025.03.14, 2025/3/14, 20250314,
    2025. 3. 14., 2025년 3월 14일, or an Excel date cell."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = str(value).strip()
    match = _DATE.match(text)
    if match:
        year, month, day = map(int, match.groups())
    elif len(text) == 8 and text.isdigit():
        year, month, day = int(text[:4]), int(text[4:6]), int(text[6:])
    else:
        raise CellError(f"{text!r} is not a date; write it as 2025-03-14")
    try:
        return dt.date(year, month, day)
    except ValueError:
        raise CellError(f"{text!r} is not a date of the calendar") from None
