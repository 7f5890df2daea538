"""Checks of envelope rules (base, grades, pool, adjustments) and the phase ceiling."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from gangso_cli.core.budget import EnvelopeRules, Incentive
from gangso_cli.core.diagnostics import Path, Severity, close_matches
from gangso_cli.core.money import format_korean

if TYPE_CHECKING:
    from gangso_cli.plan.envelopes import Envelopes
from gangso_cli.plan.checks.base import CheckContext, Finding, _difference, _won
from gangso_cli.plan.checks.zones import _zone_hint


def _derived(ctx: CheckContext) -> tuple[EnvelopeRules, Envelopes] | None:
    """The budget's envelope rules and what they gave, when it has rules."""
    rules = ctx.budget.envelopes
    envelopes = ctx.envelopes
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
    rules, envelopes = derived
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
    yield from _evaluation_grades_priced(rules, envelopes, table)
    if rules.incentive is None or rules.incentive.top is not None:
        return
    names = ", ".join(table[1]) if table else "최우수, 우수, …"
    graded = {row.zone for row in envelopes.zones if row.grade is not None}
    for zone_id in ctx.budget.zones:
        if zone_id not in graded:
            yield Finding(
                f"{zone_id} has no evaluation grade, and the incentive is given by grade",
                ("zones", zone_id),
                hint=f"add '{zone_id}: <grade>' under envelopes.grades (grades: {names})",
            )


def _evaluation_grades_priced(
    rules: EnvelopeRules, envelopes: Envelopes, table: tuple[str, dict[str, object]] | None
) -> Iterator[Finding]:
    """Grades the named evaluation gives (not written in the file) have a price."""
    if table is None or rules.evaluation is None:
        return
    for row in envelopes.zones:
        if row.grade is None or row.zone in rules.grades or row.grade in table[1]:
            continue
        yield Finding(
            f"{row.zone}'s grade {row.grade!r} in the {rules.evaluation} evaluation has no "
            f"entry in envelopes.incentive.{table[0]}",
            ("envelopes", "evaluation"),
            hint=f"add '{row.grade}: …' under {table[0]}",
        )


def check_envelope_evaluation(ctx: CheckContext) -> Iterator[Finding]:
    """The evaluation the rules name is on record, and it is the one whose incentives
    fund this year (two years before: the 2023 evaluation funds 2025)."""
    from gangso_cli.core.evaluations import INCENTIVE_LAG

    derived = _derived(ctx)
    if derived is None or derived[0].evaluation is None:
        return
    rules, envelopes = derived
    path: Path = ("envelopes", "evaluation")
    expected = ctx.budget.year - INCENTIVE_LAG
    if not envelopes.evaluation_found:
        yield Finding(
            f"envelopes.evaluation names the {rules.evaluation} evaluation, which is not on "
            "record (bundled: evaluations.yaml)",
            path,
            hint=f"the {expected} evaluation funds {ctx.budget.year}; or write the grades "
            "under envelopes.grades",
        )
    elif rules.evaluation != expected:
        yield Finding(
            f"the {ctx.budget.year} envelopes use the {rules.evaluation} evaluation, but "
            f"incentives are paid {INCENTIVE_LAG} budget years after the year evaluated: "
            f"{ctx.budget.year} is funded by the {expected} evaluation",
            path,
            hint=f"evaluation: {expected}",
            severity=Severity.WARNING,
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
    if incentive.top is not None or incentive.each is not None:
        yield from _top_priced(incentive, envelopes, path, ctx.partial)
        return
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


def _top_priced(
    incentive: Incentive, envelopes: Envelopes, path: Path, partial: frozenset[str]
) -> Iterator[Finding]:
    """By rank: ``top`` with one price (``each``, or a ``pool`` shared equally)."""
    if incentive.top is None:
        yield Finding(
            "envelopes.incentive gives each but no top: each goes to the top N by rank",
            path,
            hint="add top: 4 (the zones ranked in the first four)",
        )
        return
    if incentive.amounts is not None or incentive.weights is not None:
        yield Finding(
            "envelopes.incentive gives top with prices by grade; give the top N's price "
            "by each or pool, not amounts or weights",
            path,
            hint="top: 4 with each: 5.15억, or top: 4 with pool: 20억",
        )
        return
    if (incentive.each is None) == (incentive.pool is None):
        yield Finding(
            "envelopes.incentive gives top with "
            + ("both each and pool" if incentive.each is not None else "no price")
            + "; give one of them",
            path,
            hint="each: 5.15억 (every top zone), or pool: 20억 (shared equally)",
        )
        return
    chosen = sum(1 for row in envelopes.zones if row.incentive)
    if 0 < chosen < incentive.top or (chosen == 0 and not incentive.pool):
        yield Finding(
            f"only {chosen} zone{'s' if chosen != 1 else ''} of the budget "
            f"{'is' if chosen == 1 else 'are'} known to rank in the first "
            f"{incentive.top}, so only {chosen} get{'s' if chosen == 1 else ''} the incentive",
            (*path, "top"),
            hint="name the evaluation that ranks them (envelopes.evaluation), or write "
            "ranks under envelopes.ranks",
            severity=Severity.WARNING,
        )
    if incentive.pool and not chosen and not partial:
        yield Finding(
            f"no zone is known to rank in the first {incentive.top}, so the pool of "
            f"{_won(incentive.pool)} cannot be divided",
            (*path, "top"),
            hint="name the evaluation (envelopes.evaluation) or write ranks under envelopes.ranks",
            difference=-incentive.pool,
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
