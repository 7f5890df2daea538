"""Checks of a region's own file against the national budget of its year."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from gangso_cli.core.budget import FUNDS, Budget
from gangso_cli.core.labels import FUND_KO
from gangso_cli.core.money import format_korean

if TYPE_CHECKING:
    pass
from gangso_cli.plan.checks.base import CheckContext, Finding, _difference


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
