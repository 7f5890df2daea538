"""Views of spending against the plan: lines, zones, months, 비목 and the year-end close.

The views select and label; every sum and rate is read from the totals the execution
(:mod:`gangso_cli.spending.totals`) and the close (:mod:`gangso_cli.spending.close`) carry.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from typing import TYPE_CHECKING

from gangso_cli.core.budget import Budget
from gangso_cli.core.labels import FUND_KO, zone_name
from gangso_cli.core.registry import Zone
from gangso_cli.core.table import Cell, Column, ViewTable
from gangso_cli.plan.views import changes_view
from gangso_cli.spending.close import close_total

if TYPE_CHECKING:
    from gangso_cli.spending.accounts import Execution, Rejected
    from gangso_cli.spending.close import ClosedLine
    from gangso_cli.spending.totals import Amounts, Group, LineAccount, Totals

#: Views of ``gangso execution``.
EXECUTION_VIEWS = (
    "lines", "zones", "own-funds", "months", "categories", "changes", "rejected",
)  # fmt: skip


def execution_views(
    result: Execution,
    budget: Budget,
    zones: dict[str, Zone],
    chosen: set[str] | None = None,
) -> list[ViewTable]:
    """Spending against the plan as views (:data:`EXECUTION_VIEWS`; ``own-funds`` only
    when 자부담 was read, ``categories`` only when a ledger has a 비목 column,
    ``rejected`` only when rows were not counted): per line and fund, per zone, the
    recipient's own funds per zone, cumulative by month, per 비목, and the rows left out.
    ``budget_won`` is 예산현액, the budget spending is measured against. Every figure is
    read from the execution's totals; ``chosen`` picks the zones shown."""
    stage_names = {s.id: s.name for s in budget.stages}
    totals = result.totals.over(chosen)
    as_of = result.report_date
    when = f" ({as_of.isoformat()} 기준)" if as_of else ""
    # months after the report's date are left empty
    shown = as_of.month if as_of is not None and as_of.year == result.year else 12
    views = [
        _execution_lines(result.year, when, totals, stage_names, zones),
        _execution_zones(result.year, when, totals, zones),
    ]
    own = {z: won for z, won in result.own_funds.items() if chosen is None or z in chosen}
    if own:
        views.append(own_funds_view(result.year, when, own, result.own_entries, zones))
    views.append(_execution_months(result.year, when, totals, zones, shown))
    if result.categories:
        views.append(_execution_categories(result.year, when, totals, stage_names, zones))
    if result.changes:
        views.append(changes_view(result.changes, budget, zones, chosen))
    if result.rejected:
        views.append(rejected_view(result.year, result.rejected))
    return views


def own_funds_view(
    year: int, when: str, own: dict[str, int], entries: dict[str, int], zones: dict[str, Zone]
) -> ViewTable:
    """The recipient's own funds (자부담, 자기부담, 민간부담) spent, per zone: a total of
    their own, never in 국비 or 지방비, 예산현액 or 집행률 (the budget does not hold them)."""
    table = ViewTable(
        "own-funds",
        f"{year}년 자부담 집행액{when} (국비·지방비·집행률에 넣지 않음)",
        [
            Column("zone_id", "특구 id"),
            Column("zone_name", "특구"),
            Column("entries", "건수", "int"),
            Column("own_won", "자부담 집행액", "won"),
        ],
    )
    for zone_id, won in own.items():
        table.rows.append([zone_id, zone_name(zones, zone_id), entries.get(zone_id, 0), won])
    table.total = ["", "합계", sum(entries.get(z, 0) for z in own), sum(own.values())]
    return table


