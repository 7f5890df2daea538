"""Views of a plan: lines, zones, stages, checks, envelopes and budget changes."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from gangso_cli.core.budget import FUNDS, Budget
from gangso_cli.core.labels import (
    ASSUMED_KO,
    CHANGE_CLASS_KO,
    CHANGE_STATUS_KO,
    FUND_KO,
    basis_name,
    marked_title,
)
from gangso_cli.core.money import percent_of
from gangso_cli.core.registry import Zone
from gangso_cli.plan.allocator import Allocation
from gangso_cli.plan.checks.base import CheckResult

if TYPE_CHECKING:
    from gangso_cli.plan.changes import ResolvedChange
    from gangso_cli.plan.envelopes import Envelopes
from gangso_cli.core.labels import zone_name
from gangso_cli.core.table import Column, ViewTable

VIEWS = ("lines", "zones", "stages")


#: Korean labels of a line change, as the diff table and its CSV show them.


#: Bases from the firmest to the least: a line is as firm as the weaker of its split and
#: the envelope it divides.
_FIRMNESS = ("official", "reported", "derived", "illustrative")


def line_basis(budget: Budget, zone_id: str, fund: str = "national") -> str | None:
    """The basis of a zone's lines of a fund: the weaker of the split's (``lines_basis``,
    else the budget's) and the zone's envelope of that fund; None when neither is given."""
    envelope = budget.zone_local_basis(zone_id) if fund == "local" else budget.zone_basis(zone_id)
    given = [b for b in (budget.lines_basis or budget.basis, envelope) if b]
    return max(given, key=_FIRMNESS.index) if given else None


def _lines_view(budget: Budget, allocation: Allocation, zones: dict[str, Zone]) -> ViewTable:
    stage_names = {s.id: s.name for s in allocation.stages}
    table = ViewTable(
        "lines",
        f"{allocation.year}년 배분 내역 (세부사업별)",
        [
            Column("year", "연도", "int"),
            Column("zone_id", "특구 id"),
            Column("zone_name", "특구"),
            Column("province", "광역"),
            Column("stage_id", "단계 id"),
            Column("stage_name", "단계"),
            Column("program", "세부사업"),
            Column("fund", "재원"),
            Column("amount_won", "금액 (원)", "won"),
            Column("rule", "배분 규칙"),
            Column("basis", "근거 코드", for_tools=True),
            Column("basis_name", "근거"),
        ],
    )
    for line in allocation.lines():
        zone = zones.get(line.zone)
        basis = line_basis(budget, line.zone, line.fund)
        table.rows.append(
            [
                allocation.year,
                line.zone,
                zone.name if zone else line.zone,
                zone.province if zone else "",
                line.stage,
                stage_names.get(line.stage, line.stage),
                line.program,
                FUND_KO[line.fund],
                line.amount,
                str(line.rule),
                basis,
                basis_name(basis),
            ]
        )
    return table


def _zones_view(budget: Budget, allocation: Allocation, zones: dict[str, Zone]) -> ViewTable:
    table = ViewTable(
        "zones",
        f"{allocation.year}년 특구별 배정액과 지방비 매칭 (최소 {budget.policy.min_local_match}%)",
        [
            Column("zone_id", "특구 id"),
            Column("zone_name", "특구"),
            Column("province", "광역"),
            Column("national", "국비", "won"),
            Column("local", "지방비", "won"),
            Column("total", "합계", "won"),
            Column("local_match_percent", "매칭비율 (%)", "percent"),
            Column("basis", "근거 코드", for_tools=True),
            Column("basis_name", "근거"),
        ],
    )
    for z in allocation.zones:
        zone = zones.get(z.zone)
        basis = budget.zone_basis(z.zone)
        table.rows.append(
            [
                z.zone,
                zone.name if zone else z.zone,
                zone.province if zone else "",
                z.national,
                z.local,
                z.national + z.local,
                percent_of(z.local, z.national),
                basis,
                basis_name(basis),
            ]
        )
    national = sum(z.national for z in allocation.zones)
    local = sum(z.local for z in allocation.zones)
    basis = budget.totals_basis
    table.total = [
        "", "합계", "", national, local, national + local, percent_of(local, national),
        basis, basis_name(basis),
    ]  # fmt: skip
    return table


def _stages_view(allocation: Allocation, zones: dict[str, Zone]) -> ViewTable:
    stage_ids = [s.id for s in allocation.stages]
    extra = sorted({line.stage for line in allocation.lines()} - set(stage_ids))
    columns = [*stage_ids, *extra]
    names = {s.id: s.name for s in allocation.stages}
    table = ViewTable(
        "stages",
        f"{allocation.year}년 특구별·단계별 배분",
        [
            Column("zone_id", "특구 id"),
            Column("zone_name", "특구"),
            Column("fund", "재원"),
            *(Column(stage, names.get(stage, stage), "won") for stage in columns),
            Column("total", "합계", "won"),
        ],
    )
    for z in allocation.zones:
        zone = zones.get(z.zone)
        for fund in (*FUNDS, None):
            per_stage = z.by_stage(fund)
            table.rows.append(
                [
                    z.zone,
                    zone.name if zone else z.zone,
                    FUND_KO[fund] if fund else "합계",
                    *(per_stage.get(stage, 0) for stage in columns),
                    sum(per_stage.values()),
                ]
            )
    table.total = [
        "",
        "합계",
        "",
        *(allocation.stage_total(stage) for stage in columns),
        allocation.total(),
    ]
    return table


def build_view(
    name: str, budget: Budget, allocation: Allocation, zones: dict[str, Zone]
) -> ViewTable:
    """Build a view by name: ``lines``, ``zones`` or ``stages``; its title says so when
    its figures are partly illustrative."""
    if name == "lines":
        view = _lines_view(budget, allocation, zones)
    elif name == "zones":
        view = _zones_view(budget, allocation, zones)
    elif name == "stages":
        view = _stages_view(allocation, zones)
    else:
        raise ValueError(f"unknown view {name!r}; choose from {', '.join(VIEWS)}")
    shown = {z.zone for z in allocation.zones}
    envelopes = any(
        "illustrative" in (budget.zone_basis(z), budget.zone_local_basis(z)) for z in shown
    ) or (budget.totals_basis == "illustrative")
    split = (budget.lines_basis or budget.basis) == "illustrative"
    view.title = marked_title(view.title, envelopes or (split and name != "zones"))
    return view


def checks_view(results: list[CheckResult]) -> ViewTable:
    """The checks as a table: id, title, pass/fail, difference in won, messages."""
    table = ViewTable(
        "checks",
        "검사 결과",
        [
            Column("check", "검사 id"),
            Column("title", "검사"),
            Column("result", "결과"),
            Column("difference_won", "차이 (원)", "won"),
            Column("messages", "내용"),
        ],
    )
    for result in results:
        table.rows.append(
            [
                result.check.id,
                result.check.title,
                result.status,
                result.difference,
                "; ".join(f"{d.location}: {d.message}" for d in result.diagnostics),
            ]
        )
    return table


def envelopes_view(envelopes: Envelopes, budget: Budget, zones: dict[str, Zone]) -> ViewTable:
    """Each zone's 국비 and how it came about (base + incentive + adjustment), 지방비, the
    match and the basis. Base, incentive and adjustment are empty for written envelopes."""
    how = "기본 + 인센티브 + 조정" if envelopes.derived else "예산 파일에 기재"
    table = ViewTable(
        "envelopes",
        f"{envelopes.year}년 특구별 국비 산정 ({how})",
        [
            Column("year", "연도", "int", for_tools=True),  # the title says the year
            Column("zone_id", "특구 id"),
            Column("zone_name", "특구"),
            Column("phase", "단계"),
            Column("grade", "평가"),
            Column("base_won", "기본", "won"),
            Column("incentive_won", "인센티브", "won"),
            Column("adjustment_won", "조정", "won"),
            Column("national_won", "국비", "won"),
            Column("local_won", "지방비", "won"),
            Column("total_won", "합계", "won"),
            Column("local_match_percent", "매칭비율 (%)", "percent"),
            Column("basis", "근거 코드", for_tools=True),
            Column("basis_name", "근거"),
            Column("evaluation_year", "평가 연도", "int", for_tools=True),
            Column("rank", "평가 순위", "int", for_tools=True),
            Column("source", "출처", for_tools=True),
            Column("basis_note", "근거 설명", for_tools=True),
            Column("evaluation_source", "평가 출처", for_tools=True),
            Column("national_basis", "국비 근거 코드", for_tools=True),
            Column("local_basis", "지방비 근거 코드", for_tools=True),
        ],
    )
    for row in envelopes.zones:
        zone = zones.get(row.zone)
        basis = budget.zone_basis(row.zone)
        # An incentive paid on an assumed result is 가정 (the code stays the envelope's).
        name = ASSUMED_KO if row.assumed and row.incentive else basis_name(basis)
        table.rows.append(
            [
                envelopes.year, row.zone, zone.name if zone else row.zone, row.phase or "",
                row.grade or "", row.base, row.incentive, row.adjustment, row.national,
                row.local, row.total, percent_of(row.local, row.national), basis,
                name, row.evaluation_year, row.rank, budget.zone_source(row.zone),
                budget.zone_basis_note(row.zone), row.grade_source, basis,
                budget.zone_local_basis(row.zone),
            ]
        )  # fmt: skip

    def summed(key: str) -> int | None:
        index = [c.key for c in table.columns].index(key)
        cells = [r[index] for r in table.rows]
        return None if all(c is None for c in cells) else sum(int(c or 0) for c in cells)

    table.title = marked_title(table.title, budget.envelopes_illustrative)
    national, local = summed("national_won") or 0, summed("local_won") or 0
    table.total = [
        None, "", "합계", "", "", summed("base_won"), summed("incentive_won"),
        summed("adjustment_won"), national, local, national + local,
        percent_of(local, national), budget.totals_basis, basis_name(budget.totals_basis),
        None, None, budget.totals_source, budget.totals_basis_note, "", None, None,
    ]  # fmt: skip
    return table


def changes_view(
    changes: Sequence[ResolvedChange],
    budget: Budget,
    zones: dict[str, Zone],
    chosen: set[str] | None = None,
) -> ViewTable:
    """Every budget change with its class (경미, 승인 필요) and status (요청, 승인, 반려)."""

    table = ViewTable(
        "changes",
        f"{budget.year}년 사업비 변경",
        [
            Column("date", "일자"),
            Column("zone_id", "특구 id"),
            Column("zone_name", "특구"),
            Column("kind", "구분"),
            Column("from", "From (단계·세부사업)"),
            Column("to", "To / 이월"),
            Column("fund", "재원"),
            Column("amount_won", "금액", "won"),
            Column("class", "분류"),
            Column("status", "상태"),
            Column("reason", "사유"),
        ],
    )
    for resolved in changes:
        if chosen is not None and resolved.zone not in chosen:
            continue
        change, lines = resolved.change, budget.zones[resolved.zone].lines
        source = lines[resolved.source].program if resolved.source is not None else ""
        target = lines[resolved.target].program if resolved.target is not None else ""
        table.rows.append(
            [
                change.date.isoformat(), resolved.zone, zone_name(zones, resolved.zone),
                "이월 지정" if change.is_carry else "이동", source,
                change.carry or target, FUND_KO[change.fund], change.amount,
                CHANGE_CLASS_KO[resolved.klass] if not change.is_carry else "",
                CHANGE_STATUS_KO[change.status], change.reason,
            ]
        )  # fmt: skip
    return table
