"""Checks of the zones a budget names against the registry: known, designated, funded."""

from __future__ import annotations

from collections.abc import Iterator

from gangso_cli.core.diagnostics import close_matches
from gangso_cli.core.registry import Registry
from gangso_cli.plan.checks.base import CheckContext, Finding

#: Hints that point at the registry; the CLI says which command shows it.
ZONE_IDS_HINT = "the registry lists the zone ids"
FUNDED_ZONES_HINT = "the registry's phases say which zones a year funds"


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
    return ZONE_IDS_HINT


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
            else FUNDED_ZONES_HINT,
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
