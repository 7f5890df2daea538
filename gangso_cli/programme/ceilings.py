"""Other years for the multi-year ceilings: a phase ceiling adds up a zone's 국비 over the
years of its phase, and only the programme knows where those years are (the bundled
budgets). An evaluation asks through :data:`~gangso_cli.plan.evaluate.OtherYears`."""

from __future__ import annotations

from collections.abc import Iterable

from gangso_cli.core.budget import Budget
from gangso_cli.core.bundled import budget_source, bundled_years
from gangso_cli.core.loader import load_budget
from gangso_cli.core.registry import Registry
from gangso_cli.plan.envelopes import derive_budget

__all__ = ["bundled_other_years", "national_by_year"]


def national_by_year(registry: Registry | None, years: Iterable[int]) -> dict[int, dict[str, int]]:
    """Each bundled year's 국비 per zone (year → zone id → won), envelopes derived but no
    checks run: what a multi-year ceiling adds up."""
    result: dict[int, dict[str, int]] = {}
    for year in years:
        source = budget_source(str(year))
        if source is None:
            continue
        derived, envelopes = derive_budget(load_budget(source[0], display_name=source[1]), registry)
        if envelopes is not None and not derived.salvaged:
            result[year] = envelopes.national()
    return result


def bundled_other_years(budget: Budget, registry: Registry | None) -> dict[int, dict[str, int]]:
    """The other years a budget's phase ceilings add up: every bundled year but its own
    (an :data:`~gangso_cli.plan.evaluate.OtherYears`, read only when a ceiling asks)."""
    return national_by_year(registry, [y for y in bundled_years() if y != budget.year])
