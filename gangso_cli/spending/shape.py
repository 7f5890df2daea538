"""Rows of any layout shaped into the entries the reading loop takes: one tuple per
entry, in :data:`ENTRY` order. A row gives one entry, or one per fund when funds are
amount columns (보탬e: 지방비 집행금액 and 자부담 집행금액 of one row are two entries);
the amount is 집행금액, else 공급가액 + 부가세 − 집행취소, and where both are given the
identity is checked; the line is the most specific of the row's line columns.

A ledger whose columns map one to one (the common CSV) is not shaped: the loop reads its
rows as they come (:attr:`gangso_cli.spending.columns.Layout.simple`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence

from gangso_cli.core.cells import CellError
from gangso_cli.core.diagnostics import SourceLocation
from gangso_cli.spending.amounts import Summary, parse_ledger_amount, summary_label
from gangso_cli.spending.columns import Layout

__all__ = ["ENTRY", "shaped"]

#: The fields of an entry, in order.
ENTRY = ("date", "zone", "program", "fund", "amount", "memo", "category", "stage", "subcategory")

_FUND_KO = {"national": "국비", "local": "지방비", "own": "자부담"}

#: Reports a warning: check, message, the row's location, hint.
Warn = Callable[[str, str, SourceLocation, str | None], None]


def _optional(cells: Sequence[object], index: int | None) -> object:
    if index is None or index >= len(cells):
        return ""
    value = cells[index]
    return "" if value is None else value


def _part(cells: Sequence[object], index: int | None, unit: int) -> int:
    """A part of the amount (공급가액, 부가세, 집행취소, a fund's column): empty is 0."""
    value = _optional(cells, index)
    if value == "" or (type(value) is str and not value.strip()):
        return 0
    return parse_ledger_amount(value, unit)


class _Bad(str):
    """An amount cell that is not an amount, passed on for the loop to report, with why
    (said at the column's unit: the loop reads a shaped ledger's amounts as whole won)."""

    reason = ""


def _bad(value: object, exc: CellError) -> _Bad:
    bad = _Bad(value)
    bad.reason = str(exc)
    return bad


def shaped(
    rows: Iterator[Sequence[object]],
    layout: Layout,
    unit: int,
    zone: str | None,
    where: Callable[[str | None], SourceLocation],
    warn: list[Warn],
) -> Iterator[tuple[object, ...]]:
    """Each row's entries (a summary row: one entry whose date is a :class:`Summary`).

    Args:
        rows: the rows below the header.
        layout: the header's roles.
        unit: the amount's unit in won.
        zone: the zone of every row when the ledger has no 특구 column.
        where: the location of the current row (and a role's column).
        warn: holds the reporter once reading starts (an identity that fails).
    """
    cols = layout.columns
    date, memo, category, stage = (
        cols["date"],
        cols.get("memo"),
        cols.get("category"),
        cols.get("stage"),
    )
    sub, zone_col, fund_col = cols.get("subcategory"), cols.get("zone"), cols.get("fund")
    programs = layout.programs or ([cols["program"]] if "program" in cols else [])
    amount_col = cols.get("amount")
    parts = [cols.get("supply"), cols.get("vat"), cols.get("cancel")]
    has_parts = parts[0] is not None
    funds = list(layout.funds.items()) if fund_col is None else []
    for cells in rows:
        if not cells or not any(c not in ("", None) for c in cells):
            yield ("",)  # a blank row: the loop skips it
            continue
        when = _optional(cells, date)
        if type(when) is str and not any(ch.isdigit() for ch in when):
            label = summary_label(cells)
            if label is not None:
                yield (Summary(label, _total(cells, layout, amount_col, parts, funds, unit)),)
                continue
        if len(programs) > 1:
            line: object = tuple(_optional(cells, i) for i in programs)
        else:
            line = _optional(cells, programs[0]) if programs else layout.line
        detail = _optional(cells, sub)
        # the 세목 is part of what tells two entries apart (the duplicate check's 적요)
        note = (_optional(cells, memo), detail) if sub is not None else _optional(cells, memo)
        common = (note, _optional(cells, category), _optional(cells, stage), detail)
        place = zone if zone_col is None else _optional(cells, zone_col)
        if funds:
            entries: list[tuple[str, object]] = []
            for fund, columns in funds:
                try:
                    amount = sum(_part(cells, i, unit) for i in columns)
                except CellError:
                    bad = next(i for i in columns if not _ok(cells, i, unit))
                    entries.append((_FUND_KO[fund], _why(cells, bad, unit)))
                    continue
                if amount:
                    entries.append((_FUND_KO[fund], amount))
            for fund_name, value in entries or [(_FUND_KO[funds[0][0]], 0)]:
                yield (when, place, line, fund_name, value, *common)
            continue
        yield (
            when, place, line, _optional(cells, fund_col),
            _amount(cells, amount_col, parts, has_parts, unit, where, warn),
            *common,
        )  # fmt: skip


def _ok(cells: Sequence[object], index: int, unit: int) -> bool:
    try:
        _part(cells, index, unit)
    except CellError:
        return False
    return True


def _why(cells: Sequence[object], index: int | None, unit: int) -> _Bad:
    """A part's cell that does not read, with why."""
    try:
        _part(cells, index, unit)
    except CellError as exc:
        return _bad(_optional(cells, index), exc)
    raise AssertionError("the part reads")  # pragma: no cover - called on a failed part


def _amount(
    cells: Sequence[object],
    amount_col: int | None,
    parts: list[int | None],
    has_parts: bool,
    unit: int,
    where: Callable[[str | None], SourceLocation],
    warn: list[Warn],
) -> object:
    """집행금액, else 공급가액 + 부가세 − 집행취소, in won (the column's unit applied here,
    once: the loop reads a shaped ledger at 1원); where both are given and readable, a
    row whose 집행금액 is not its parts' sum is warned of (``ledger-amount-identity``)."""
    if amount_col is not None:
        raw = _optional(cells, amount_col)
        try:
            amount = parse_ledger_amount(raw, unit)
        except CellError as exc:
            return _bad(raw, exc)  # the loop reports a bad 집행금액
        if not has_parts:
            return amount
        try:
            supply, vat, cancel = (_part(cells, i, unit) for i in parts)
        except CellError:
            return amount  # a bad part is no identity
        if amount != supply + vat - cancel and warn:
            warn[0](
                "ledger-amount-identity",
                f"집행금액 {amount:,}원 is not 공급가액 {supply:,} + 부가세 {vat:,} − 집행취소 "
                f"{cancel:,} = {supply + vat - cancel:,}원",
                where("amount"),
                "check the row in the system; 집행금액 is what gangso counts",
            )
        return amount
    total = 0
    for sign, index in zip((1, 1, -1), parts, strict=True):
        try:
            total += sign * _part(cells, index, unit)
        except CellError:
            return _why(cells, index, unit)
    return total


def _total(
    cells: Sequence[object],
    layout: Layout,
    amount_col: int | None,
    parts: list[int | None],
    funds: list[tuple[str, list[int]]],
    unit: int,
) -> int | None:
    """What a summary row says the rows add up to (None: it says no amount)."""
    try:
        if funds:
            return sum(_part(cells, i, unit) for _, columns in funds for i in columns)
        if amount_col is not None:
            raw = _optional(cells, amount_col)
            return None if raw == "" else parse_ledger_amount(raw, unit)
        sign = (1, 1, -1)
        return sum(s * _part(cells, i, unit) for s, i in zip(sign, parts, strict=True))
    except CellError:
        return None
