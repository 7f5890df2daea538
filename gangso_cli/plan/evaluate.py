"""One call from file names to a checked allocation: load → derive → allocate → check.

Every command that reads a budget (allocate, validate, export, diff) goes through
:func:`evaluate_loaded`, so they all see the same diagnostics for the same file.

An evaluation reads nothing but what it is given: the phase ceilings, which add up a
zone's 국비 over the years of a phase, ask the caller for the other years
(:data:`OtherYears`); :mod:`gangso_cli.programme` knows where they are.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from gangso_cli.core.budget import Budget
from gangso_cli.core.diagnostics import Diagnostic, has_errors
from gangso_cli.core.loader import LoadedBudget, LoadedRegistry, load_budget, load_registry
from gangso_cli.core.registry import Registry
from gangso_cli.core.yamlsource import is_unreadable
from gangso_cli.plan.allocator import Allocation, allocate
from gangso_cli.plan.checks.base import CheckResult
from gangso_cli.plan.checks.catalog import CHANGES_CHECK, REGION_BUDGET_CHECK, run_checks
from gangso_cli.plan.checks.region import national_for_region
from gangso_cli.plan.envelopes import Envelopes, derive_budget

__all__ = ["Evaluation", "OtherYears", "evaluate", "evaluate_loaded", "needs_other_years"]

#: Given a budget and the registry it is evaluated against, other years' 국비 per zone
#: (year → zone id → won): what its phase ceilings add to its own year. Asked only when
#: the budget's policy sets a ceiling.
OtherYears = Callable[[Budget, Registry | None], Mapping[int, Mapping[str, int]]]


@dataclass
class Evaluation:
    """A budget file evaluated against a registry: the envelopes, the allocation, the checks.

    ``budget`` is the budget as evaluated: the file as loaded, with the 국비 its envelope
    rules derive filled in (the loaded value itself is left as it was). ``allocation``
    is None when the budget could not be loaded at all; the load diagnostics say why.
    """

    budget: LoadedBudget
    registry: LoadedRegistry
    #: Each zone's envelope and how it came about; None when the budget did not load.
    envelopes: Envelopes | None = None
    allocation: Allocation | None = None
    results: list[CheckResult] = field(default_factory=list)

    @property
    def budget_diagnostics(self) -> list[Diagnostic]:
        """The budget file's own problems: reading it, then the checks."""
        found = list(self.budget.diagnostics)
        for result in self.results:
            found.extend(result.diagnostics)
        return found

    @property
    def diagnostics(self) -> list[Diagnostic]:
        """Every problem: reading the registry, then the budget's own."""
        return [*self.registry.diagnostics, *self.budget_diagnostics]

    @property
    def unreadable(self) -> bool:
        """True when a file could not be read at all (missing, a directory, permission)."""
        return is_unreadable(self.diagnostics)

    @property
    def usable(self) -> bool:
        """True when the allocation is of the whole file, fit for tables and exports
        (a salvaged budget is good only for more checks)."""
        return self.allocation is not None and not self.budget.salvaged

    @property
    def ok(self) -> bool:
        """True when the budget loaded and no error was found (warnings allowed)."""
        return self.allocation is not None and not has_errors(self.diagnostics)


def needs_other_years(budget: Budget | None) -> bool:
    """True when the budget's checks add up other years (its policy sets a phase ceiling)."""
    return budget is not None and bool(budget.policy.phase_national_cap)


def evaluate_loaded(
    loaded: LoadedBudget,
    registry: LoadedRegistry,
    national: LoadedBudget | None = None,
    other_years: OtherYears | None = None,
) -> Evaluation:
    """Derive the envelopes, allocate and check a budget that is already loaded.

    Args:
        loaded: the budget file; it is not changed.
        registry: the zone registry.
        national: for a region file, the national budget to hold it against
            (:func:`~gangso_cli.plan.checks.region.national_for_region`).
        other_years: where the phase ceilings find the other years' 국비; without it a
            ceiling counts the budget's own year alone.
    """
    budget, envelopes = derive_budget(loaded, registry.model)
    evaluation = Evaluation(budget, registry, envelopes)
    if budget.model is None:
        return evaluation
    evaluation.allocation = allocate(budget.model)
    reference, unchecked = national_for_region(loaded, national, registry.model)
    others = (
        other_years(budget.model, registry.model)
        if other_years is not None and needs_other_years(budget.model)
        else {}
    )
    evaluation.results = run_checks(
        budget, evaluation.allocation, registry.model, reference, others, envelopes
    )
    if budget.region is not None and budget.region.changes:
        evaluation.results.append(_region_changes(budget, evaluation.allocation))
    if unchecked:
        evaluation.results.append(CheckResult(REGION_BUDGET_CHECK, unchecked))
    return evaluation


def _region_changes(loaded: LoadedBudget, allocation: Allocation) -> CheckResult:
    """A region file's own changes, resolved against its allocation."""
    from gangso_cli.plan.changes import change_sources, resolve_planned

    assert loaded.model is not None
    sources, _ = change_sources(loaded)
    return CheckResult(
        CHANGES_CHECK, resolve_planned(loaded.model, allocation, sources).diagnostics
    )


def evaluate(
    budget_path: str | os.PathLike[str] | None = None,
    zones_path: str | os.PathLike[str] | None = None,
    *,
    registry: LoadedRegistry | None = None,
    other_years: OtherYears | None = None,
) -> Evaluation:
    """Load a budget (national or regional) and a registry, allocate, and run the checks.

    Args:
        budget_path: the budget file; the latest bundled budget when None.
        zones_path: the registry; the bundled ``zones.yaml`` when None.
        registry: an already loaded registry, to load it once for many budget files.
        other_years: other years' 국비 for the phase ceilings (see :func:`evaluate_loaded`);
            :func:`gangso_cli.programme.ceilings.bundled_other_years` gives the bundled ones.
    """
    registry = registry if registry is not None else load_registry(zones_path)
    return evaluate_loaded(load_budget(budget_path), registry, other_years=other_years)
