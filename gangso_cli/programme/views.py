"""Views of the programme across years: per zone, per phase, per year, the stage mix."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from gangso_cli.core.budget import PLATFORM_STAGES
from gangso_cli.core.evaluations import Evaluations, ZoneResult
from gangso_cli.core.labels import (
    ASSUMED_KO,
    BASIS_KO,
    PLATFORM_KO,
    PLATFORM_SHORT_KO,
    basis_name,
    marked_title,
)
from gangso_cli.core.money import percent_of
from gangso_cli.core.registry import PHASES, Zone
from gangso_cli.core.table import Column, ViewTable
from gangso_cli.programme.history import HistoryYear, StageMix, ZoneYear, stage_mix

#: Views of ``gangso history``.
HISTORY_VIEWS = ("years", "zones", "programme", "stages", "evaluations")


def _change(now: int, before: int | None) -> tuple[int | None, Decimal | None]:
    if before is None:
        return None, None
    return now - before, percent_of(now - before, before)


def history_views(
    years: Sequence[HistoryYear],
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
    span = f"{years[0].year}–{years[-1].year}" if years else ""
    per_zone: dict[str, list[tuple[int, ZoneYear]]] = {}
    for entry in years:
        for row in entry.zones:
            if chosen is None or row.zone in chosen:
                per_zone.setdefault(row.zone, []).append((entry.year, row))
    ranked = sorted(per_zone, key=lambda z: (order.get(z, len(order)), z))
    views = [
        _years_view(span, ranked, per_zone, zones),
        _zone_totals_view(span, ranked, per_zone, zones),
        _programme_view(span, years, chosen),
        _stage_mix_view(span, stage_mix(years, chosen)),
    ]
    # Envelopes shown (and, for the programme, its totals) or lines (the stage mix)
    # partly illustrative: the title says so where the table is read.
    shown = [row for rows in per_zone.values() for _, row in rows]
    envelopes = any("illustrative" in (row.basis, row.local_basis) for row in shown) or (
        chosen is None and any(entry.totals_basis == "illustrative" for entry in years)
    )
    lines = envelopes or any(entry.illustrative for entry in years)
    for view in views:
        view.title = marked_title(view.title, lines if view.name == "stages" else envelopes)
    return views


def _years_view(
    span: str,
    ranked: list[str],
    per_zone: dict[str, list[tuple[int, ZoneYear]]],
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
            Column("source", "출처", for_tools=True),
            Column("programme_year", "사업연도", for_tools=True),
            Column("basis_note", "근거 설명", for_tools=True),
            Column("national_basis", "국비 근거 코드", for_tools=True),
            Column("local_basis", "지방비 근거 코드", for_tools=True),
        ],
    )
    for zone_id in ranked:
        zone = zones.get(zone_id)
        before: int | None = None
        cumulative = 0
        for year, row in per_zone[zone_id]:
            cumulative += row.total
            change, change_percent = _change(row.total, before)
            basis = row.basis
            table.rows.append(
                [
                    zone_id, zone.name if zone else zone_id, year, row.phase or "",
                    row.grade or "", row.national, row.local, row.total,
                    percent_of(row.local, row.national), change, change_percent, cumulative,
                    basis, ASSUMED_KO if row.assumed else basis_name(basis), row.source,
                    row.programme_year or "",
                    row.basis_note, basis, row.local_basis or basis,
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
    per_zone: dict[str, list[tuple[int, ZoneYear]]],
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
                zone_id, zone.name if zone else zone_id, rows[0][0], len(rows),
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
    years: Sequence[HistoryYear],
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
            Column("source", "출처", for_tools=True),
            Column("basis_note", "근거 설명", for_tools=True),
        ],
    )
    before: int | None = None
    for entry in years:
        rows = [r for r in entry.zones if chosen is None or r.zone in chosen]
        national = sum(r.national for r in rows)
        local = sum(r.local for r in rows)
        change, change_percent = _change(national + local, before)
        bases = {r.basis for r in rows}
        basis = entry.totals_basis if chosen is None else (bases.pop() if len(bases) == 1 else None)
        table.rows.append(
            [
                entry.year, len(rows), national, local, national + local,
                percent_of(local, national), change, change_percent, basis,
                basis_name(basis) if basis else ("혼합" if rows else ""),
                entry.totals_source if chosen is None else _shared_source(rows),
                entry.totals_basis_note if chosen is None else _shared_note(rows),
            ]
        )  # fmt: skip
        before = national + local
    national, local = table.column_total("national_won"), table.column_total("local_won")
    table.total = [
        None, None, national, local, national + local, percent_of(local, national),
        None, None, None, "", "", "",
    ]  # fmt: skip
    return table


def _shared_source(rows: Sequence[ZoneYear]) -> str:
    """The chosen zones' source when they share one (else empty: see the years view)."""
    sources = {r.source for r in rows}
    return sources.pop() if len(sources) == 1 else ""


