"""Budget diffs on the terminal: the changed lines, envelopes and settings as view tables,
so that they fit a narrow terminal as every view does (text wraps, figures never; too
wide, blocks of columns each naming the zone)."""

from __future__ import annotations

from gangso_cli.core.labels import LINE_STATUS_KO
from gangso_cli.core.money import DisplayUnit, format_won
from gangso_cli.core.registry import Zone
from gangso_cli.core.table import Cell, Column, ViewTable
from gangso_cli.plan.diff import BudgetDiff
from gangso_cli.render.terminal import FUND_LABEL, ViewRenderable

__all__ = ["diff_tables"]


def _zone(zone_id: str, zones: dict[str, Zone]) -> str:
    zone = zones.get(zone_id)
    return f"{zone.city} ({zone_id})" if zone else zone_id


def _signed(won: int, unit: DisplayUnit) -> str:
    return ("+" if won > 0 else "") + format_won(won, unit)


def _maybe(won: int | None, unit: DisplayUnit) -> str:
    return format_won(won, unit) if won is not None else "—"


def _amounts() -> list[Column]:
    # shown as text already (a sign, or — for a line that was not there): right-aligned
    # figures all the same, never wrapped
    return [Column("old_won", "이전", "won"), Column("new_won", "변경", "won"),
            Column("change_won", "증감", "won")]  # fmt: skip


def diff_tables(
    diff: BudgetDiff, unit: DisplayUnit, zones: dict[str, Zone]
) -> list[ViewRenderable]:
    """The changes between two budgets: lines, envelopes and settings, with totals."""
    lines = ViewTable(
        "diff-lines",
        "세부사업 변경 (line changes)",
        [Column("zone", "특구"), Column("stage", "단계"), Column("program", "세부사업"),
         Column("fund", "재원"), Column("status", "구분"), *_amounts()],
    )  # fmt: skip
    for change in diff.lines:
        lines.rows.append(
            [_zone(change.zone, zones), diff.stage_names.get(change.stage, change.stage),
             change.program, FUND_LABEL[change.fund], LINE_STATUS_KO[change.status],
             _maybe(change.old, unit), _maybe(change.new, unit), _signed(change.change, unit)]
        )  # fmt: skip
    totals: list[list[Cell]] = [
        ["합계", "", "", FUND_LABEL[fund], "", format_won(old, unit), format_won(new, unit),
         _signed(new - old, unit)]
        for fund, (old, new) in diff.totals.items()
    ]  # fmt: skip
    lines.rows += totals
    tables = [ViewRenderable(lines, unit)]
    if diff.envelopes:
        envelopes = ViewTable(
            "diff-envelopes",
            "배정액 변경 (envelopes)",
            [Column("zone", "특구"), Column("fund", "재원"), *_amounts()],
        )
        for env in diff.envelopes:
            envelopes.rows.append(
                [_zone(env.zone, zones), FUND_LABEL[env.fund], _maybe(env.old, unit),
                 _maybe(env.new, unit), _signed(env.change, unit)]
            )  # fmt: skip
        tables.append(ViewRenderable(envelopes, unit))
    if diff.settings:
        settings = ViewTable(
            "diff-settings",
            "설정 변경 (settings)",
            [Column("name", "항목"), Column("old", "이전"), Column("new", "변경")],
        )
        for setting in diff.settings:
            settings.rows.append([setting.name, setting.old, setting.new])
        tables.append(ViewRenderable(settings, unit))
    return tables
