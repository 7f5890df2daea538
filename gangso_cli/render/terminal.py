"""Rich tables for the terminal. Each function returns a renderable; the CLI prints it.

Rich measures Hangul as two cells wide, so Korean names line up in every column.
"""

from __future__ import annotations

import copy
from collections.abc import Collection, Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, ClassVar

from rich import box
from rich.cells import cell_len
from rich.console import Console, ConsoleOptions, RenderableType, RenderResult
from rich.measure import Measurement
from rich.segment import Segment
from rich.style import Style
from rich.table import Table
from rich.text import Text

from gangso_cli.core.diagnostics import Diagnostic, Severity
from gangso_cli.core.labels import FUND_KO, TOTAL_KO
from gangso_cli.core.money import DisplayUnit, format_won
from gangso_cli.core.table import Cell, ViewTable, labelled_total, noted
from gangso_cli.render.fit import fit_widths, longest_word, split_blocks, table_width, wrap_cell

if TYPE_CHECKING:
    # Types only: `history` renders without the plan's modules loaded (start-up time).
    from gangso_cli.core.registry import Registry, Zone
    from gangso_cli.plan.checks.base import CheckResult
    from gangso_cli.plan.mix import StageMix

__all__ = [
    "ZONE_COLUMNS_DROP_ORDER",
    "ChecksRenderable",
    "ViewRenderable",
    "checks_table",
    "diagnostic_text",
    "min_width",
    "short_names",
    "stage_chart",
    "view_table",
    "zones_table",
]

FUND_LABEL: dict[str | None, str] = {
    "national": FUND_KO["national"],
    "local": FUND_KO["local"],
    None: TOTAL_KO,
}


def min_width(console: Console, renderable: RenderableType) -> int:
    """The fewest terminal columns a renderable needs without cutting a figure or an id
    (those columns never wrap; text columns may wrap down to their longest word)."""
    # Measured as if the terminal were endless: Measurement.get clamps to its width.
    options = console.options.update_width(1_000_000)
    return Measurement.get(console, options, renderable).minimum


def _zone_label(zone_id: str, zones: dict[str, Zone]) -> str:
    zone = zones.get(zone_id)
    return f"{zone.city} ({zone_id})" if zone else zone_id


def _shown(value: Cell, kind: str, unit: DisplayUnit) -> str:
    if value is None:
        return "—" if kind == "percent" else ""
    if kind == "won" and isinstance(value, int):
        return format_won(value, unit)
    return str(value)  # percent columns say (%) in their header


@dataclass(frozen=True)
class _Row:
    #: Plain text, or a Text whose one style colours the whole cell (a check's status).
    cells: list[str | Text]
    bold: bool
    #: A blank line follows (the end of a group, or before the total).
    gap: bool


