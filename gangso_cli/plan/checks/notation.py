"""Checks of how amounts are written: likely slips (a forgotten 억 or %), off-unit amounts,
placeholders left by ``gangso init``.
"""

from __future__ import annotations

from collections.abc import Iterator

from gangso_cli.core.budget import FUNDS
from gangso_cli.core.diagnostics import Path, Severity
from gangso_cli.core.fields import Fixed
from gangso_cli.core.labels import FUND_KO
from gangso_cli.core.money import format_korean
from gangso_cli.plan.checks.base import CheckContext, Finding, _line_path, _won
from gangso_cli.plan.checks.lines import _rules

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
                    f"the {FUND_KO[fund]} envelope is still the placeholder `gangso init` wrote",
                    path,
                    hint="write the envelope MSIT notified and delete the PLACEHOLDER comment",
                    severity=Severity.WARNING,
                )
