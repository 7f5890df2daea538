"""Report views as plain tables: the data every export format writes.

Pure: an allocation in, rows of text and integer won out. Writers (CSV, XLSX, JSON,
HTML) only lay these tables out; they never compute a sum of their own.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING, Literal

from gangso_cli.allocator import Allocation
from gangso_cli.checks import CheckResult
from gangso_cli.models import BASIS_KO, FUNDS, PHASES, PLATFORM_STAGES, Budget, Zone
from gangso_cli.money import percent_of

if TYPE_CHECKING:
    from gangso_cli.changes import ResolvedChange
    from gangso_cli.close import ClosedLine
    from gangso_cli.envelopes import Envelopes, ZoneEnvelope
    from gangso_cli.execution import Execution, LineAccount

__all__ = [
    "EXECUTION_VIEWS",
    "HISTORY_VIEWS",
    "VIEWS",
    "Column",
    "ViewTable",
    "basis_name",
    "build_view",
    "changes_view",
    "checks_view",
    "close_view",
    "envelopes_view",
    "execution_views",
    "history_views",
    "with_subtotals",
]

ColumnKind = Literal["text", "won", "percent", "int"]
Cell = str | int | Decimal | None

VIEWS = ("lines", "zones", "stages")
FUND_KO = {"national": "국비", "local": "지방비"}
#: Korean labels of a line change, as the diff table and its CSV show them.
STATUS_KO = {"added": "신규", "removed": "삭제", "changed": "변경"}


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

    def column_total(self, key: str) -> int:
        """The sum of a won column over the rows (not the total row), in won."""
        index = [c.key for c in self.columns].index(key)
        return sum(int(row[index] or 0) for row in self.rows)


def _lines_view(allocation: Allocation, zones: dict[str, Zone]) -> ViewTable:
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
        ],
    )
    for line in allocation.lines():
        zone = zones.get(line.zone)
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


def basis_name(basis: str | None) -> str:
    """A basis as tables show it: 공식, 보도, 산출, 예시 (empty when the file does not say)."""
    return BASIS_KO[basis] if basis else ""


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


def with_subtotals(view: ViewTable, by: str = "zone_id") -> ViewTable:
    """The view with a 소계 row after each group of ``by`` and a 합계 row: what people
    reading the lines in Excel or a browser look for. Sums are of exact won."""
    keys = [c.key for c in view.columns]
    group, label_at = keys.index(by), keys.index("zone_name") if "zone_name" in keys else 0
    won = [i for i, c in enumerate(view.columns) if c.kind == "won"]
    rows: list[list[Cell]] = []
    subtotals: set[int] = set()

    def summed(part: list[list[Cell]], label: str, key: Cell) -> list[Cell]:
        row: list[Cell] = [None] * len(keys)
        row[group], row[label_at] = key, label
        for i in won:
            row[i] = sum(int(r[i] or 0) for r in part)
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


def build_view(
    name: str, budget: Budget, allocation: Allocation, zones: dict[str, Zone]
) -> ViewTable:
    """Build a view by name: ``lines``, ``zones`` or ``stages``."""
    if name == "lines":
        return _lines_view(allocation, zones)
    if name == "zones":
        return _zones_view(budget, allocation, zones)
    if name == "stages":
        return _stages_view(allocation, zones)
    raise ValueError(f"unknown view {name!r}; choose from {', '.join(VIEWS)}")


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


# --- envelopes and the years ---------------------------------------------------------


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
        ],
    )
    for row in envelopes.zones:
        zone = zones.get(row.zone)
        basis = budget.zone_basis(row.zone)
        table.rows.append(
            [
                envelopes.year, row.zone, zone.name if zone else row.zone, row.phase or "",
                row.grade or "", row.base, row.incentive, row.adjustment, row.national,
                row.local, row.total, percent_of(row.local, row.national), basis,
                basis_name(basis),
            ]
        )  # fmt: skip

    def summed(key: str) -> int | None:
        index = [c.key for c in table.columns].index(key)
        cells = [r[index] for r in table.rows]
        return None if all(c is None for c in cells) else sum(int(c or 0) for c in cells)

    national, local = summed("national_won") or 0, summed("local_won") or 0
    table.total = [
        None, "", "합계", "", "", summed("base_won"), summed("incentive_won"),
        summed("adjustment_won"), national, local, national + local,
        percent_of(local, national), budget.totals_basis, basis_name(budget.totals_basis),
    ]  # fmt: skip
    return table


#: Views of ``gangso history``.
HISTORY_VIEWS = ("years", "zones", "programme", "stages")


def _change(now: int, before: int | None) -> tuple[int | None, Decimal | None]:
    if before is None:
        return None, None
    return now - before, percent_of(now - before, before)


def history_views(
    years: Sequence[tuple[Budget, Envelopes, Allocation]],
    zones: dict[str, Zone],
    chosen: set[str] | None = None,
) -> list[ViewTable]:
    """The programme over the years, as four views (:data:`HISTORY_VIEWS`):

    - ``years``: per zone per year 국비, 지방비, total, match, change on the zone's
      previous funded year, running total, basis;
    - ``zones``: per zone the years funded, totals, and 국비 per phase;
    - ``programme``: per year the zones' totals and the change on the year before;
    - ``stages``: per year the won in each platform stage (기술발굴, 기술이전·창업,
      기업성장지원), over the zones shown, so years with other sub-programmes compare.

    ``chosen`` limits every view to those zones (None: all).
    """
    order = {zone_id: i for i, zone_id in enumerate(zones)}
    span = f"{years[0][0].year}–{years[-1][0].year}" if years else ""
    per_zone: dict[str, list[tuple[Budget, ZoneEnvelope]]] = {}
    for budget, envelopes, _ in years:
        for row in envelopes.zones:
            if chosen is None or row.zone in chosen:
                per_zone.setdefault(row.zone, []).append((budget, row))
    ranked = sorted(per_zone, key=lambda z: (order.get(z, len(order)), z))
    return [
        _years_view(span, ranked, per_zone, zones),
        _zone_totals_view(span, ranked, per_zone, zones),
        _programme_view(span, years, chosen),
        _stage_mix_view(span, years, chosen),
    ]


def _years_view(
    span: str,
    ranked: list[str],
    per_zone: dict[str, list[tuple[Budget, ZoneEnvelope]]],
    zones: dict[str, Zone],
) -> ViewTable:
    table = ViewTable(
        "years",
        f"특구별 연도별 예산 ({span})",
        [
            Column("zone_id", "특구 id"),
            Column("zone_name", "특구"),
            Column("year", "연도", "int"),
            Column("phase", "단계"),
            Column("grade", "평가"),
            Column("national_won", "국비", "won"),
            Column("local_won", "지방비", "won"),
            Column("total_won", "합계", "won"),
            Column("local_match_percent", "매칭 (%)", "percent"),
            Column("change_won", "전년 대비", "won"),
            Column("change_percent", "증감 (%)", "percent"),
            Column("cumulative_won", "누계", "won"),
            Column("basis", "근거 코드", for_tools=True),
            Column("basis_name", "근거"),
        ],
    )
    for zone_id in ranked:
        zone = zones.get(zone_id)
        before: int | None = None
        cumulative = 0
        for budget, row in per_zone[zone_id]:
            cumulative += row.total
            change, change_percent = _change(row.total, before)
            basis = budget.zone_basis(zone_id)
            table.rows.append(
                [
                    zone_id, zone.name if zone else zone_id, budget.year, row.phase or "",
                    row.grade or "", row.national, row.local, row.total,
                    percent_of(row.local, row.national), change, change_percent, cumulative,
                    basis, basis_name(basis),
                ]
            )  # fmt: skip
            before = row.total
    return table


def _phase_key(phase: str) -> str:
    """A phase as a column key: ``phase_1_national_won`` for 1단계 기반조성."""
    return f"phase_{PHASES.index(phase)}_national_won"


def _zone_totals_view(
    span: str,
    ranked: list[str],
    per_zone: dict[str, list[tuple[Budget, ZoneEnvelope]]],
    zones: dict[str, Zone],
) -> ViewTable:
    phases = [p for p in PHASES if any(r.phase == p for rows in per_zone.values() for _, r in rows)]
    table = ViewTable(
        "zones",
        f"특구별 누계와 단계별 국비 ({span})",
        [
            Column("zone_id", "특구 id"),
            Column("zone_name", "특구"),
            Column("first_year", "첫해", "int"),
            Column("years", "연수", "int"),
            Column("national_won", "국비 누계", "won"),
            Column("local_won", "지방비 누계", "won"),
            Column("total_won", "합계", "won"),
            Column("local_match_percent", "매칭 (%)", "percent"),
            *(Column(_phase_key(p), f"{p.split()[0]} 국비", "won") for p in phases),
        ],
    )
    for zone_id in ranked:
        rows = per_zone[zone_id]
        zone = zones.get(zone_id)
        national = sum(r.national for _, r in rows)
        local = sum(r.local for _, r in rows)
        table.rows.append(
            [
                zone_id, zone.name if zone else zone_id, rows[0][0].year, len(rows),
                national, local, national + local, percent_of(local, national),
                *(sum(r.national for _, r in rows if r.phase == p) for p in phases),
            ]
        )  # fmt: skip
    national = table.column_total("national_won") if table.rows else 0
    local = table.column_total("local_won") if table.rows else 0
    table.total = [
        "", "합계", None, None, national, local, national + local, percent_of(local, national),
        *(table.column_total(_phase_key(p)) for p in phases),
    ]  # fmt: skip
    return table


def _programme_view(
    span: str,
    years: Sequence[tuple[Budget, Envelopes, Allocation]],
    chosen: set[str] | None,
) -> ViewTable:
    whom = "전체 특구" if chosen is None else "선택한 특구"
    table = ViewTable(
        "programme",
        f"연도별 사업 합계 ({whom}, {span})",
        [
            Column("year", "연도", "int"),
            Column("zones", "특구 수", "int"),
            Column("national_won", "국비", "won"),
            Column("local_won", "지방비", "won"),
            Column("total_won", "합계", "won"),
            Column("local_match_percent", "매칭 (%)", "percent"),
            Column("change_won", "전년 대비", "won"),
            Column("change_percent", "증감 (%)", "percent"),
            Column("basis", "근거 코드", for_tools=True),
            Column("basis_name", "근거"),
        ],
    )
    before: int | None = None
    for budget, envelopes, _ in years:
        rows = [r for r in envelopes.zones if chosen is None or r.zone in chosen]
        national = sum(r.national for r in rows)
        local = sum(r.local for r in rows)
        change, change_percent = _change(national + local, before)
        bases = {budget.zone_basis(r.zone) for r in rows}
        basis = (
            budget.totals_basis if chosen is None else (bases.pop() if len(bases) == 1 else None)
        )
        table.rows.append(
            [
                budget.year, len(rows), national, local, national + local,
                percent_of(local, national), change, change_percent, basis,
                basis_name(basis) if basis else ("혼합" if rows else ""),
            ]
        )  # fmt: skip
        before = national + local
    national, local = table.column_total("national_won"), table.column_total("local_won")
    table.total = [
        None, None, national, local, national + local, percent_of(local, national),
        None, None, None, "",
    ]  # fmt: skip
    return table


#: Column keys of the platform's stages in the stage-mix view, and a key for stages a
#: year does not map onto the platform.
_PLATFORM_KO = {"discovery": "기술발굴", "transfer": "기술이전·창업", "growth": "기업성장지원"}
_PLATFORM_SHORT = {"discovery": "발굴", "transfer": "이전·창업", "growth": "성장"}


def _stage_mix_view(
    span: str,
    years: Sequence[tuple[Budget, Envelopes, Allocation]],
    chosen: set[str] | None,
) -> ViewTable:
    # 미분류 (stages a year does not map onto the platform) only when some year has one.
    unmapped = any(s.platform_stage is None for budget, _, _ in years for s in budget.stages)
    keys = [*PLATFORM_STAGES, *(["unmapped"] if unmapped else [])]
    table = ViewTable(
        "stages",
        f"연도별 단계 구성 (플랫폼 단계 기준, {span})",
        [
            Column("year", "연도", "int"),
            *(Column(f"{k}_won", _PLATFORM_KO.get(k, "미분류"), "won") for k in keys),
            Column("total_won", "합계", "won"),
            *(
                Column(f"{k}_percent", f"{_PLATFORM_SHORT[k]} (%)", "percent")
                for k in PLATFORM_STAGES
            ),
        ],
    )
    for budget, _, allocation in years:
        platform = {s.id: s.platform_stage or "unmapped" for s in budget.stages}
        amounts = dict.fromkeys([*keys, "unmapped"], 0)
        for line in allocation.lines():
            if chosen is None or line.zone in chosen:
                amounts[platform.get(line.stage, "unmapped")] += line.amount
        total = sum(amounts.values())
        table.rows.append(
            [
                budget.year,
                *(amounts[k] for k in keys),
                total,
                *(percent_of(amounts[k], total) for k in PLATFORM_STAGES),
            ]
        )
    return table


# --- spending against the plan (집행) -----------------------------------------------------

#: Views of ``gangso execution``.
EXECUTION_VIEWS = ("lines", "zones", "months", "categories", "changes")


def execution_views(
    result: Execution,
    budget: Budget,
    zones: dict[str, Zone],
    chosen: set[str] | None = None,
) -> list[ViewTable]:
    """Spending against the plan as views (:data:`EXECUTION_VIEWS`; ``categories`` only
    when a ledger has a 비목 column): per line and fund, per zone, cumulative by month,
    and per 비목. ``budget_won`` is 예산현액, the budget spending is measured against."""
    stage_names = {s.id: s.name for s in budget.stages}
    accounts = [
        a
        for a in sorted(
            result.accounts.values(),
            key=lambda a: (list(budget.zones).index(a.zone), a.index, FUNDS.index(a.fund)),
        )
        if chosen is None or a.zone in chosen
    ]
    as_of = result.as_of or result.last_date
    when = f" ({as_of.isoformat()} 기준)" if as_of else ""
    views = [
        _execution_lines(result.year, when, accounts, stage_names, zones),
        _execution_zones(result.year, when, accounts, zones),
        _execution_months(result, when, accounts, zones, chosen),
    ]
    if result.categories:
        views.append(_execution_categories(result.year, when, accounts, stage_names, zones))
    if result.changes:
        views.append(changes_view(result.changes, budget, zones, chosen))
    return views


def changes_view(
    changes: Sequence[ResolvedChange],
    budget: Budget,
    zones: dict[str, Zone],
    chosen: set[str] | None = None,
) -> ViewTable:
    """Every budget change with its class (경미, 승인 필요) and status (요청, 승인, 반려)."""
    from gangso_cli.changes import CLASS_KO, STATUS_KO

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
                change.date.isoformat(), resolved.zone, _name(zones, resolved.zone),
                "이월 지정" if change.is_carry else "이동", source,
                change.carry or target, FUND_KO[change.fund], change.amount,
                CLASS_KO[resolved.klass] if not change.is_carry else "",
                STATUS_KO[change.status], change.reason,
            ]
        )  # fmt: skip
    return table


def _name(zones: dict[str, Zone], zone_id: str) -> str:
    zone = zones.get(zone_id)
    return zone.name if zone else zone_id


def _execution_lines(
    year: int,
    when: str,
    accounts: list[LineAccount],
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
    for a in accounts:
        table.rows.append(
            [
                a.zone, _name(zones, a.zone), a.stage, stage_names.get(a.stage, a.stage),
                a.program, FUND_KO[a.fund], a.original, a.change, a.carry, a.current, a.spent,
                a.balance, a.rate,
            ]
        )  # fmt: skip
    budget_won, spent = sum(a.current for a in accounts), sum(a.spent for a in accounts)
    table.total = [
        "", "합계", "", "", "", "", sum(a.original for a in accounts),
        sum(a.change for a in accounts), sum(a.carry for a in accounts), budget_won, spent,
        budget_won - spent, percent_of(spent, budget_won),
    ]  # fmt: skip
    return table


def _execution_zones(
    year: int, when: str, accounts: list[LineAccount], zones: dict[str, Zone]
) -> ViewTable:
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
    totals: dict[str, list[int]] = {}
    for a in accounts:
        sums = totals.setdefault(a.zone, [0, 0, 0, 0])
        offset = 0 if a.fund == "national" else 2
        sums[offset] += a.current
        sums[offset + 1] += a.spent
    for zone_id, (nb, ns, lb, ls) in totals.items():
        table.rows.append(
            [zone_id, _name(zones, zone_id), nb, ns, lb, ls, nb + lb, ns + ls,
             nb + lb - ns - ls, percent_of(ns + ls, nb + lb)]
        )  # fmt: skip
    column = [sum(v[i] for v in totals.values()) for i in range(4)]
    nb, ns, lb, ls = column
    table.total = ["", "합계", nb, ns, lb, ls, nb + lb, ns + ls, nb + lb - ns - ls,
                   percent_of(ns + ls, nb + lb)]  # fmt: skip
    return table


def _execution_months(
    result: Execution,
    when: str,
    accounts: list[LineAccount],
    zones: dict[str, Zone],
    chosen: set[str] | None,
) -> ViewTable:
    """Cumulative spending (both funds) at the end of each month, per zone; months after
    the report's date are left empty."""
    last = result.as_of or result.last_date
    shown = last.month if last is not None and last.year == result.year else 12
    table = ViewTable(
        "months",
        f"{result.year}년 월별 누적 집행액{when}",
        [
            Column("zone_id", "특구 id"),
            Column("zone_name", "특구"),
            Column("budget_won", "예산현액", "won"),
            *(Column(f"m{m:02d}_won", f"{m}월", "won") for m in range(1, 13)),
            Column("rate_percent", "집행률 (%)", "percent"),
        ],
    )
    budgets: dict[str, int] = {}
    for a in accounts:
        budgets[a.zone] = budgets.get(a.zone, 0) + a.current
    programme = [0] * 12
    for zone_id, budget_won in budgets.items():
        spent = [0] * 12
        for (zone, _), months in result.monthly.items():
            if zone == zone_id:
                spent = [a + b for a, b in zip(spent, months, strict=True)]
        cumulative, running = [], 0
        for m in range(12):
            running += spent[m]
            programme[m] += spent[m]
            cumulative.append(running if m < shown else None)
        table.rows.append(
            [zone_id, _name(zones, zone_id), budget_won, *cumulative,
             percent_of(running, budget_won)]
        )  # fmt: skip
    total_budget, running, cumulative = sum(budgets.values()), 0, []
    for m in range(12):
        running += programme[m]
        cumulative.append(running if m < shown else None)
    table.total = ["", "합계", total_budget, *cumulative, percent_of(running, total_budget)]
    return table


