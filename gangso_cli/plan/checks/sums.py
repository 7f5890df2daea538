"""Checks that the parts add up: zone envelopes to the totals, the local match, rounding."""

from __future__ import annotations

from collections.abc import Iterator
from fractions import Fraction

from gangso_cli.core.budget import FUNDS, Fund
from gangso_cli.core.fields import Fixed, Rest, Share
from gangso_cli.core.labels import FUND_KO
from gangso_cli.core.money import percent_text
from gangso_cli.plan.checks.base import CheckContext, CheckFn, Finding, _difference, _won
from gangso_cli.plan.checks.lines import _rules


def _zone_sum(fund: Fund) -> CheckFn:
    def check(ctx: CheckContext) -> Iterator[Finding]:
        for zone in ctx.allocation.zones:
            if zone.zone in ctx.partial:
                continue
            allocated, envelope = zone.allocated(fund), zone.envelope(fund)
            if allocated != envelope:
                yield Finding(
                    f"{zone.zone}: lines place {_difference(allocated, envelope)} "
                    f"{FUND_KO[fund]} envelope",
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
                f"zone {FUND_KO[fund]} envelopes add up to {_difference(envelopes, total)} "
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
                    f"{zone_id}: the {FUND_KO[fund]} envelope {_won(zone.envelope(fund))} is "
                    f"not a multiple of the rounding unit {_won(unit)}",
                    ("zones", zone_id, fund),
                    hint="round the envelope, or set `rounding_unit` to a smaller unit",
                )