def rejected_view(year: int, rejected: Rejected, *, files_as_notes: bool = False) -> ViewTable:
    """The ledger rows not counted in spending, each at its FILE:ROW (FILE:SHEET:ROW of a
    workbook) with the reason and its amount where it reads as one; a ledger not read at
    all is a row of its own. The total is every rejected row's won, listed or not.

    ``files_as_notes`` numbers the files (``[1]:집행내역:12``) and names them in the notes
    under the table: a download's long path would otherwise make the table too wide for
    a terminal, and a path is never cut."""
    table = ViewTable(
        "rejected",
        f"{year}년 집계에서 빠진 집행내역 ({rejected.rows:,}행)",
        [
            Column("location", "위치 (FILE:ROW)"),
            Column("check", "검사"),
            Column("reason", "사유"),
            Column("amount_won", "집행금액", "won"),
        ],
    )
    numbers: dict[str, int] = {}

    def file(name: str) -> str:
        if not files_as_notes:
            return name
        return f"[{numbers.setdefault(name, len(numbers) + 1)}]"

    for name in rejected.files:
        table.rows.append([file(name), "ledger-header", "장부 전체를 읽지 못함 (header)", None])
    for row in rejected.listed:
        where = replace(row.location, column=0)  # the row, not the cell
        shown = file(where.file) + str(replace(where, file=""))
        table.rows.append([shown, row.check, row.reason, row.amount])
    if rejected.rows > len(rejected.listed):
        more, listed = rejected.rows - len(rejected.listed), len(rejected.listed)
        table.rows.append(["…", "", f"{more:,}행 더 (목록은 처음 {listed:,}행)", None])
    table.total = ["합계", "", f"{rejected.rows:,}행", rejected.amount]
    table.notes = tuple(numbers)
    return table


def _execution_lines(
    year: int,
    when: str,
    totals: Totals,
    stage_names: dict[str, str],
    zones: dict[str, Zone],
) -> ViewTable:
    table = ViewTable(
        "lines",
        f"{year}년 세부사업별 집행 현황{when}",
        [
            Column("zone_id", "특구 id"),
            Column("zone_name", "특구"),
            Column("stage_id", "단계 id"),
            Column("stage_name", "단계"),
            Column("program", "세부사업"),
            Column("fund", "재원"),
            Column("original_won", "본예산", "won"),
            Column("change_won", "변경", "won"),
            Column("carry_won", "이월", "won"),
            Column("budget_won", "예산현액", "won"),
            Column("spent_won", "집행액", "won"),
            Column("balance_won", "잔액", "won"),
            Column("rate_percent", "집행률 (%)", "percent"),
        ],
    )
    for a in totals.lines:
        table.rows.append(
            [a.zone, zone_name(zones, a.zone), a.stage, stage_names.get(a.stage, a.stage),
             a.program, FUND_KO[a.fund], *_amounts(a)]
        )  # fmt: skip
    table.total = ["", "합계", "", "", "", "", *_amounts(totals.total.both)]
    return table


def _amounts(a: Amounts) -> list[Cell]:
    """본예산, 변경, 이월, 예산현액, 집행액, 잔액, 집행률."""
    return [a.original, a.change, a.carry, a.current, a.spent, a.balance, a.rate]


def _execution_zones(year: int, when: str, totals: Totals, zones: dict[str, Zone]) -> ViewTable:
    table = ViewTable(
        "zones",
        f"{year}년 특구별 집행 현황{when}",
        [
            Column("zone_id", "특구 id"),
            Column("zone_name", "특구"),
            Column("national_budget_won", "국비 예산현액", "won"),
            Column("national_spent_won", "국비 집행액", "won"),
            Column("local_budget_won", "지방비 예산현액", "won"),
            Column("local_spent_won", "지방비 집행액", "won"),
            Column("budget_won", "예산현액", "won"),
            Column("spent_won", "집행액", "won"),
            Column("balance_won", "잔액", "won"),
            Column("rate_percent", "집행률 (%)", "percent"),
        ],
    )
    for zone_id, group in totals.zones.items():
        table.rows.append([zone_id, zone_name(zones, zone_id), *_by_fund(group)])
    table.total = ["", "합계", *_by_fund(totals.total)]
    return table


def _by_fund(group: Group) -> list[Cell]:
    """국비 and 지방비 예산현액 and 집행액, then both funds' 예산현액, 집행액, 잔액, 집행률."""
    national, local, both = group.funds["national"], group.funds["local"], group.both
    return [national.current, national.spent, local.current, local.spent, both.current,
            both.spent, both.balance, both.rate]  # fmt: skip