def _execution_categories(
    year: int,
    when: str,
    accounts: list[LineAccount],
    stage_names: dict[str, str],
    zones: dict[str, Zone],
) -> ViewTable:
    table = ViewTable(
        "categories",
        f"{year}년 비목별 집행액{when}",
        [
            Column("zone_id", "특구 id"),
            Column("zone_name", "특구"),
            Column("stage_id", "단계 id"),
            Column("program", "세부사업"),
            Column("fund", "재원"),
            Column("category", "비목"),
            Column("spent_won", "집행액", "won"),
        ],
    )
    for a in accounts:
        for category, spent in sorted(a.by_category.items()):
            table.rows.append(
                [a.zone, _name(zones, a.zone), a.stage, a.program, FUND_KO[a.fund], category,
                 spent]
            )  # fmt: skip
    table.total = ["", "합계", "", "", "", "", sum(int(row[-1] or 0) for row in table.rows)]
    return table


def close_view(year: int, closed: Sequence[ClosedLine], zones: dict[str, Zone]) -> ViewTable:
    """The year-end close per line and fund: 예산현액, 집행액, 잔액, and what becomes of
    the balance: 이월 (with its kind), 불용, and 반납 (the 국비 part of 불용)."""
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
        ],
    )
    for line in closed:
        a = line.account
        table.rows.append(
            [a.zone, _name(zones, a.zone), a.stage, a.program, FUND_KO[a.fund], a.current,
             a.spent, a.balance, line.kind or "", line.carried, line.unspent, line.returned]
        )  # fmt: skip
    table.total = [
        "", "합계", "", "", "", sum(c.account.current for c in closed),
        sum(c.account.spent for c in closed), sum(c.account.balance for c in closed), "",
        sum(c.carried for c in closed), sum(c.unspent for c in closed),
        sum(c.returned for c in closed),
    ]  # fmt: skip
    return table
