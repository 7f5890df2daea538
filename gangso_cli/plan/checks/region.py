"""Checks of a region's own file against the national budget of its year, and the one
place that decides which national budget a region file is held against."""

from __future__ import annotations

from collections.abc import Iterator

from gangso_cli.core.budget import FUNDS, Budget
from gangso_cli.core.diagnostics import Diagnostic
from gangso_cli.core.labels import FUND_KO
from gangso_cli.core.loader import LoadedBudget
from gangso_cli.core.money import format_korean
from gangso_cli.core.registry import Registry
from gangso_cli.plan.checks.base import CheckContext, Finding, _difference
from gangso_cli.plan.envelopes import derive_budget

#: What a region-year hint says before the CLI names the option that picks the budget.
REGION_YEAR_HINT = "check it against the {year} budget"


def national_for_region(
    region: LoadedBudget, national: LoadedBudget | None, registry: Registry | None
) -> tuple[Budget | None, list[Diagnostic]]:
    """The national budget a region file is held against, or why it cannot be.

    The national budget's 국비 is derived first (a region writes the envelope the rules
    give its zone). A national budget that did not load whole is not one to hold a
    region against: then None, and a ``region-budget`` error at the region file, so that
    it is never found valid against figures that are not the budget's. For a national
    file, or with no national budget, (None, []).
    """
    if national is None or region.region is None:
        return None, []
    derived, _ = derive_budget(national, registry)
    if derived.model is not None and not derived.salvaged:
        return derived.model, []
    return None, [
        region.doc.error(
            "region-budget",
            f"not checked against {national.doc.file}: that budget has errors",
            hint="fix the budget's errors above, then validate again",
        )
    ]


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
            hint=REGION_YEAR_HINT.format(year=ctx.budget.year),
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
                f"{FUND_KO[fund]} envelope {_difference(written, given)} the national "
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
