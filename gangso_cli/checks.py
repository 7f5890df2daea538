"""The programme's checks: each a small pure function, listed once in :data:`CHECKS`.

A check reads the budget, the registry and the allocation and yields :class:`Finding`
values (what is wrong, at which budget path). :func:`run_checks` turns findings into
located diagnostics. Adding a check touches only :data:`CHECKS`.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction
from typing import Literal

from gangso_cli.allocator import Allocation
from gangso_cli.diagnostics import Diagnostic, Path
from gangso_cli.loader import LoadedBudget
from gangso_cli.models import FUNDS, Budget, Fixed, Fund, RegionBudget, Registry, Rest, Share
from gangso_cli.money import format_won, percent_of

__all__ = [
    "CHECKS",
    "Check",
    "CheckContext",
    "CheckResult",
    "Finding",
    "compare_region",
    "run_checks",
]

_FUND_KO = {"national": "국비", "local": "지방비"}


@dataclass(frozen=True)
class Finding:
    """One failure of a check, at a path of the (national-shaped) budget."""

    message: str
    path: Path
    hint: str | None = None
    difference: int | None = None


@dataclass(frozen=True)
class CheckContext:
    """What a check may look at. ``registry`` is None when it failed to load."""

    budget: Budget
    allocation: Allocation
    registry: Registry | None
    scope: Literal["national", "region"] = "national"
    #: Zones a salvaged file had broken values in: checks of sums and shares skip them.
    partial: frozenset[str] = frozenset()
    #: Zones a salvaged file could not read at all: present, but not checkable.
    broken: frozenset[str] = frozenset()


CheckFn = Callable[[CheckContext], Iterator[Finding]]


@dataclass(frozen=True)
class Check:
    """A check: stable id, one-line Korean title, and the function that runs it."""

    id: str
    title: str
    run: CheckFn
    scopes: tuple[str, ...] = ("national", "region")


@dataclass(frozen=True)
class CheckResult:
    """A check and what it found (nothing: it passed)."""

    check: Check
    diagnostics: list[Diagnostic] = field(default_factory=list)

    @property
    def passed(self) -> bool:
        """True when the check found nothing."""
        return not self.diagnostics

    @property
    def difference(self) -> int | None:
        """The total difference in won over its findings, for sum checks."""
        diffs = [d.difference for d in self.diagnostics if d.difference is not None]
        return sum(diffs) if diffs else None


def _won(amount: int) -> str:
    return f"{format_won(amount)}원"


def _difference(actual: int, expected: int) -> str:
    return f"{_won(actual)} ≠ {_won(expected)} (difference {actual - expected:+,}원)"


def _line_path(zone: str, index: int, key: str | None = None) -> Path:
    path: Path = ("zones", zone, "lines", index)
    return (*path, key) if key else path


def check_stage_ids(ctx: CheckContext) -> Iterator[Finding]:
    """Every stage id of the year is unique, and every line names one of them."""
    first: dict[str, int] = {}
    for i, stage in enumerate(ctx.budget.stages):
        if stage.id in first:
            yield Finding(
                f"stage id {stage.id!r} is listed twice (stages[{first[stage.id]}] and "
                f"stages[{i}])",
                ("stages", i, "id"),
                hint="give each stage its own id",
            )
        first.setdefault(stage.id, i)
    known = list(first)
    for zone_id, zone in ctx.budget.zones.items():
        for i, line in enumerate(zone.lines):
            if line.stage not in first:
                yield Finding(
                    f"stage {line.stage!r} is not a stage of {ctx.budget.year}",
                    _line_path(zone_id, i, "stage"),
                    hint=f"use one of: {', '.join(known)}",
                )


def check_line_unique(ctx: CheckContext) -> Iterator[Finding]:
    """No zone lists the same (stage, program) twice: each line is one row in the books."""
    for zone_id, zone in ctx.budget.zones.items():
        first: dict[tuple[str, str], int] = {}
        for i, line in enumerate(zone.lines):
            key = (line.stage, line.program)
            if key in first:
                yield Finding(
                    f"{line.stage} / {line.program!r} is listed twice in {zone_id} "
                    f"(lines[{first[key]}] and lines[{i}])",
                    _line_path(zone_id, i, "program"),
                    hint="merge the two lines or give the programs different names",
                )
            first.setdefault(key, i)


def check_line_funded(ctx: CheckContext) -> Iterator[Finding]:
    """Every line draws on at least one fund."""
    for zone_id, zone in ctx.budget.zones.items():
        for i, line in enumerate(zone.lines):
            if line.national is None and line.local is None:
                yield Finding(
                    f"line {line.program!r} has no rule for national or local funds",
                    _line_path(zone_id, i),
                    hint="add `national:` and/or `local:` with an amount, a share or rest",
                )


def _rules(ctx: CheckContext, zone_id: str, fund: Fund) -> list[tuple[int, Fixed | Share | Rest]]:
    zone = ctx.budget.zones[zone_id]
    return [(i, rule) for i, line in enumerate(zone.lines) if (rule := line.rule(fund))]


def check_rest_count(ctx: CheckContext) -> Iterator[Finding]:
    """At most one line per fund takes the rest: two would split it by guesswork."""
    for zone_id in ctx.budget.zones:
        for fund in FUNDS:
            rests = [i for i, rule in _rules(ctx, zone_id, fund) if isinstance(rule, Rest)]
            for i in rests[1:]:
                yield Finding(
                    f"{zone_id}: {len(rests)} lines take the rest of {_FUND_KO[fund]} "
                    f"(lines[{rests[0]}] and lines[{i}])",
                    _line_path(zone_id, i, fund),
                    hint="keep one rest line and give the others a share or an amount",
                )


def check_share_total(ctx: CheckContext) -> Iterator[Finding]:
    """Shares of a fund add up to at most 100%, and to exactly 100% with no rest line."""
    for zone_id in ctx.budget.zones:
        if zone_id in ctx.partial:
            continue
        for fund in FUNDS:
            rules = _rules(ctx, zone_id, fund)
            shares = [(i, r) for i, r in rules if isinstance(r, Share)]
            if not shares:
                continue
            total = sum((r.percent for _, r in shares), Decimal(0))
            has_rest = any(isinstance(r, Rest) for _, r in rules)
            last = shares[-1][0]
            if total > 100:
                yield Finding(
                    f"{zone_id}: shares of {_FUND_KO[fund]} add up to {total}%, over 100%",
                    _line_path(zone_id, last, fund),
                    hint="lower the shares so they add up to 100% or less",
                )
            elif total != 100 and not has_rest:
                yield Finding(
                    f"{zone_id}: shares of {_FUND_KO[fund]} add up to {total}%, not 100%, "
                    "and no line takes the rest",
                    _line_path(zone_id, last, fund),
                    hint=f"add {100 - total}% somewhere, or set one line to `rest`",
                )


def check_fixed_fits(ctx: CheckContext) -> Iterator[Finding]:
    """Fixed amounts of a fund fit inside its envelope."""
    for zone_id, zone in ctx.budget.zones.items():
        for fund in FUNDS:
            fixed = [(i, r) for i, r in _rules(ctx, zone_id, fund) if isinstance(r, Fixed)]
            total = sum(r.amount for _, r in fixed)
            if total > zone.envelope(fund):
                yield Finding(
                    f"{zone_id}: fixed amounts of {_FUND_KO[fund]} "
                    f"{_difference(total, zone.envelope(fund))} envelope",
                    _line_path(zone_id, fixed[-1][0], fund),
                    hint="lower the fixed amounts or raise the envelope",
                    difference=total - zone.envelope(fund),
                )


def _zone_sum(fund: Fund) -> CheckFn:
    def check(ctx: CheckContext) -> Iterator[Finding]:
        for zone in ctx.allocation.zones:
            if zone.zone in ctx.partial:
                continue
            allocated, envelope = zone.allocated(fund), zone.envelope(fund)
            if allocated != envelope:
                yield Finding(
                    f"{zone.zone}: lines place {_difference(allocated, envelope)} "
                    f"{_FUND_KO[fund]} envelope",
                    ("zones", zone.zone, fund),
                    hint="complete the rules: shares adding up to 100%, or one `rest` line",
                    difference=allocated - envelope,
                )

    check.__doc__ = f"Each zone's {fund} lines add up to its {fund} envelope, to the won."
    return check


def _programme_total(fund: Fund) -> CheckFn:
    def check(ctx: CheckContext) -> Iterator[Finding]:
        if ctx.partial:
            return  # an envelope was unreadable: the sum would be wrong, not the file
        envelopes = sum(zone.envelope(fund) for zone in ctx.budget.zones.values())
        total = ctx.budget.totals.national if fund == "national" else ctx.budget.totals.local
        if envelopes != total:
            yield Finding(
                f"zone {_FUND_KO[fund]} envelopes add up to {_difference(envelopes, total)} "
                "programme total",
                ("totals", fund),
                hint="correct an envelope or the total",
                difference=envelopes - total,
            )

    check.__doc__ = f"The zones' {fund} envelopes add up to the programme's {fund} total."
    return check


def check_local_match(ctx: CheckContext) -> Iterator[Finding]:
    """Each zone's local funds are at least the policy's minimum share of national funds."""
    minimum = Fraction(ctx.budget.policy.min_local_match) / 100
    for zone_id, zone in ctx.budget.zones.items():
        if zone_id in ctx.partial:
            continue
        required = Fraction(zone.national) * minimum
        if zone.local < required:
            needed = -int(-required // 1)  # ceiling, in won
            yield Finding(
                f"{zone_id}: local funds {_won(zone.local)} are "
                f"{percent_of(zone.local, zone.national)}% of national "
                f"funds; the policy asks at least {ctx.budget.policy.min_local_match}% "
                f"({_won(needed)})",
                ("zones", zone_id, "local"),
                hint=f"raise local funds by {needed - zone.local:,}원",
                difference=zone.local - needed,
            )


def check_rounding_unit(ctx: CheckContext) -> Iterator[Finding]:
    """Envelopes and fixed amounts are whole multiples of the rounding unit."""
    unit = ctx.budget.rounding_unit
    for zone_id, zone in ctx.budget.zones.items():
        for fund in FUNDS:
            if zone.envelope(fund) % unit:
                yield Finding(
                    f"{zone_id}: the {_FUND_KO[fund]} envelope {_won(zone.envelope(fund))} is "
                    f"not a multiple of the rounding unit {_won(unit)}",
                    ("zones", zone_id, fund),
                    hint="round the envelope, or set `rounding_unit` to a smaller unit",
                )


def check_zone_known(ctx: CheckContext) -> Iterator[Finding]:
    """Every funded zone is in the registry."""
    if ctx.registry is None:
        return
    known = ctx.registry.by_id()
    for zone_id in ctx.budget.zones:
        if zone_id not in known:
            close = difflib.get_close_matches(zone_id, list(known), n=1)
            yield Finding(
                f"zone {zone_id!r} is not in the registry",
                ("zones", zone_id),
                hint=f"did you mean {close[0]!r}?" if close else "see `gangso zones`",
            )


def check_zone_designated(ctx: CheckContext) -> Iterator[Finding]:
    """No zone is funded before the year after its designation."""
    if ctx.registry is None:
        return
    known = ctx.registry.by_id()
    for zone_id in ctx.budget.zones:
        zone = known.get(zone_id)
        if zone is not None and not zone.fundable_in(ctx.budget.year):
            yield Finding(
                f"{zone_id} ({zone.name}) was designated in {zone.designated}; it cannot have "
                f"a {ctx.budget.year} envelope",
                ("zones", zone_id),
                hint=f"its first budget year is {zone.designated_year + 1}",
            )


def check_zone_funded(ctx: CheckContext) -> Iterator[Finding]:
    """Every zone designated before the budget year has an envelope."""
    if ctx.registry is None:
        return
    for zone in ctx.registry.zones:
        present = zone.id in ctx.budget.zones or zone.id in ctx.broken
        if zone.fundable_in(ctx.budget.year) and not present:
            yield Finding(
                f"{zone.id} ({zone.name}, designated {zone.designated}) has no "
                f"{ctx.budget.year} envelope",
                ("zones",),
                hint=f"add `{zone.id}:` under zones",
            )


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
)


def run_checks(
    loaded: LoadedBudget, allocation: Allocation, registry: Registry | None
) -> list[CheckResult]:
    """Run every check that applies to this file; one result per check, in order."""
    assert loaded.model is not None, "run checks only on a budget that loaded"
    scope: Literal["national", "region"] = "region" if loaded.region else "national"
    ctx = CheckContext(loaded.model, allocation, registry, scope, loaded.partial, loaded.broken)
    results = []
    for check in CHECKS:
        if scope not in check.scopes:
            continue
        diagnostics = [
            loaded.finding(check.id, f.message, f.path, hint=f.hint, difference=f.difference)
            for f in check.run(ctx)
        ]
        results.append(CheckResult(check, diagnostics))
    return results


def compare_region(
    region: RegionBudget, national: Budget, *, skip_envelope: bool = False
) -> list[tuple[str, Finding]]:
    """Check one region's file against the national budget it belongs to.

    Returns (check id, finding) pairs whose paths are paths of the *region* file: the
    year, the zone, the envelope and the stages must be those the national file gives.
    """
    found: list[tuple[str, Finding]] = []
    if region.year != national.year:
        found.append(
            (
                "region-year",
                Finding(
                    f"the region file is for {region.year}, the national budget for "
                    f"{national.year}",
                    ("year",),
                    hint="compare files of the same year",
                ),
            )
        )
        return found
    zone = national.zones.get(region.zone)
    if zone is None:
        found.append(
            (
                "region-zone",
                Finding(
                    f"the national {national.year} budget has no envelope for {region.zone!r}",
                    ("zone",),
                    hint=f"funded zones: {', '.join(national.zones)}",
                ),
            )
        )
        return found
    for fund in FUNDS:
        mine = region.national if fund == "national" else region.local
        if mine != zone.envelope(fund) and not skip_envelope:
            found.append(
                (
                    "region-envelope",
                    Finding(
                        f"{_FUND_KO[fund]} envelope {_difference(mine, zone.envelope(fund))} the "
                        "national budget gives this zone",
                        (fund,),
                        hint=f"set {fund}: {zone.envelope(fund):,}",
                        difference=mine - zone.envelope(fund),
                    ),
                )
            )
    theirs = [(s.id, s.name) for s in national.stages]
    if [(s.id, s.name) for s in region.stages] != theirs:
        found.append(
            (
                "region-stages",
                Finding(
                    "the stages differ from the national budget's",
                    ("stages",),
                    hint="use: " + ", ".join(f"{i} ({n})" for i, n in theirs),
                ),
            )
        )
    if region.policy.min_local_match != national.policy.min_local_match:
        found.append(
            (
                "region-policy",
                Finding(
                    f"min_local_match is {region.policy.min_local_match}%, the national "
                    f"budget's is {national.policy.min_local_match}%",
                    ("policy", "min_local_match"),
                    hint=f"set min_local_match: {national.policy.min_local_match}%",
                ),
            )
        )
    return found
