"""Report views as plain tables: the data every export format writes.

Pure: an allocation in, rows of text and integer won out. Writers (CSV, XLSX, JSON,
HTML) only lay these tables out; they never compute a sum of their own.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Literal

from gangso_cli.allocator import Allocation
from gangso_cli.checks import CheckResult
from gangso_cli.models import BASIS_KO, FUNDS, Budget, Zone
from gangso_cli.money import percent_of

__all__ = [
    "VIEWS",
    "Column",
    "ViewTable",
    "basis_name",
    "build_view",
    "checks_view",
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