def _shared_note(rows: Sequence[ZoneYear]) -> str:
    """The chosen zones' basis note when they share one (else empty: see the years view)."""
    notes = {r.basis_note for r in rows}
    return notes.pop() if len(notes) == 1 else ""


def _stage_mix_view(span: str, mix: StageMix) -> ViewTable:
    table = ViewTable(
        "stages",
        f"연도별 단계 구성 (플랫폼 단계 기준, {span})",
        [
            Column("year", "연도", "int"),
            *(Column(f"{k}_won", PLATFORM_KO.get(k, "미분류"), "won") for k in mix.keys),
            Column("total_won", "합계", "won"),
            *(
                Column(f"{k}_percent", f"{PLATFORM_SHORT_KO[k]} (%)", "percent")
                for k in PLATFORM_STAGES
            ),
        ],
    )
    for year, amounts, total in mix.years:
        table.rows.append(
            [
                year,
                *(amounts[k] for k in mix.keys),
                total,
                *(percent_of(amounts[k], total) for k in PLATFORM_STAGES),
            ]
        )
    return table


def evaluations_view(evaluations: Evaluations | None, zones: dict[str, Zone]) -> ViewTable:
    """The annual evaluations on record: per evaluation and zone, the grade, the rank
    where known (or "상위 N" where only that is), the budget year its incentives fund,
    when it was announced and its source. A zone no report names is left out."""
    table = ViewTable(
        "evaluations",
        "연차평가 결과와 인센티브 연도 (평가 Y → Y+2년 예산)",
        [
            Column("evaluation_year", "평가 연도", "int"),
            # The source note under the table carries the date too: tables leave it out.
            Column("announced", "발표일", for_tools=True),
            Column("funds_year", "인센티브 연도", "int"),
            Column("zone_id", "특구 id"),
            Column("zone_name", "특구"),
            Column("grade", "등급"),
            Column("rank", "순위", "int"),
            Column("standing", "순위 구간"),
            Column("assumed", "가정", for_tools=True),
            Column("basis_name", "근거"),
            Column("source", "출처", for_tools=True),
        ],
        source="bundled: evaluations.yaml",
    )
    order = {zone_id: i for i, zone_id in enumerate(zones)}
    for evaluation in sorted(evaluations.evaluations if evaluations else [], key=lambda e: e.year):
        ranked = sorted(evaluation.zones.items(), key=lambda item: order.get(item[0], len(order)))
        for zone_id, result in ranked:
            zone = zones.get(zone_id)
            standing = f"상위 {result.top}" if result.top is not None else ""
            table.rows.append(
                [
                    evaluation.year, str(evaluation.announced), evaluation.funds, zone_id,
                    zone.name if zone else zone_id, result.grade or "", result.rank, standing,
                    ASSUMED_KO if result.assumed else "",
                    ASSUMED_KO if result.assumed else BASIS_KO["reported"],
                    _result_source(result, evaluation.source),
                ]
            )  # fmt: skip
    return table


def _result_source(result: ZoneResult, source: str) -> str:
    """A zone's result's source, with its note beside it: why a result is assumed, or that
    a standing is inferred from the grades, not reported (구미 2023 "상위 2")."""
    own = result.source or source
    # Brackets, not a dash: a CP949 CSV (Excel on Korean Windows) cannot hold "—".
    return f"{own} ({result.note})" if result.note else own
