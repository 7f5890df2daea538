"""Budget diffs for machines: JSON (schema ``gangso-diff/1``) and CSV, amounts in won."""

from __future__ import annotations

import json
from collections.abc import Mapping

from gangso_cli.core.labels import FUND_KO, LINE_STATUS_KO
from gangso_cli.core.registry import Zone
from gangso_cli.core.table import Column, ViewTable
from gangso_cli.plan.diff import BudgetDiff
from gangso_cli.render.csv_writer import view_csv

__all__ = ["DIFF_SCHEMA", "diff_csv", "diff_json"]

DIFF_SCHEMA = "gangso-diff/1"


def diff_json(diff: BudgetDiff, old: str, new: str, changes: ViewTable | None = None) -> str:
    """The diff as JSON: lines, envelopes and settings that changed, fund totals, and the
    budget changes (사업비 변경) listed with NEW, with their class and status."""
    document = {
        "schema": DIFF_SCHEMA,
        "old": old,
        "new": new,
        "identical": diff.identical,
        "lines": [
            {"zone": c.zone, "stage": c.stage, "program": c.program, "fund": c.fund,
             "status": c.status, "old": c.old, "new": c.new, "change": c.change}
            for c in diff.lines
        ],
        "envelopes": [
            {"zone": e.zone, "fund": e.fund, "old": e.old, "new": e.new, "change": e.change}
            for e in diff.envelopes
        ],
        "settings": [{"name": s.name, "old": s.old, "new": s.new} for s in diff.settings],
        "totals": {
            fund: {"old": old_total, "new": new_total, "change": new_total - old_total}
            for fund, (old_total, new_total) in diff.totals.items()
        },
        "changes": [
            dict(zip([c.key for c in changes.columns], row, strict=True))
            for row in changes.rows
        ] if changes is not None else [],
    }  # fmt: skip
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


def diff_csv(diff: BudgetDiff, zones: Mapping[str, Zone] | None = None) -> bytes:
    """The line changes as Excel-safe CSV (UTF-8 with BOM), one row per changed line,
    with zone and stage names and the Korean labels of the terminal table."""
    zones = zones or {}
    table = ViewTable(
        "diff",
        "세부사업 변경",
        [
            Column("zone_id", "특구 id"),
            Column("zone_name", "특구"),
            Column("stage_id", "단계 id"),
            Column("stage_name", "단계"),
            Column("program", "세부사업"),
            Column("fund", "재원"),
            Column("status", "구분"),
            Column("old_won", "이전 (원)", "won"),
            Column("new_won", "변경 (원)", "won"),
            Column("change_won", "증감 (원)", "won"),
        ],
    )
    for c in diff.lines:
        zone = zones.get(c.zone)
        table.rows.append(
            [
                c.zone,
                zone.name if zone else c.zone,
                c.stage,
                diff.stage_names.get(c.stage, c.stage),
                c.program,
                FUND_KO[c.fund],
                LINE_STATUS_KO[c.status],
                c.old,
                c.new,
                c.change,
            ]
        )
    return view_csv(table)
