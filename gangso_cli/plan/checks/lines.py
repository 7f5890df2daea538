"""Checks of each zone's lines and split rules: stage ids, duplicates, funding, shares."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

from gangso_cli.core.budget import FUNDS, Fund
from gangso_cli.core.fields import Fixed, Rest, Share
from gangso_cli.core.labels import FUND_KO
from gangso_cli.plan.checks.base import CheckContext, Finding, _difference, _line_path


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
                    f"{zone_id}: {len(rests)} lines take the rest of {FUND_KO[fund]} "
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
                    f"{zone_id}: shares of {FUND_KO[fund]} add up to {total}%, over 100%",
                    _line_path(zone_id, last, fund),
                    hint="lower the shares so they add up to 100% or less",
                )
            elif total != 100 and not has_rest:
                yield Finding(
                    f"{zone_id}: shares of {FUND_KO[fund]} add up to {total}%, not 100%, "
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
                    f"{zone_id}: fixed amounts of {FUND_KO[fund]} "
                    f"{_difference(total, zone.envelope(fund))} envelope",
                    _line_path(zone_id, fixed[-1][0], fund),
                    hint="lower the fixed amounts or raise the envelope",
                    difference=total - zone.envelope(fund),
                )
