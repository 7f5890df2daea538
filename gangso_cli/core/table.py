"""Report tables as plain data: the shape every view returns and every writer lays out.

Pure: rows of text and integer won. Writers (terminal, CSV, XLSX, JSON, HTML) only lay
these tables out; they never compute a sum of their own.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from decimal import Decimal
from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:
    pass


ColumnKind = Literal["text", "won", "percent", "int"]


Cell = str | int | Decimal | None


@dataclass(frozen=True)
class Column:
    """A column: machine key, Korean header, and what its cells hold."""

    key: str
    header: str
    kind: ColumnKind = "text"
    #: A code for tools (CSV, JSON, XLSX) beside a column people read: tables leave it out.
    for_tools: bool = False

    def label(self, unit: str) -> str:
        """The header with the unit its figures are shown in: ``금액 (백만원)``."""
        if self.kind != "won":
            return self.header
        return f"{self.header.removesuffix(' (원)')} ({unit})"


@dataclass
class ViewTable:
    """One view: a title, columns, rows, and (for summary views) a total row."""

    name: str
    title: str
    columns: list[Column]
    rows: list[list[Cell]] = field(default_factory=list)
    total: list[Cell] | None = None
    #: Indices of rows that are subtotals (shown in bold by reports).
    subtotals: frozenset[int] = frozenset()
    #: Numbered notes under the table (sources, programme years), for people's formats.
    notes: tuple[str, ...] = ()
    #: Where this view's rows come from, when not the report's files (the evaluations).
    source: str | None = None

    def column_total(self, key: str) -> int:
        """The sum of a won column over the rows (not the total row), in won."""
        index = [c.key for c in self.columns].index(key)
        return sum(int(row[index] or 0) for row in self.rows)


def with_subtotals(view: ViewTable, by: str = "zone_id") -> ViewTable:
    """The view with a 소계 row after each group of ``by`` and a 합계 row: what people
    reading the lines in Excel or a browser look for. Sums are of exact won."""
    keys = [c.key for c in view.columns]
    group, label_at = keys.index(by), keys.index("zone_name") if "zone_name" in keys else 0
    won = [i for i, c in enumerate(view.columns) if c.kind == "won"]
    shared = [i for i, key in enumerate(keys) if key in ("basis", "basis_name")]
    rows: list[list[Cell]] = []
    subtotals: set[int] = set()

    def summed(part: list[list[Cell]], label: str, key: Cell) -> list[Cell]:
        row: list[Cell] = [None] * len(keys)
        row[group], row[label_at] = key, label
        for i in won:
            row[i] = sum(int(r[i] or 0) for r in part)
        for i in shared:  # a sum of 예시 lines is 예시: the basis its parts share
            if len({r[i] for r in part}) == 1:
                row[i] = part[0][i]
        return row

    start = 0
    for n, row in enumerate(view.rows):
        rows.append(row)
        if n + 1 == len(view.rows) or view.rows[n + 1][group] != row[group]:
            name = row[label_at]
            subtotals.add(len(rows))
            rows.append(summed(view.rows[start : n + 1], f"{name} 소계", row[group]))
            start = n + 1
    total = summed(view.rows, "합계", "")
    return ViewTable(view.name, view.title, view.columns, rows, total, frozenset(subtotals))


#: The columns :func:`noted` turns into numbered notes: the column, how its note reads
#: (``{zone}``: the row's zone) and the cell that carries the mark.
_NOTED = (
    ("source", "{text}", "basis_name"),
    ("basis_note", "{text}", "basis_name"),
    ("evaluation_source", "등급: {text}", "grade"),
    ("programme_year", "{zone}: 사업연도 {text}", "basis_name"),
)


def noted(view: ViewTable) -> ViewTable:
    """The view as people read it (terminal, HTML): each row's source (the ``source``
    column), how a figure was arrived at (``basis_note``) and programme year
    (``programme_year``) become numbered notes under the table, marked in the row's 근거
    cell (``산출[1,2]``); the evaluation a grade comes from (``evaluation_source``) is
    marked in its 평가 cell. Files for tools keep the columns themselves; a view without
    them comes back as it is."""
    keys = [c.key for c in view.columns]
    noted_here = [(k, t, at) for k, t, at in _NOTED if k in keys and at in keys]
    if "basis_name" not in keys or not noted_here:
        return view
    notes: list[str] = []

    def marked(row: list[Cell]) -> list[Cell]:
        numbers: dict[str, list[int]] = {}
        name = row[keys.index("zone_name")] if "zone_name" in keys else ""
        for key, text, at in noted_here:
            if row[keys.index(key)]:
                note = text.format(zone=name, text=row[keys.index(key)])
                if note not in notes:
                    notes.append(note)
                numbers.setdefault(at, []).append(notes.index(note) + 1)
        if not numbers:
            return row
        copy = list(row)
        for at, found in numbers.items():
            mark = "[" + ",".join(str(n) for n in dict.fromkeys(found)) + "]"
            copy[keys.index(at)] = f"{copy[keys.index(at)] or ''}{mark}"
        return copy

    rows = [marked(row) for row in view.rows]
    total = marked(view.total) if view.total is not None else None
    return replace(view, rows=rows, total=total, notes=tuple(notes))


#: The label of a table's total row, in every format people read.
TOTAL_LABEL = "합계"


def labelled_total(view: ViewTable) -> ViewTable:
    """The view with its total row labelled 합계 (in its first empty cell that every
    format shows: not an id, not a code for tools) when no cell of it says so: a total
    row without a label reads as one more row."""
    total = view.total
    if total is None or any(cell == TOTAL_LABEL for cell in total):
        return view
    shown = [
        i
        for i, (cell, column) in enumerate(zip(total, view.columns, strict=True))
        if cell in (None, "") and not column.for_tools and not column.key.endswith("_id")
    ]
    if not shown:
        return view
    labelled = list(total)
    labelled[shown[0]] = TOTAL_LABEL
    return replace(view, total=labelled)