def _execution_months(
    year: int, when: str, totals: Totals, zones: dict[str, Zone], shown: int
) -> ViewTable:
    """Cumulative spending (both funds) at the end of each month, per zone; the months
    after ``shown`` are left empty."""
    table = ViewTable(
        "months",
        f"{year}년 월별 누적 집행액{when}",
        [
            Column("zone_id", "특구 id"),
            Column("zone_name", "특구"),
            Column("budget_won", "예산현액", "won"),
            *(Column(f"m{m:02d}_won", f"{m}월", "won") for m in range(1, 13)),
            Column("rate_percent", "집행률 (%)", "percent"),
        ],
    )

    def by_month(group: Group) -> list[Cell]:
        cumulative: list[Cell] = [*group.cumulative[:shown], *([None] * (12 - shown))]
        return [group.both.current, *cumulative, group.both.rate]

    for zone_id, group in totals.zones.items():
        table.rows.append([zone_id, zone_name(zones, zone_id), *by_month(group)])
    table.total = ["", "합계", *by_month(totals.total)]
    return table


def _execution_categories(
    year: int,
    when: str,
    totals: Totals,
    stage_names: dict[str, str],
    zones: dict[str, Zone],
) -> ViewTable:
    """Spending per line and 비목; with 세목 in the ledgers, per 세목 under its 비목."""
    detailed = any(a.by_subcategory for a in totals.lines)
    columns = [
        Column("zone_id", "특구 id"),
        Column("zone_name", "특구"),
        Column("stage_id", "단계 id"),
        Column("program", "세부사업"),
        Column("fund", "재원"),
        Column("category", "비목"),
        *([Column("subcategory", "세목")] if detailed else []),
        Column("spent_won", "집행액", "won"),
    ]
    table = ViewTable("categories", f"{year}년 비목별 집행액{when}", columns)
    for a in totals.lines:
        line = [a.zone, zone_name(zones, a.zone), a.stage, a.program, FUND_KO[a.fund]]
        if detailed:
            for (category, detail), spent in sorted(_with_unnamed(a).items()):
                table.rows.append([*line, category, detail, spent])
        else:
            for category, spent in sorted(a.by_category.items()):
                table.rows.append([*line, category, spent])
    table.total = ["", "합계", "", "", "", "", *([""] if detailed else []),
                   totals.total.categorised]  # fmt: skip
    return table


def _with_unnamed(line: LineAccount) -> dict[tuple[str, str], int]:
    """A line's spending per (비목, 세목), with what no 세목 names (a ledger without a 세목
    column beside one with it) under "(세목 없음)", so the rows add up to the 비목's total."""
    rows = dict(line.by_subcategory)
    for category, spent in line.by_category.items():
        rest = spent - sum(v for (c, _), v in line.by_subcategory.items() if c == category)
        if rest:
            key = (category, "(세목 없음)")
            rows[key] = rows.get(key, 0) + rest
    return rows


def close_view(year: int, closed: Sequence[ClosedLine], zones: dict[str, Zone]) -> ViewTable:
    """The year-end close per line and fund: 예산현액, 집행액, 잔액, and what becomes of
    the balance: 이월 (with its kind), 불용, 반납 (the 국비 part of 불용), and 초과집행
    (spent past 예산현액), so that 잔액 = 이월 + 불용 − 초과집행 on every row and the total."""
    table = ViewTable(
        "close",
        f"{year}년 결산: 이월·불용·반납",
        [
            Column("zone_id", "특구 id"),
            Column("zone_name", "특구"),
            Column("stage_id", "단계 id"),
            Column("program", "세부사업"),
            Column("fund", "재원"),
            Column("budget_won", "예산현액", "won"),
            Column("spent_won", "집행액", "won"),
            Column("balance_won", "잔액", "won"),
            Column("carry_kind", "이월 구분"),
            Column("carried_won", "이월액", "won"),
            Column("unspent_won", "불용액", "won"),
            Column("returned_won", "반납액", "won"),
            Column("overspent_won", "초과집행액", "won"),
        ],
    )
    for line in closed:
        a = line.account
        table.rows.append(
            [a.zone, zone_name(zones, a.zone), a.stage, a.program, FUND_KO[a.fund], a.current,
             a.spent, a.balance, line.kind or "", line.carried, line.unspent, line.returned,
             line.overspent]
        )  # fmt: skip
    total = close_total(closed)
    table.total = ["", "합계", "", "", "", total.current, total.spent, total.balance, "",
                   total.carried, total.unspent, total.returned, total.overspent]  # fmt: skip
    return table
