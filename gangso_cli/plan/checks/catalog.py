"""The catalog of checks (:data:`CHECKS`) and the runner that turns findings into
located diagnostics. Adding a check touches only :data:`CHECKS`.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import TYPE_CHECKING, Literal

from gangso_cli.core.budget import Budget
from gangso_cli.core.loader import LoadedBudget
from gangso_cli.core.registry import Registry
from gangso_cli.plan.allocator import Allocation

if TYPE_CHECKING:
    from gangso_cli.plan.envelopes import Envelopes
from gangso_cli.plan.checks.base import Check, CheckContext, CheckResult, Finding
from gangso_cli.plan.checks.envelopes import (
    _has_rules,
    check_envelope_adjustments,
    check_envelope_base,
    check_envelope_evaluation,
    check_envelope_grades,
    check_envelope_pool,
    check_envelope_written,
    check_phase_ceiling,
)
from gangso_cli.plan.checks.lines import (
    check_fixed_fits,
    check_line_funded,
    check_line_unique,
    check_rest_count,
    check_share_total,
    check_stage_ids,
)
from gangso_cli.plan.checks.notation import (
    check_amount_slips,
    check_fixed_off_unit,
    check_placeholder,
)
from gangso_cli.plan.checks.region import (
    check_region_envelope,
    check_region_policy,
    check_region_stages,
    check_region_year,
    check_region_zone,
)
from gangso_cli.plan.checks.sums import (
    _programme_total,
    _zone_sum,
    check_local_match,
    check_rounding_unit,
)
from gangso_cli.plan.checks.zones import check_zone_designated, check_zone_funded, check_zone_known


def _names_evaluation(ctx: CheckContext) -> bool:
    return ctx.budget.envelopes is not None and ctx.budget.envelopes.evaluation is not None


CHECKS: tuple[Check, ...] = (
    Check("stage-known", "단계 정의 (stages exist, unique)", check_stage_ids),
    Check("line-unique", "세부사업 중복 없음 (no duplicate lines)", check_line_unique),
    Check("line-funded", "재원 지정 (each line draws on a fund)", check_line_funded),
    Check("rest-count", "나머지 규칙 1개 이하 (one rest per fund)", check_rest_count),
    Check("share-total", "비율 합계 ≤ 100% (shares)", check_share_total),
    Check("fixed-fits", "고정액 ≤ 배정액 (fixed amounts fit)", check_fixed_fits),
    Check("rounding-unit", "절사 단위 (envelopes in rounding unit)", check_rounding_unit),
    Check("zone-national-sum", "특구 국비 합계 = 배정액", _zone_sum("national")),
    Check("zone-local-sum", "특구 지방비 합계 = 배정액", _zone_sum("local")),
    Check("national-total", "국비 총액 = Σ 특구", _programme_total("national"), ("national",)),
    Check("local-total", "지방비 총액 = Σ 특구", _programme_total("local"), ("national",)),
    Check("local-match", "지방비 매칭 비율 ≥ 최소", check_local_match),
    Check("zone-known", "등록된 특구 (zone in registry)", check_zone_known),
    Check("zone-designated", "지정 이후 예산 (designated before year)", check_zone_designated),
    Check(
        "zone-funded", "지정 특구 모두 배정 (every zone funded)", check_zone_funded, ("national",)
    ),
    Check(
        "envelope-evaluation",
        "평가 연도 (the evaluation two years before)",
        check_envelope_evaluation,
        ("national",),
        applies=_names_evaluation,
    ),
    *(
        Check(id, title, run, ("national",), applies=_has_rules)
        for id, title, run in (
            ("envelope-base", "기본 국비 규칙 (base per zone)", check_envelope_base),
            ("envelope-grades", "평가 등급 (grades of funded zones)", check_envelope_grades),
            ("envelope-pool", "인센티브 재원 전액 배분 (pool divided)", check_envelope_pool),
            ("envelope-adjustments", "조정액 (adjustments)", check_envelope_adjustments),
            ("envelope-written", "국비 = 산정 규칙 (written = derived)", check_envelope_written),
        )
    ),
    Check(
        "phase-ceiling",
        "단계별 국비 한도 (phase ceiling)",
        check_phase_ceiling,
        applies=lambda ctx: bool(ctx.budget.policy.phase_national_cap),
    ),
    Check("amount-slip", "누락 의심 금액 (forgotten 억 or %)", check_amount_slips),
    Check("fixed-off-unit", "고정액 절사 단위 (fixed amounts in unit)", check_fixed_off_unit),
    Check("placeholder-envelope", "임시 배정액 (placeholder envelope)", check_placeholder),
    Check("region-year", "국가 예산과 연도 일치", check_region_year, ("region",), True),
    Check("region-zone", "국가 예산의 배정 특구", check_region_zone, ("region",), True),
    Check("region-envelope", "국가 예산 배정액 일치", check_region_envelope, ("region",), True),
    Check("region-stages", "국가 예산 단계 일치", check_region_stages, ("region",), True),
    Check("region-policy", "국가 예산 정책값 일치", check_region_policy, ("region",), True),
)


def _checked_elsewhere(ctx: CheckContext) -> Iterator[Finding]:
    return iter(())


#: A region file's ``changes:`` section, resolved by :mod:`gangso_cli.plan.changes` (its
#: diagnostics keep their own ids: ``change-line``, ``change-overdraw``…); not in
#: :data:`CHECKS` because it needs the allocation's running balances, not a context.
CHANGES_CHECK = Check("changes", "사업비 변경 (budget changes)", _checked_elsewhere, ("region",))

#: A region file whose national budget did not load whole: it was not held against it
#: (:func:`gangso_cli.plan.checks.region.national_for_region`); shown only when it fails.
REGION_BUDGET_CHECK = Check(
    "region-budget", "국가 예산 오류 없음 (national budget loads)", _checked_elsewhere, ("region",)
)


def run_checks(
    loaded: LoadedBudget,
    allocation: Allocation,
    registry: Registry | None,
    national: Budget | None = None,
    other_years: Mapping[int, Mapping[str, int]] | None = None,
    envelopes: Envelopes | None = None,
) -> list[CheckResult]:
    """Run every check that applies to this file; one result per check, in order.

    Args:
        loaded: the budget file, loaded (national or one region's).
        allocation: its allocation.
        registry: the zone registry, or None when it failed to load.
        national: for a region file, the national budget to check it against.
        other_years: other years' 국비 per zone, for the policy's phase ceilings.
        envelopes: the envelopes the budget derived (or wrote), for the envelope checks.
    """
    assert loaded.model is not None, "run checks only on a budget that loaded"
    scope: Literal["national", "region"] = "region" if loaded.region else "national"
    ctx = CheckContext(
        loaded.model,
        allocation,
        registry,
        scope,
        loaded.partial,
        loaded.broken,
        source=loaded,
        national=national if scope == "region" else None,
        other_years=other_years or {},
        envelopes=envelopes,
    )
    results = []
    for check in CHECKS:
        if scope not in check.scopes or (check.needs_national and ctx.national is None):
            continue
        if check.applies is not None and not check.applies(ctx):
            continue
        diagnostics = [
            loaded.finding(
                check.id,
                f.message,
                f.path,
                hint=f.hint,
                difference=f.difference,
                severity=f.severity,
            )
            for f in check.run(ctx)
        ]
        results.append(CheckResult(check, diagnostics))
    return results
