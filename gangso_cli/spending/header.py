"""Finding the table in a download: the header is the row, within the first
:data:`LOOK_AHEAD`, that names the most roles gangso reads, not simply the first row.
Title, period and count rows above it ("집행내역 조회", "조회기간 : …", "총 12 건") are
skipped; a two-row header (금액 merged over 공급가액 / 부가세 / 집행금액, 집행일자 merged
down over both rows) becomes one name per column.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass

from gangso_cli.spending.columns import IGNORE, normal, role_of
from gangso_cli.spending.funds import fund_key

__all__ = ["LOOK_AHEAD", "Header", "find_header"]

#: How many rows from the top may hold the header.
LOOK_AHEAD = 30


@dataclass(frozen=True)
class Header:
    """The header found: one name per column, and the rows it takes."""

    names: list[object]
    #: The row (from 1) of the header's last row: data starts below it.
    row: int
    #: 1 or 2: a two-row header's first row is ``row - 1``.
    height: int
    #: The text of the rows above the header (titles), for the note that says so.
    above: list[str]


def _looks_like_text(cell: object) -> bool:
    """A header's cell: no number, no date, no digit (data rows have them)."""
    if isinstance(cell, (int, float, dt.date)):
        return False
    return not any(ch.isdigit() for ch in str(cell))


def _score(names: Sequence[object], mapping: dict[str, str]) -> int:
    """How many distinct roles a row names (the header names the most)."""
    roles = set()
    for name in names:
        key = normal(name)
        if not key:
            continue
        if key in mapping:
            if mapping[key] != IGNORE:
                roles.add(mapping[key])
            continue
        found = role_of(name)
        if found is not None:
            roles.add(found[0])
    return len(roles)


def combine(upper: Sequence[object], lower: Sequence[object]) -> list[object]:
    """Two header rows as one name per column: the lower row's name where it has one
    (금액 over 집행금액 is 집행금액), else the upper's (집행일자 merged down); a fund named
    below an amount (집행금액 over 국비 / 지방비) is that fund's amount."""
    width = max(len(upper), len(lower))
    names: list[object] = []
    spanning: object = ""
    for i in range(width):
        top = upper[i] if i < len(upper) else ""
        below = lower[i] if i < len(lower) else ""
        top_text, below_text = normal(top), normal(below)
        if top_text:
            spanning = top
        elif not below_text:
            spanning = ""
        if below_text and fund_key(below_text) is not None:
            names.append(f"{below_text}{normal(spanning)}")
        else:
            names.append(below if below_text else top)
    return names


def find_header(
    rows: Iterator[Sequence[object]], number: Callable[[], int], mapping: dict[str, str]
) -> Header | None:
    """The header among the first rows (None for a sheet with no row at all); with no
    row naming two roles, the first non-blank row, for the caller to report."""
    mapped = {normal(k): v for k, v in mapping.items()}
    seen: list[tuple[int, list[object]]] = []
    for cells in rows:
        seen.append((number(), list(cells)))
        if len(seen) >= LOOK_AHEAD:
            break
    if not seen:
        return None
    best: tuple[int, int, int] = (0, 0, 0)  # score, -height, index
    for index, (_, cells) in enumerate(seen):
        score = _score(cells, mapped)
        if score > best[0]:
            best = (score, -1, index)
        if index + 1 < len(seen):
            below = seen[index + 1][1]
            if any(normal(c) for c in below) and all(_looks_like_text(c) for c in below):
                double = _score(combine(cells, below), mapped)
                if double > max(score, best[0]) and double > _score(below, mapped):
                    best = (double, -2, index)
    score, height, index = best[0], -best[1], best[2]
    if score < 2:  # no row names two roles: the first non-blank row, as the header
        index = next((i for i, (_, cells) in enumerate(seen) if any(normal(c) for c in cells)), 0)
        height = 1
    names = combine(seen[index][1], seen[index + 1][1]) if height == 2 else seen[index][1]
    above = [
        " ".join(str(c).strip() for c in cells if normal(c))
        for _, cells in seen[:index]
        if any(normal(c) for c in cells)
    ]
    return Header(names, seen[index + height - 1][0], height, above)
