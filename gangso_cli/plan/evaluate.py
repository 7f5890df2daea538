"""One call from file names to a checked allocation: load → allocate → check.

Every command that reads a budget (allocate, validate, export, diff) goes through
:func:`evaluate`, so they all see the same diagnostics for the same file.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field

from gangso_cli.core.budget import Budget
from gangso_cli.core.bundled import bundled_years
from gangso_cli.core.diagnostics import Diagnostic, has_errors
from gangso_cli.core.loader import LoadedBudget, LoadedRegistry, load_budget, load_registry
from gangso_cli.core.yamlsource import is_unreadable
from gangso_cli.plan.allocator import Allocation, allocate
from gangso_cli.plan.checks.base import CheckResult
from gangso_cli.plan.checks.catalog import run_checks

__all__ = ["Evaluation", "evaluate", "evaluate_loaded"]


@dataclass
class Evaluation:
    """A budget file evaluated against a registry: what loaded, the allocation, the checks.

    ``allocation`` is None when the budget could not be loaded at all; the load
    diagnostics then say why.
    """

    budget: LoadedBudget
    registry: LoadedRegistry
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


def evaluate_loaded(
    loaded: LoadedBudget, registry: LoadedRegistry, national: Budget | None = None
) -> Evaluation:
    """Derive the envelopes, allocate and check a budget that is already loaded (a
    region file also against ``national``, when given)."""
    evaluation = Evaluation(loaded, registry)
    loaded.derive(registry.model)
    if loaded.model is not None:
        evaluation.allocation = allocate(loaded.model)
        other_years: dict[int, dict[str, int]] = {}
        if loaded.model.policy.phase_national_cap:
            # A ceiling over a phase's years adds the other years' bundled budgets.
            from gangso_cli.programme.history import national_by_year

            others = [y for y in bundled_years() if y != loaded.model.year]
            other_years = national_by_year(registry, others)
        evaluation.results = run_checks(
            loaded, evaluation.allocation, registry.model, national, other_years
        )
        if loaded.region is not None and loaded.region.changes:
            evaluation.results.append(_region_changes(loaded, evaluation.allocation))
    return evaluation


def _region_changes(loaded: LoadedBudget, allocation: Allocation) -> CheckResult:
    """A region file's own changes, resolved against its allocation."""
    from gangso_cli.plan.changes import change_sources, resolve_planned
    from gangso_cli.plan.checks.catalog import CHANGES_CHECK

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
) -> Evaluation:
    """Load a budget (national or regional) and a registry, allocate, and run the checks.

    Args:
        budget_path: the budget file; the bundled 2020 budget when None.
        zones_path: the registry; the bundled ``zones.yaml`` when None.
        registry: an already loaded registry, to load it once for many budget files.
    """
    registry = registry if registry is not None else load_registry(zones_path)
    return evaluate_loaded(load_budget(budget_path), registry)