class _LaidOut:
    """A table laid out as Rich lays out a ``SIMPLE_HEAVY`` table, written line by line
    when it fits the width whole (a wide terminal, a pipe, a file): Rich's own layout
    costs about 0.1 ms a cell. A table that must wrap goes through :meth:`rich_table`.
    Both give the same text (tests compare them character for character)."""

    title: str | None
    caption: str | None
    headers: list[str]
    #: The header as wrapped lines, when a narrow terminal wraps it (else one line).
    header_lines: list[list[str]] | None = None
    right: list[bool]
    rows: list[_Row]
    #: One space between columns (Rich's collapse_padding) rather than three.
    collapse: bool

    def _lay_out(self) -> None:
        widths = [cell_len(h) for h in self.headers]
        for row in self.rows:
            widths = [max(w, cell_len(_plain(c))) for w, c in zip(widths, row.cells, strict=True)]
        self.widths = widths
        # edges and the outer paddings (2 + 2), and between columns a divider and the
        # paddings beside it (collapse_padding: one padding, not two)
        between = 2 if self.collapse else 3
        self.natural_width = 4 + sum(widths) + between * (len(widths) - 1)

    def rich_table(self) -> Table:
        """The same table built by Rich, which wraps text columns to fit a narrow width."""
        raise NotImplementedError

    def _line(
        self, console: Console, cells: Sequence[str | Text], style: Style | None
    ) -> Iterator[Segment]:
        """One row: plain runs in the row's style, a styled cell's text in its own."""
        gap = "  " if self.collapse else "   "
        run = "  "
        for i, (cell, width, right) in enumerate(zip(cells, self.widths, self.right, strict=True)):
            text = _plain(cell)
            pad = " " * (width - cell_len(text))
            if isinstance(cell, Text) and cell.style:
                before, after = (pad, "") if right else ("", pad)
                yield Segment(run + before, style)
                own = console.get_style(cell.style)
                yield Segment(text, style + own if style else own)
                run = after
            else:
                run += pad + text if right else text + pad
            run += gap if i < len(self.widths) - 1 else "  "
        yield Segment(run, style)

    def _centred(self, text: str) -> str:
        room = self.natural_width - cell_len(text)
        return " " * (room // 2) + text + " " * (room - room // 2)

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        if self.natural_width > options.max_width:
            yield self.rich_table()
            return
        yield from self._written(console)

    def _written(self, console: Console) -> Iterator[Segment]:
        """The table line by line at its natural width."""
        blank = Segment(" " * self.natural_width)
        newline = Segment.line()
        if self.title:
            yield Segment(self._centred(self.title), console.get_style("table.title"))
            yield from (newline, blank, newline)
        for header in self.header_lines or [self.headers]:
            yield from self._line(console, header, console.get_style("table.header"))
            yield newline
        yield Segment(" " + "━" * (self.natural_width - 2) + " ")
        yield newline
        bold = console.get_style("bold")
        for row in self.rows:
            yield from self._line(console, row.cells, bold if row.bold else None)
            yield newline
            if row.gap:
                yield from (blank, newline)
        yield from (blank, newline)
        if self.caption:
            yield Segment(self._centred(self.caption), console.get_style("table.caption"))
            yield newline

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        return Measurement.get(console, options, self.rich_table())


def _plain(cell: str | Text) -> str:
    return cell.plain if isinstance(cell, Text) else cell


class ViewRenderable(_LaidOut):
    """A report view as a table in the terminal, laid out as Rich's ``SIMPLE_HEAVY`` table
    (written line by line: 150 ms through Rich for ``history``). Narrower than its natural
    width, its text columns wrap at spaces and its figures never; narrower than that, it
    splits into blocks of columns (:meth:`blocks`)."""

    def __init__(
        self,
        view: ViewTable,
        unit: DisplayUnit,
        shown: list[int] | None = None,
        title: str | None = None,
    ) -> None:
        if shown is None:  # a whole view (a block's view is labelled and noted already)
            view = labelled_total(noted(view))
        self.view, self.unit = view, unit
        #: Numbered notes under the table (sources): ``show`` prints them after it.
        self.notes = view.notes
        self.index = shown or [
            i
            for i, c in enumerate(view.columns)
            if not c.key.endswith("_id")
            and not c.for_tools
            and (c.kind != "text" or any(row[i] not in (None, "") for row in view.rows))
        ]
        columns = [view.columns[i] for i in self.index]
        self.title = view.title if title is None else title
        self.headers = [c.header for c in columns]
        self.right = [c.kind != "text" for c in columns]
        self.caption = f"({unit.caption()})" if any(c.kind == "won" for c in columns) else None
        self.collapse = True  # one space between columns: 원 figures fit 80 columns
        self.rows = self._rows()
        self._lay_out()

    def _rows(self) -> list[_Row]:
        view, unit, index = self.view, self.unit, self.index
        first = index[0]
        groups = [row[first] for row in view.rows]
        grouped = len(set(groups)) < len(groups)  # separate groups only when several rows
        rows = []
        for n, row in enumerate(view.rows):
            group = row[first]
            next_group = view.rows[n + 1][first] if n + 1 < len(view.rows) else None
            cells: list[str | Text] = [_shown(row[i], view.columns[i].kind, unit) for i in index]
            if n and view.rows[n - 1][first] == group:
                cells[0] = ""
            gap = grouped and next_group != group and next_group is not None
            rows.append(_Row(cells, "합계" in cells, gap))
        if view.total is not None:
            if rows:
                rows[-1] = _Row(rows[-1].cells, rows[-1].bold, True)
            total = view.total
            rows.append(
                _Row([_shown(total[i], view.columns[i].kind, unit) for i in index], True, False)
            )
        return rows

    @property
    def minimum_widths(self) -> list[int]:
        """Each column at its narrowest: a figure whole, text down to its header or its
        longest word."""
        return [
            self.widths[i]
            if right
            else max([longest_word(header), *(longest_word(_plain(r.cells[i])) for r in self.rows)])
            for i, (header, right) in enumerate(zip(self.headers, self.right, strict=True))
        ]

    @property
    def min_width(self) -> int:
        """The fewest terminal columns the table needs with its text wrapped."""
        return table_width(self.minimum_widths, 2 if self.collapse else 3)

    def blocks(self, width: int) -> list[ViewRenderable]:
        """The table in blocks of columns that each fit ``width`` (itself when it fits
        whole): the columns naming a row — those before the first amount, the zone
        first — repeat in every block, the title says which block it is. Itself when even
        one amount beside those columns is too wide."""
        if self.min_width <= width:
            return [self]
        kinds = [self.view.columns[i].kind for i in self.index]
        first = next((n for n, k in enumerate(kinds) if k in ("won", "percent")), len(kinds))
        keys, rest = list(range(first)), list(range(first, len(kinds)))
        between = 2 if self.collapse else 3
        packed = split_blocks(keys, rest, self.minimum_widths, between, width)
        if packed is None or len(packed) < 2:
            return [self]
        title, count = self.title, len(packed)
        return [
            ViewRenderable(
                self.view,
                self.unit,
                [self.index[i] for i in [*keys, *block]],
                f"{title} ({n}/{count})",
            )
            for n, block in enumerate(packed, 1)
        ]

    def fitted(self, width: int) -> ViewRenderable:
        """The table with its text columns wrapped at spaces to fit ``width`` (at their
        narrowest when even that is wider): figures are never wrapped or cut."""
        between = 2 if self.collapse else 3
        room = width - table_width([0] * len(self.widths), between)
        widths = fit_widths(self.widths, self.minimum_widths, room) or self.minimum_widths
        rows: list[_Row] = []
        for row in self.rows:
            wrapped = [
                [cell] if right else wrap_cell(_plain(cell), w)
                for cell, w, right in zip(row.cells, widths, self.right, strict=True)
            ]
            height = max(len(lines) for lines in wrapped)
            for k in range(height):
                cells = [lines[k] if k < len(lines) else "" for lines in wrapped]
                rows.append(_Row(cells, row.bold, row.gap and k == height - 1))
        headers = [
            [header] if right else wrap_cell(header, w)
            for header, w, right in zip(self.headers, widths, self.right, strict=True)
        ]
        height = max(len(lines) for lines in headers)
        fitted = copy.copy(self)
        fitted.rows, fitted.widths = rows, widths
        fitted.header_lines = [
            [lines[k] if k < len(lines) else "" for lines in headers] for k in range(height)
        ]
        fitted.natural_width = table_width(widths, between)
        return fitted

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        table = self if self.natural_width <= options.max_width else self.fitted(options.max_width)
        yield from table._written(console)

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        return Measurement(self.min_width, self.natural_width)

    def rich_table(self) -> Table:
        """The same table built by Rich (tests compare the two at a width where it fits)."""
        table = Table(
            title=self.view.title, caption=self.caption, box=box.SIMPLE_HEAVY, collapse_padding=True
        )
        for header, right in zip(self.headers, self.right, strict=True):
            table.add_column(
                header, justify="right" if right else "left", no_wrap=right, overflow="fold"
            )
        for row in self.rows:
            table.add_row(*row.cells, style="bold" if row.bold else None, end_section=row.gap)
        return table


def short_names(view: ViewTable) -> ViewTable:
    """The view with the short names a terminal table has room for: a phase by its first
    word (1단계 for 1단계 기반조성), a zone by its place (진주 for 진주 강소특구). Files
    keep the full names."""
    keys = [c.key for c in view.columns]
    phase = keys.index("phase") if "phase" in keys else -1
    zone = keys.index("zone_name") if "zone_name" in keys else -1

    def short(i: int, cell: Cell) -> Cell:
        if not isinstance(cell, str) or not cell:
            return cell
        if i == phase:
            return cell.split()[0]
        return cell.removesuffix(" 강소특구") if i == zone else cell

    return replace(view, rows=[[short(i, c) for i, c in enumerate(row)] for row in view.rows])


def view_table(view: ViewTable, unit: DisplayUnit) -> ViewRenderable:
    """Any report view as a table, amounts in ``unit``.

    Id columns are left out (the Korean name beside them says the same), and so is a text
    column with nothing in it (no zone graded this year); a value that repeats in the
    first column is shown once per group, and groups are separated.
    """
    return ViewRenderable(view, unit)


class ChecksRenderable(_LaidOut):
    """Every check with pass / fail, and the difference in won where a sum fails."""

    _STYLES: ClassVar[dict[str, str]] = {"통과": "green", "경고": "bold yellow", "실패": "bold red"}

    def __init__(self, results: Iterable[CheckResult]) -> None:
        self.title = "검사 결과 (checks)"
        self.caption = None
        self.headers = ["검사", "id", "결과", "차이 (원)"]
        self.right = [False, False, False, True]
        self.collapse = False
        self.rows = []
        for result in results:
            status = Text(result.status, style=self._STYLES[result.status])
            if result.diagnostics:
                status.append(f" ×{len(result.diagnostics)}")
            diff = result.difference
            cells: list[str | Text] = [
                result.check.title,
                result.check.id,
                status,
                f"{diff:+,}" if diff is not None else "",
            ]
            self.rows.append(_Row(cells, False, False))
        self._lay_out()

    def rich_table(self) -> Table:
        """The same table built by Rich, which wraps the titles to fit a narrow width."""
        table = Table(title=self.title, box=box.SIMPLE_HEAVY)
        table.add_column("검사", overflow="fold")
        table.add_column("id", no_wrap=True, overflow="fold")
        table.add_column("결과", no_wrap=True, overflow="fold")
        table.add_column("차이 (원)", justify="right", no_wrap=True, overflow="fold")
        for row in self.rows:
            table.add_row(*row.cells)
        return table


def checks_table(results: Iterable[CheckResult]) -> ChecksRenderable:
    """Every check with pass / fail, and the difference in won where a sum fails."""
    return ChecksRenderable(results)


#: Columns of the registry table, and which to leave out first on a narrow terminal.
ZONE_COLUMNS = ("id", "특구", "광역", "기초", "기술핵심기관", "특화분야", "지정", "면적(㎢)")
ZONE_COLUMNS_DROP_ORDER = ("기술핵심기관", "특화분야", "면적(㎢)", "기초", "광역", "지정")


def zones_table(registry: Registry, year: int | None = None, omit: Collection[str] = ()) -> Table:
    """The registry: every zone with its facts; with ``year``, its phase that year (○:
    funded, no phase listed; —: not funded), with its months when its programme year
    does not start in January (구미: 2026-03 ~ 2031-02, 사업연도 3월~익년 2월).

    ``omit`` leaves columns out (a narrow terminal); ids and names are always shown.
    """
    table = Table(title="강소연구개발특구 (registry)", box=box.SIMPLE_HEAVY)
    shown = [name for name in ZONE_COLUMNS if name not in omit]
    for name in shown:
        table.add_column(
            name,
            justify="right" if name == "면적(㎢)" else "left",
            no_wrap=name in ("id", "지정", "면적(㎢)"),
            overflow="fold",
        )
    if year is not None:
        table.add_column(f"{year} 단계", overflow="fold")
    for zone in registry.zones:
        cells = {
            "id": zone.id,
            "특구": zone.name,
            "광역": zone.province,
            "기초": zone.city,
            "기술핵심기관": ", ".join(zone.core_institutions),
            "특화분야": zone.specialisation,
            "지정": zone.designated,
            "면적(㎢)": f"{zone.area_km2}" if zone.area_km2 is not None else "—",
        }
        row = [cells[name] for name in shown]
        if year is not None:
            phase = zone.phase_in(year)
            shown_phase: str = phase.phase if phase else ("○" if zone.fundable_in(year) else "—")
            if phase is not None and phase.programme_year:  # a year from March: say so
                shown_phase += f" ({phase.span}, 사업연도 {phase.programme_year})"
            row.append(shown_phase)
        table.add_row(*row)
    return table


def stage_chart(mix: StageMix, zones: dict[str, Zone], width: int = 40) -> Table:
    """A bar per zone and stage: how each zone splits its budget across the stages."""
    table = Table(title="특구별 단계 배분 비중", box=box.SIMPLE, show_header=True)
    table.add_column("특구", overflow="fold")
    table.add_column("단계", overflow="fold")
    table.add_column("비중", justify="right", no_wrap=True, overflow="fold")
    table.add_column("", no_wrap=True, overflow="fold")
    styles = ["cyan", "magenta", "yellow", "green", "blue", "red"]
    for zone in mix.zones:
        total = zone.total or 1
        for i, share in enumerate(zone.shares):
            cells = (share.amount * width * 2 + total) // (2 * total)
            table.add_row(
                _zone_label(zone.zone, zones) if i == 0 else "",
                share.name,
                f"{share.percent}%",
                Text("█" * cells, style=styles[i % len(styles)]),
                end_section=i == len(zone.shares) - 1,
            )
    return table


def diagnostic_text(diagnostic: Diagnostic) -> Text:
    """One diagnostic as ``file:line:col: error[check] message``, with its hint below."""
    style = "bold red" if diagnostic.severity is Severity.ERROR else "bold yellow"
    text = Text()
    text.append(str(diagnostic.location), style="bold")
    text.append(": ")
    text.append(f"{diagnostic.severity}[{diagnostic.check}]", style=style)
    text.append(f" {diagnostic.message}")
    if diagnostic.hint:
        text.append(f"\n  hint: {diagnostic.hint}", style="dim")
    return text
