"""Validate budget files for CI: every problem in every file, located, in one run.

The verdict is a contract for pipelines (see :attr:`ValidationReport.exit_code`):
0 every file valid, 1 a problem in the data, 2 a file that cannot be read at all.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Literal

from gangso_cli.core.diagnostics import Diagnostic, Severity
from gangso_cli.core.loader import (
    LoadedBudget,
    LoadedRegistry,
    load_budget,
    load_document,
    load_registry,
)
from gangso_cli.core.yamlsource import is_unreadable
from gangso_cli.plan.envelopes import derive_budget
from gangso_cli.plan.evaluate import OtherYears, evaluate_loaded

__all__ = ["FileReport", "ValidationReport", "validate_files"]

Kind = Literal["budget", "region", "registry", "changes", "evaluations"]


@dataclass
class FileReport:
    """One file's verdict: its kind (when it could be told) and its diagnostics.

    ``loaded`` is False when the file could not be read or parsed into a budget at all
    (it was not checked); ``reference`` marks the registry or the ``--budget`` file,
    reported only when they have problems of their own.
    """

    file: str
    kind: Kind | None
    diagnostics: list[Diagnostic] = field(default_factory=list)
    loaded: bool = True
    reference: bool = False
    #: The budget year the file is for, when it loaded as a budget.
    year: int | None = None

    @property
    def errors(self) -> int:
        """How many errors the file has."""
        return sum(d.severity is Severity.ERROR for d in self.diagnostics)

    @property
    def warnings(self) -> int:
        """How many warnings the file has."""
        return len(self.diagnostics) - self.errors

    @property
    def valid(self) -> bool:
        """True when the file was checked and has no errors."""
        return self.loaded and self.errors == 0


@dataclass
class ValidationReport:
    """The verdict on every file of one ``gangso validate`` run."""

    files: list[FileReport]
    #: Warnings fail the run too (``--strict``).
    strict: bool = False

    @property
    def diagnostics(self) -> list[Diagnostic]:
        """Every diagnostic of every file, in file order."""
        return [d for report in self.files for d in report.diagnostics]

    @property
    def checked(self) -> list[FileReport]:
        """The files named to be checked that loaded, so were checked."""
        return [f for f in self.files if f.loaded and not f.reference]

    @property
    def exit_code(self) -> int:
        """2 if a file could not be read at all, else 1 if any error (or, strict, any
        warning), else 0."""
        if is_unreadable(self.diagnostics):
            return 2
        if any(not report.valid for report in self.files):
            return 1
        if self.strict and any(report.warnings for report in self.files):
            return 1
        return 0


def _kind(loaded: LoadedRegistry | LoadedBudget) -> Kind | None:
    if isinstance(loaded, LoadedRegistry):
        return "registry"
    if loaded.doc.data is None:
        return None
    return "region" if isinstance(loaded.doc.data, dict) and "zone" in loaded.doc.data else "budget"


def validate_files(
    paths: Sequence[str | os.PathLike[str]],
    zones_path: str | os.PathLike[str] | None = None,
    budget_path: str | os.PathLike[str] | None = None,
    *,
    budget_name: str | None = None,
    strict: bool = False,
    other_years: OtherYears | None = None,
) -> ValidationReport:
    """Validate budget, region and registry files, each on its own merits.

    Args:
        paths: the files to check; their kind is told from their shape.
        zones_path: the registry to check zone ids against (default: bundled).
        budget_path: a national budget; region files are then also checked against the
            envelope, year, stages and policy it gives their zone.
        budget_name: how to name ``budget_path`` in reports (``bundled: …``).
        strict: warnings fail the run too.
        other_years: where a budget's phase ceilings find the other years' 국비.
    """
    reports: list[FileReport] = []
    registry = load_registry(zones_path)
    if registry.diagnostics:
        reports.append(
            FileReport(
                registry.doc.file,
                "registry",
                registry.diagnostics,
                loaded=registry.model is not None,
                reference=True,
            )
        )
    national = (
        load_budget(budget_path, display_name=budget_name) if budget_path is not None else None
    )
    if national is not None and national.diagnostics:
        reports.append(
            FileReport(
                national.doc.file,
                "budget",
                list(national.diagnostics),
                loaded=national.model is not None and not national.salvaged,
                reference=True,
            )
        )
    # Changes files are resolved against the national budget's lines, its 국비 derived.
    against = derive_budget(national, registry.model)[0] if national is not None else None
    usable = against if against is not None and not against.salvaged else None
    for path in paths:
        if _is_changes(path):
            reports.append(_changes_report(path, usable))
            continue
        loaded = load_document(path)
        if _is_evaluations(loaded):
            reports.append(_evaluations_report(path))
            continue
        report = FileReport(loaded.doc.file, _kind(loaded), loaded=loaded.model is not None)
        if isinstance(loaded, LoadedRegistry):
            report.diagnostics = list(loaded.diagnostics)
        else:
            # A region file that cannot be held against its budget is never ✓: the
            # evaluation says so (region-budget).
            evaluation = evaluate_loaded(loaded, registry, national, other_years)
            report.diagnostics = evaluation.budget_diagnostics
            report.year = loaded.model.year if loaded.model is not None else None
        report.diagnostics.sort(key=lambda d: (d.location.line, d.location.column))
        reports.append(report)
    return ValidationReport(reports, strict=strict)


def _is_evaluations(loaded: LoadedRegistry | LoadedBudget) -> bool:
    """An evaluations file (``data/evaluations.yaml``) is a map with ``evaluations``."""
    data = loaded.doc.data
    return isinstance(data, dict) and "evaluations" in data and "zones" not in data


def _evaluations_report(path: str | os.PathLike[str]) -> FileReport:
    """An evaluations file, checked on its own: its shape, and that each evaluation funds
    the budget two years on."""
    from gangso_cli.core.evaluations import load_evaluations

    loaded = load_evaluations(path)
    report = FileReport(loaded.file, "evaluations", loaded=loaded.model is not None)
    report.diagnostics = sorted(
        loaded.diagnostics, key=lambda d: (d.location.line, d.location.column)
    )
    return report


def _is_changes(path: str | os.PathLike[str]) -> bool:
    """A changes file says so at its top (``kind: changes``)."""
    try:
        with open(path, encoding="utf-8", errors="replace") as handle:
            head = handle.read(4096)
    except OSError:
        return False
    return any(line.strip().startswith("kind: changes") for line in head.splitlines())


def _changes_report(path: str | os.PathLike[str], budget: LoadedBudget | None) -> FileReport:
    """A changes file on its own, and against ``budget`` (its lines, funds, balances)
    when one is given."""
    from gangso_cli.plan.allocator import allocate
    from gangso_cli.plan.changes import load_changes, resolve_planned

    changes, diagnostics = load_changes(path)
    file = changes.doc.file if changes is not None and changes.doc else os.fspath(path)
    report = FileReport(file, "changes", diagnostics, loaded=changes is not None)
    if changes is not None and budget is not None and budget.model is not None:
        found = resolve_planned(budget.model, allocate(budget.model), [changes])
        report.diagnostics.extend(found.diagnostics)
    report.diagnostics.sort(key=lambda d: (d.location.line, d.location.column))
    return report
