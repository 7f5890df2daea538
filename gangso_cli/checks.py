"""The programme's checks: each a small pure function, listed once in :data:`CHECKS`.

A check reads the budget, the registry and the allocation and yields :class:`Finding`
values (what is wrong, at which budget path). :func:`run_checks` turns findings into
located diagnostics. Adding a check touches only :data:`CHECKS`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction
from typing import TYPE_CHECKING, Literal

from gangso_cli.allocator import Allocation
from gangso_cli.diagnostics import Diagnostic, Path, Severity, close_matches
from gangso_cli.loader import LoadedBudget
from gangso_cli.models import FUNDS, Budget, EnvelopeRules, Fixed, Fund, Registry, Rest, Share
from gangso_cli.money import format_korean, format_won, percent_text

if TYPE_CHECKING:
    from gangso_cli.envelopes import Envelopes

__all__ = [
    "CHANGES_CHECK",
    "CHECKS",
    "Check",
    "CheckContext",
    "CheckResult",
    "Finding",
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
    severity: Severity = Severity.ERROR


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
    #: The file itself, for what it wrote (notation, comments) beside what it means.
    source: LoadedBudget | None = None
    #: The national budget a region file is checked against (``--budget``), if any.
    national: Budget | None = None
    #: Other years' 국비 per zone (year → zone id → won), for multi-year ceilings.
    other_years: Mapping[int, Mapping[str, int]] = field(default_factory=dict)

    def written(self, path: Path) -> object:
        """The value at a budget path as the file wrote it (None when unknown)."""
        return self.source.written(path) if self.source is not None else None

    def notation(self, path: Path, amount: int) -> str:
        """An amount as the user wrote it at ``path`` when it was text, else in 억/만."""
        written = self.written(path)
        return written.strip() if isinstance(written, str) else format_korean(amount)


CheckFn = Callable[[CheckContext], Iterator[Finding]]


@dataclass(frozen=True)
class Check:
    """A check: stable id, one-line Korean title, and the function that runs it."""

    id: str
    title: str
    run: CheckFn
    scopes: tuple[str, ...] = ("national", "region")
    #: Only meaningful when a region file is checked against a national budget.
    needs_national: bool = False
    #: Whether the check applies to this file at all (None: always); a check that does
    #: not apply is left out of the results rather than shown as passed.
    applies: Callable[[CheckContext], bool] | None = None


@dataclass(frozen=True)
class CheckResult:
    """A check and what it found (nothing: it passed)."""

    check: Check
    diagnostics: list[Diagnostic] = field(default_factory=list)

    @property
    def passed(self) -> bool:
        """True when the check found no error (warnings allowed)."""
        return not any(d.severity is Severity.ERROR for d in self.diagnostics)

    @property
    def status(self) -> str:
        """통과 (nothing found), 경고 (warnings only) or 실패 (an error), as tables show it."""
        if not self.diagnostics:
            return "통과"
        return "실패" if not self.passed else "경고"

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
    by_name = {stage.name: stage.id for stage in ctx.budget.stages}
    choices = ", ".join(f"{stage.id} ({stage.name})" for stage in ctx.budget.stages)
    for zone_id, zone in ctx.budget.zones.items():
        for i, line in enumerate(zone.lines):
            if line.stage not in first:
                named = by_name.get(line.stage)
                yield Finding(
                    f"stage {line.stage!r} is not a stage id of {ctx.budget.year}",
                    _line_path(zone_id, i, "stage"),
                    hint=f"write `stage: {named}` (the id of {line.stage})"
                    if named
                    else f"use one of: {choices}",
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
        if zone_id in ctx.partial:
            continue  # a broken envelope reads as 0 after the salvage: no knock-on error
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
                    hint=_sum_hint(ctx, zone.zone, fund),
                    difference=allocated - envelope,
                )

    check.__doc__ = f"Each zone's {fund} lines add up to its {fund} envelope, to the won."
    return check


def _sum_hint(ctx: CheckContext, zone_id: str, fund: Fund) -> str:
    """Why a zone's lines miss its envelope, in terms of what to change."""
    rules = [rule for _, rule in _rules(ctx, zone_id, fund)]
    fixed = sum(r.amount for r in rules if isinstance(r, Fixed))
    if fixed > ctx.budget.zones[zone_id].envelope(fund):
        return "the fixed amounts exceed the envelope: lower them or raise the envelope"
    if not any(isinstance(r, Share | Rest) for r in rules):
        return "only fixed amounts: make them add up to the envelope, or set one line to `rest`"
    return "complete the rules: shares adding up to 100%, or one `rest` line"


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
    minimum_percent = ctx.budget.policy.min_local_match
    minimum = Fraction(minimum_percent) / 100
    for zone_id, zone in ctx.budget.zones.items():
        if zone_id in ctx.partial:
            continue
        national = zone.envelope("national")
        required = Fraction(national) * minimum
        if zone.local < required:
            needed = -int(-required // 1)  # ceiling, in won
            share = percent_text(zone.local, national, beside=minimum_percent)
            yield Finding(
                f"{zone_id}: local funds {_won(zone.local)} are {share}% of national "
                f"funds; the policy asks at least {minimum_percent}% ({_won(needed)})",
                ("zones", zone_id, "local"),
                hint=f"raise local funds by {needed - zone.local:,}원",
                difference=zone.local - needed,
            )


def check_rounding_unit(ctx: CheckContext) -> Iterator[Finding]:
    """Envelopes are whole multiples of the rounding unit."""
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
            yield Finding(
                f"zone {zone_id!r} is not a zone id of the registry",
                ("zone",) if ctx.scope == "region" else ("zones", zone_id),
                hint=_zone_hint(ctx.registry, zone_id),
            )


def _zone_hint(registry: Registry, written: str) -> str:
    """Did-you-mean for a zone: by Korean name (김해, 김해 강소특구) or a near id."""
    match = registry.find(written)
    if match is not None:
        return f"did you mean {match.id} ({match.name})? files name zones by id"
    close = close_matches(written, [z.id for z in registry.zones], n=1)
    if close:
        zone = registry.by_id()[close[0]]
        return f"did you mean {zone.id} ({zone.name})?"
    return "see `gangso zones` for the ids"


def check_zone_designated(ctx: CheckContext) -> Iterator[Finding]:
    """No zone is funded before its first budget year, or outside a nationally funded
    phase when the registry lists its phases."""
    if ctx.registry is None:
        return
    known = ctx.registry.by_id()
    for zone_id in ctx.budget.zones:
        zone = known.get(zone_id)
        if zone is None or zone.fundable_in(ctx.budget.year):
            continue
        phase = zone.phase_in(ctx.budget.year)
        if phase is not None:  # 자립형: the local government alone funds it
            why = f"is {phase.phase} in {ctx.budget.year}, funded by its local government alone"
        elif ctx.budget.year < zone.first_year:
            why = f"was designated in {zone.designated}"
        else:
            why = f"has no phase of the programme in {ctx.budget.year}"
        yield Finding(
            f"{zone_id} ({zone.name}) {why}; it cannot have a {ctx.budget.year} envelope",
            ("zones", zone_id),
            hint=f"its first budget year is {zone.first_year}"
            if ctx.budget.year < zone.first_year
            else "see `gangso zones --year` for the zones a year funds",
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


# --- envelopes derived from the national pool (see gangso_cli.envelopes) --------------


def _derived(ctx: CheckContext) -> tuple[EnvelopeRules, Envelopes] | None:
    """The budget's envelope rules and what they gave, when it has rules."""
    rules = ctx.budget.envelopes
    envelopes = ctx.source.envelopes if ctx.source is not None else None
    if ctx.scope != "national" or rules is None or envelopes is None:
        return None
    return rules, envelopes


def _has_rules(ctx: CheckContext) -> bool:
    return ctx.budget.envelopes is not None


def check_envelope_base(ctx: CheckContext) -> Iterator[Finding]:
    """The base is one amount for all (equal) or one per phase, and every zone's phase
    has one."""
    derived = _derived(ctx)
    if derived is None:
        return
    rules, envelopes = derived
    base = rules.base
    if (base.equal is None) == (base.by_phase is None):
        yield Finding(
            "envelopes.base gives "
            + ("both equal and by_phase" if base.equal is not None else "no base")
            + "; give one of them",
            ("envelopes", "base"),
            hint="equal: 18억 (every zone), or by_phase: {'1단계 기반조성': 20억, ...}",
        )
        return
    if base.by_phase is None:
        return
    missing: dict[str, list[str]] = {}
    for row in envelopes.zones:
        if row.zone not in ctx.partial and row.phase not in base.by_phase:
            missing.setdefault(row.phase or "", []).append(row.zone)
    for phase, zones in missing.items():
        if phase:
            yield Finding(
                f"{', '.join(zones)}: in {phase} in {ctx.budget.year}, but by_phase gives no "
                "base for that phase",
                ("envelopes", "base", "by_phase"),
                hint=f"add '{phase}: <amount>' under by_phase",
            )
        else:
            yield Finding(
                f"{', '.join(zones)}: the registry gives no phase in {ctx.budget.year}, so "
                "by_phase gives no base",
                ("envelopes", "base", "by_phase"),
                hint="list the zone's phases in the registry, or use base: {equal: …}",
            )


def _grade_table(rules: EnvelopeRules) -> tuple[str, dict[str, object]] | None:
    incentive = rules.incentive
    if incentive is None:
        return None
    if incentive.amounts is not None:
        return "amounts", dict(incentive.amounts)
    if incentive.weights is not None:
        return "weights", dict(incentive.weights)
    return None


def check_envelope_grades(ctx: CheckContext) -> Iterator[Finding]:
    """Grades are given for the zones the year funds, and every grade is priced."""
    derived = _derived(ctx)
    if derived is None:
        return
    rules, _ = derived
    table = _grade_table(rules)
    known = ctx.registry.by_id() if ctx.registry is not None else {}
    for zone_id, grade in rules.grades.items():
        path: Path = ("envelopes", "grades", zone_id)
        if zone_id not in ctx.budget.zones and zone_id not in ctx.broken:
            if known and zone_id not in known:
                yield Finding(
                    f"grades: {zone_id!r} is not a zone id of the registry",
                    path,
                    hint=_zone_hint(ctx.registry, zone_id) if ctx.registry else None,
                )
            else:
                zone = known.get(zone_id)
                why = (
                    ""
                    if zone is None or zone.fundable_in(ctx.budget.year)
                    else f" (the programme does not fund it in {ctx.budget.year})"
                )
                yield Finding(
                    f"grades: {zone_id} has a grade but no {ctx.budget.year} envelope{why}",
                    path,
                    hint=f"remove its grade, or add `{zone_id}:` under zones",
                )
        elif table is not None and grade not in table[1]:
            close = close_matches(grade, list(table[1]), n=1)
            yield Finding(
                f"grades: {zone_id}'s grade {grade!r} has no entry in envelopes.incentive."
                f"{table[0]}",
                path,
                hint=f"did you mean {close[0]!r}?"
                if close
                else f"add '{grade}: …' under {table[0]} (grades there: "
                + ", ".join(table[1])
                + ")",
            )
    if rules.incentive is None:
        return
    names = ", ".join(table[1]) if table else "최우수, 우수, …"
    for zone_id in ctx.budget.zones:
        if zone_id not in rules.grades:
            yield Finding(
                f"{zone_id} has no evaluation grade, and the incentive is given by grade",
                ("zones", zone_id),
                hint=f"add '{zone_id}: <grade>' under envelopes.grades (grades: {names})",
            )


def check_envelope_pool(ctx: CheckContext) -> Iterator[Finding]:
    """The incentive is priced one way (weights of a pool, or amounts per grade), and the
    pool is divided in full."""
    derived = _derived(ctx)
    if derived is None or derived[0].incentive is None:
        return
    rules, envelopes = derived
    incentive = rules.incentive
    assert incentive is not None
    path: Path = ("envelopes", "incentive")
    if (incentive.amounts is None) == (incentive.weights is None):
        yield Finding(
            "envelopes.incentive gives "
            + ("both weights and amounts" if incentive.amounts is not None else "no prices")
            + "; give one of them",
            path,
            hint="weights: {최우수: 2, 우수: 1} divide the pool; amounts: {최우수: 5억} give "
            "each zone of a grade that amount",
        )
        return
    given = sum(row.incentive or 0 for row in envelopes.zones)
    if incentive.weights is not None:
        if incentive.pool is None:
            yield Finding(
                "envelopes.incentive has weights but no pool to divide",
                path,
                hint="add pool: <amount> (e.g. pool: 20억)",
            )
        elif incentive.pool and given != incentive.pool and not ctx.partial:
            yield Finding(
                f"the incentive pool of {_won(incentive.pool)} cannot be divided: no zone "
                "has a grade with a weight above 0",
                (*path, "pool"),
                hint="give a grade of the zones a weight above 0, or set the pool to 0",
                difference=given - incentive.pool,
            )
    elif incentive.pool is not None and given != incentive.pool and not ctx.partial:
        yield Finding(
            f"the zones' incentives add up to {_won(given)}, not the pool of "
            f"{_won(incentive.pool)} ({_difference(given, incentive.pool)})",
            (*path, "pool"),
            hint="correct the pool or the amounts; to divide a pool exactly, use weights",
            difference=given - incentive.pool,
        )


def check_envelope_adjustments(ctx: CheckContext) -> Iterator[Finding]:
    """Adjustments name zones of the budget and leave no envelope below 0."""
    derived = _derived(ctx)
    if derived is None:
        return
    rules, envelopes = derived
    for i, change in enumerate(rules.adjustments):
        if change.zone not in ctx.budget.zones and change.zone not in ctx.broken:
            yield Finding(
                f"adjustments: {change.zone!r} has no {ctx.budget.year} envelope",
                ("envelopes", "adjustments", i, "zone"),
                hint=_zone_hint(ctx.registry, change.zone)
                if ctx.registry is not None and change.zone not in ctx.registry.by_id()
                else f"add `{change.zone}:` under zones, or remove the adjustment",
            )
    for row in envelopes.zones:
        raw = (row.base or 0) + (row.incentive or 0) + (row.adjustment or 0)
        if raw < 0:
            yield Finding(
                f"{row.zone}: adjustments take its 국비 below 0 ({_won(raw)})",
                ("envelopes", "adjustments"),
                hint="an adjustment may cut at most the zone's base and incentive",
                difference=raw,
            )


def check_envelope_written(ctx: CheckContext) -> Iterator[Finding]:
    """A 국비 envelope written beside the rules is the one the rules give."""
    derived = _derived(ctx)
    if derived is None:
        return
    for row in derived[1].zones:
        if row.written is None or row.written == row.national or row.zone in ctx.partial:
            continue
        path: Path = ("zones", row.zone, "national")
        parts = f"base {_won(row.base or 0)} + incentive {_won(row.incentive or 0)}"
        if row.adjustment:
            parts += f" + adjustment {_won(row.adjustment)}"
        yield Finding(
            f"{row.zone}: national is written as {ctx.notation(path, row.written)}, but the "
            f"envelope rules give {_won(row.national)} ({parts})",
            path,
            hint="correct the figure or the rules, or leave `national` out and let the "
            "rules give it",
            difference=row.written - row.national,
        )


def check_phase_ceiling(ctx: CheckContext) -> Iterator[Finding]:
    """No zone's 국비 over the years of a phase exceeds the policy's ceiling for it."""
    caps = ctx.budget.policy.phase_national_cap
    if not caps or ctx.registry is None:
        return
    known = ctx.registry.by_id()
    year = ctx.budget.year
    for zone_id, zone in ctx.budget.zones.items():
        phase = known[zone_id].phase_in(year) if zone_id in known else None
        if phase is None or phase.phase not in caps or zone_id in ctx.partial:
            continue
        cap = caps[phase.phase]
        spent = {
            other: national[zone_id]
            for other, national in sorted(ctx.other_years.items())
            if other != year and phase.covers(other) and zone_id in national
        }
        spent[year] = zone.envelope("national")
        total = sum(spent.values())
        if total > cap:
            years = ", ".join(f"{y}: {format_korean(spent[y])}" for y in sorted(spent))
            left = cap - total + spent[year]
            yield Finding(
                f"{zone_id}: 국비 over {phase.phase} ({phase.start}–{phase.end or '…'}) comes "
                f"to {_won(total)} ({years}), above the policy's ceiling of {_won(cap)}",
                ("zones", zone_id, "national"),
                hint=f"at most {_won(max(left, 0))} is left for {year}",
                difference=total - cap,
            )


# --- warnings: what is valid but probably a slip ----------------------------------------

#: Below this a fixed amount or an envelope is probably a forgotten 억 or %...
_SLIP_BELOW = 10_000
#: ... when the zone's money is of this order or more.
_MILLIONS = 1_000_000


def _explicit_won(written: object) -> bool:
    return isinstance(written, str) and written.strip().endswith("원")


def _slip(ctx: CheckContext, path: Path, amount: int, scale: int, *, rule: bool) -> Finding | None:
    """A warning when ``amount`` is tiny beside money of ``scale`` (a forgotten 억, or for
    a rule a forgotten %); None when it is not, or the file wrote 원 explicitly."""
    limit = max(_SLIP_BELOW, ctx.budget.rounding_unit)
    written = ctx.written(path)
    if not 0 < amount < limit or scale < _MILLIONS or _explicit_won(written):
        return None
    eok = format_korean(amount * 10**8)
    if rule and isinstance(written, int) and 1 <= amount <= 100:
        hint = f"did you mean {amount}% (a share) or {eok}?"
    else:
        hint = f"did you forget 억 or 만 (e.g. {eok})?"
    return Finding(
        f"{ctx.notation(path, amount)} is read as {amount:,}원 where the other amounts are "
        "millions",
        path,
        hint=f"{hint} write `{amount}원` if you really mean won",
        severity=Severity.WARNING,
    )


def check_amount_slips(ctx: CheckContext) -> Iterator[Finding]:
    """Fixed amounts and envelopes far below the money around them are flagged."""
    largest = max(
        (zone.envelope(fund) for zone in ctx.budget.zones.values() for fund in FUNDS), default=0
    )
    for zone_id, zone in ctx.budget.zones.items():
        for fund in FUNDS:
            path: Path = ("zones", zone_id, fund)
            if found := _slip(ctx, path, zone.envelope(fund), largest, rule=False):
                yield found
            for i, rule in _rules(ctx, zone_id, fund):
                if isinstance(rule, Fixed):
                    path = _line_path(zone_id, i, fund)
                    if found := _slip(ctx, path, rule.amount, zone.envelope(fund), rule=True):
                        yield found


def check_fixed_off_unit(ctx: CheckContext) -> Iterator[Finding]:
    """A fixed amount off the rounding unit is placed as written; another line takes the
    odd won so the zone still adds up, and the file is told which."""
    unit = ctx.budget.rounding_unit
    if unit == 1:
        return
    for zone in ctx.allocation.zones:
        for fund in FUNDS:
            lines = [line for line in zone.lines if line.fund == fund]
            absorbing = [
                line for line in lines if not isinstance(line.rule, Fixed) and line.amount % unit
            ]
            for line in lines:
                if not isinstance(line.rule, Fixed) or not line.amount % unit:
                    continue
                path = _line_path(zone.zone, line.index, fund)
                if _slip(ctx, path, line.amount, zone.envelope(fund), rule=True):
                    continue  # a likely slip: its own warning says so, once
                taker = (
                    f"; the odd won go to {absorbing[0].program!r} so the lines still add up "
                    "to the envelope"
                    if absorbing
                    else ""
                )
                yield Finding(
                    f"{zone.zone}: fixed {ctx.notation(path, line.amount)} "
                    f"({line.amount:,}원) is not a multiple of the rounding unit "
                    f"{_won(unit)}{taker}",
                    path,
                    hint=f"round it to {_won(line.amount // unit * unit)} or "
                    f"{_won((line.amount // unit + 1) * unit)}",
                    severity=Severity.WARNING,
                )


def check_placeholder(ctx: CheckContext) -> Iterator[Finding]:
    """An envelope that `gangso init` marked PLACEHOLDER has been replaced."""
    if ctx.source is None or not ctx.source.doc.placeholder_lines:
        return
    for zone_id in ctx.budget.zones:
        for fund in FUNDS:
            path = ("zones", zone_id, fund)
            if ctx.source.locate(path).line in ctx.source.doc.placeholder_lines:
                yield Finding(
                    f"the {_FUND_KO[fund]} envelope is still the placeholder `gangso init` wrote",
                    path,
                    hint="write the envelope MSIT notified and delete the PLACEHOLDER comment",
                    severity=Severity.WARNING,
                )


# --- a region file against its national budget (--budget) ------------------------------


def _national_zone(ctx: CheckContext) -> tuple[str, Budget] | None:
    """The region's zone id and the national budget, when both years agree."""
    if ctx.national is None or ctx.national.year != ctx.budget.year:
        return None
    return next(iter(ctx.budget.zones)), ctx.national


def check_region_year(ctx: CheckContext) -> Iterator[Finding]:
    """A region file is for the year of the national budget it is checked against."""
    if ctx.national is not None and ctx.national.year != ctx.budget.year:
        yield Finding(
            f"the region file is for {ctx.budget.year}, the national budget for "
            f"{ctx.national.year}",
            ("year",),
            hint=f"check it against the {ctx.budget.year} budget: --budget {ctx.budget.year}",
        )


def check_region_zone(ctx: CheckContext) -> Iterator[Finding]:
    """The national budget gives the region's zone an envelope."""
    if (found := _national_zone(ctx)) is None:
        return
    zone_id, national = found
    if zone_id not in national.zones:
        yield Finding(
            f"the national {national.year} budget has no envelope for {zone_id!r}",
            ("zone",),
            hint=f"funded zones: {', '.join(national.zones)}",
        )


def check_region_envelope(ctx: CheckContext) -> Iterator[Finding]:
    """The region's envelopes are those the national budget gives its zone."""
    if (found := _national_zone(ctx)) is None:
        return
    zone_id, national = found
    theirs = national.zones.get(zone_id)
    if theirs is None or zone_id in ctx.partial:
        return
    mine = ctx.budget.zones[zone_id]
    for fund in FUNDS:
        written, given = mine.envelope(fund), theirs.envelope(fund)
        if written != given:
            yield Finding(
                f"{_FUND_KO[fund]} envelope {_difference(written, given)} the national "
                "budget gives this zone",
                ("zones", zone_id, fund),
                hint=f"set {fund}: {format_korean(given)}",
                difference=written - given,
            )


def check_region_stages(ctx: CheckContext) -> Iterator[Finding]:
    """The region uses the national budget's stages, ids and names."""
    if (found := _national_zone(ctx)) is None:
        return
    theirs = [(stage.id, stage.name) for stage in found[1].stages]
    if [(stage.id, stage.name) for stage in ctx.budget.stages] != theirs:
        yield Finding(
            "the stages differ from the national budget's",
            ("stages",),
            hint="use: " + ", ".join(f"{i} ({n})" for i, n in theirs),
        )


def check_region_policy(ctx: CheckContext) -> Iterator[Finding]:
    """The region states the national budget's policy values."""
    if (found := _national_zone(ctx)) is None:
        return
    theirs = found[1].policy.min_local_match
    if ctx.budget.policy.min_local_match != theirs:
        yield Finding(
            f"min_local_match is {ctx.budget.policy.min_local_match}%, the national "
            f"budget's is {theirs}%",
            ("policy", "min_local_match"),
            hint=f"set min_local_match: {theirs}%",
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


def _changes_checked_elsewhere(ctx: CheckContext) -> Iterator[Finding]:
    return iter(())


#: A region file's ``changes:`` section, resolved by :mod:`gangso_cli.changes` (its
#: diagnostics keep their own ids: ``change-line``, ``change-overdraw``…); not in
#: :data:`CHECKS` because it needs the allocation's running balances, not a context.
CHANGES_CHECK = Check(
    "changes", "사업비 변경 (budget changes)", _changes_checked_elsewhere, ("region",)
)


def run_checks(
    loaded: LoadedBudget,
    allocation: Allocation,
    registry: Registry | None,
    national: Budget | None = None,
    other_years: Mapping[int, Mapping[str, int]] | None = None,
) -> list[CheckResult]:
    """Run every check that applies to this file; one result per check, in order.

    Args:
        loaded: the budget file, loaded (national or one region's).
        allocation: its allocation.
        registry: the zone registry, or None when it failed to load.
        national: for a region file, the national budget to check it against.
        other_years: other years' 국비 per zone, for the policy's phase ceilings.
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
