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
    shown = _shown(text)
    if len(text) > _DATE_MAX:  # no notation of a date is this long; int() of it may even refuse
        raise CellError(f"{shown} is not a date ({len(text):,} characters); write it as YYYY-MM-DD")
    # only ASCII digits go to int(): str.isdigit() also takes ² and ①, which int() refuses
    digits = text.isascii() and text.isdigit()
    match = _DATE.match(text)
    if match:
        year, month, day = map(int, match.groups())
    elif len(text) == 8 and digits:
        year, month, day = int(text[:4]), int(text[4:6]), int(text[6:])
    elif digits and 36526 <= int(text) <= 73050:  # 2000-01-01 to 2099-12-31
        # Excel's day number: a date column saved as CSV in the 일반 (General) format
        raise CellError(
            f"{shown} is not a date (Excel's day number of a date?); format the column "
            "as a date (YYYY-MM-DD) in Excel before saving the CSV"
        )
    else:
        raise CellError(f"{shown} is not a date; write it as YYYY-MM-DD (e.g. 2020-07-15)")
    try:
        return dt.date(year, month, day)
    except ValueError:
        raise CellError(f"{shown} is not a date of the calendar") from None


# the longest date notation ("2020 년 12 월 31 일" and the like) is well under this
_DATE_MAX = 40


def _shown(text: str) -> str:
    """The cell as a message quotes it: a long one cut, so one bad cell cannot flood the report."""
    return repr(text) if len(text) <= _DATE_MAX else repr(text[:20] + "…")
