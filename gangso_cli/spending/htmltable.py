"""The rows of an HTML table: what a system's "Excel download" is when it is a web page
saved with an .xls name. Cells are their text; a ``colspan`` leaves empty cells after it,
as a merged spreadsheet cell does."""

from __future__ import annotations

from html.parser import HTMLParser


class _Table(HTMLParser):
    """The first table's rows (a nested table's cells are read into its own cell)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.rows: list[list[str]] = []
        self.row: list[str] | None = None
        self.cell: list[str] | None = None
        self.span = 1
        self.depth = 0
        self.done = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if self.done:
            return
        if tag == "table":
            self.depth += 1
        elif tag == "tr" and self.depth == 1:
            self._end_row()
            self.row = []
        elif tag in ("td", "th") and self.depth == 1:
            self._end_cell()
            if self.row is None:
                self.row = []
            self.cell = []
            span = dict(attrs).get("colspan") or "1"
            # ASCII digits only (isdigit() also takes ², which int() refuses), and a sane width
            sane = span.isascii() and span.isdigit() and len(span) <= 4
            self.span = int(span) if sane and 0 < int(span) < 1000 else 1
        elif tag == "br" and self.cell is not None:
            self.cell.append(" ")

    def handle_endtag(self, tag: str) -> None:
        if self.done:
            return
        if tag in ("td", "th") and self.depth == 1:
            self._end_cell()
        elif tag == "tr" and self.depth == 1:
            self._end_row()
        elif tag == "table":
            self.depth -= 1
            if self.depth == 0:
                self._end_row()
                self.done = True

    def handle_data(self, data: str) -> None:
        if self.cell is not None:
            self.cell.append(data)

    def _end_cell(self) -> None:
        if self.cell is not None and self.row is not None:
            self.row.append(" ".join("".join(self.cell).split()))
            self.row.extend([""] * (self.span - 1))
        self.cell, self.span = None, 1

    def _end_row(self) -> None:
        self._end_cell()
        if self.row is not None:
            self.rows.append(self.row)
        self.row = None


def html_rows(text: str) -> list[list[str]]:
    """The rows of the page's first table, each cell as its text."""
    parser = _Table()
    parser.feed(text)
    parser.close()
    parser._end_row()
    return parser.rows
