"""The programme across years: every bundled budget, evaluated, side by side.

:func:`load_years` loads and checks each year's national budget once; the views in
:mod:`gangso_cli.programme.views` (``history_views``) and the ``history`` command lay the years
out. :func:`national_by_year` gives the multi-year ceilings their other years.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from gangso_cli.core.bundled import budget_source
from gangso_cli.core.diagnostics import Diagnostic, has_errors
from gangso_cli.core.loader import LoadedRegistry, load_budget
from gangso_cli.plan.evaluate import Evaluation, evaluate_loaded

__all__ = ["YearEntry", "load_years", "national_by_year"]


@dataclass(frozen=True)
class YearEntry:
    """One year's national budget, evaluated: envelopes, allocation, bases."""

    year: int
    evaluation: Evaluation

    @property
    def source(self) -> str:
        """How reports name the file (``bundled: budget_2023.yaml``)."""
        return self.evaluation.budget.doc.file

    @property
    def ok(self) -> bool:
        """True when the year's budget loaded whole and passed its checks."""
        return self.evaluation.usable and not has_errors(self.evaluation.diagnostics)


def load_years(
    registry: LoadedRegistry, years: Iterable[int]
) -> tuple[list[YearEntry], list[Diagnostic]]:
    """Load and evaluate the bundled national budget of each year.

    Returns the years that could be evaluated (a salvaged year is left out) and every
    diagnostic found on the way, so that a broken bundled year is reported, not hidden.
    """
    entries: list[YearEntry] = []
    found: list[Diagnostic] = []
    for year in years:
        source = budget_source(str(year))
        if source is None:
            continue
        evaluation = evaluate_loaded(load_budget(source[0], display_name=source[1]), registry)
        found.extend(evaluation.budget_diagnostics)
        if evaluation.usable:
            entries.append(YearEntry(year, evaluation))
    return entries, found


def national_by_year(registry: LoadedRegistry, years: Iterable[int]) -> dict[int, dict[str, int]]:
    """Each bundled year's 국비 per zone (year → zone id → won), envelopes derived but no
    checks run: what a multi-year ceiling adds up."""
    result: dict[int, dict[str, int]] = {}
    for year in years:
        source = budget_source(str(year))
        if source is None:
            continue
        loaded = load_budget(source[0], display_name=source[1])
        envelopes = loaded.derive(registry.model)
        if envelopes is not None and not loaded.salvaged:
            result[year] = envelopes.national()
    return result
