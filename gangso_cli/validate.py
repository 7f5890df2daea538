"""Validate budget files for CI: every problem in every file, located, in one run.

The verdict is a contract for pipelines (see :attr:`ValidationReport.exit_code`):
0 every file valid, 1 a problem in the data, 2 a file that cannot be read at all.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Literal

from gangso_cli.diagnostics import Diagnostic, Severity
from gangso_cli.evaluate import evaluate_loaded
from gangso_cli.loader import (
    LoadedBudget,
    LoadedRegistry,
    load_budget,
    load_document,
    load_registry,
)
from gangso_cli.yamlsource import is_unreadable

__all__ = ["FileReport", "ValidationReport", "validate_files"]

Kind = Literal["budget", "region", "registry"]


@dataclass
class FileReport:
    """One file's verdict: its kind (when it could be told) and its diagnostics."""

    file: str
    kind: Kind | None
    diagnostics: list[Diagnostic] = field(default_factory=list)

    @property
    def errors(self) -> int:
        """How many errors (not warnings) the file has."""
        return sum(d.severity is Severity.ERROR for d in self.diagnostics)

    @property
    def valid(self) -> bool:
        """True when the file has no errors."""
        return self.errors == 0


@dataclass
class ValidationReport:
    """The verdict on every file of one ``gangso validate`` run."""

    files: list[FileReport]

    @property
    def diagnostics(self) -> list[Diagnostic]:
        """Every diagnostic of every file, in file order."""
        return [d for report in self.files for d in report.diagnostics]

    @property
    def exit_code(self) -> int:
        """2 if a file could not be read at all, else 1 if any error, else 0."""
        if is_unreadable(self.diagnostics):
            return 2
        return 1 if any(not report.valid for report in self.files) else 0


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
) -> ValidationReport:
    """Validate budget, region and registry files, each on its own merits.

    Args:
        paths: the files to check; their kind is told from their shape.
        zones_path: the registry to check zone ids against (default: bundled).
        budget_path: a national budget; region files are then also checked against the
            envelope, year, stages and policy it gives their zone.
    """
    reports: list[FileReport] = []
    registry = load_registry(zones_path)
    if registry.diagnostics:
        reports.append(FileReport(registry.doc.file, "registry", registry.diagnostics))
    national = load_budget(budget_path) if budget_path is not None else None
    if national is not None and national.diagnostics:
        reports.append(FileReport(national.doc.file, "budget", list(national.diagnostics)))
    for path in paths:
        loaded = load_document(path)
        report = FileReport(loaded.doc.file, _kind(loaded))
        if isinstance(loaded, LoadedRegistry):
            report.diagnostics = list(loaded.diagnostics)
        else:
            reference = national.model if national is not None else None
            report.diagnostics = evaluate_loaded(loaded, registry, reference).budget_diagnostics
        report.diagnostics.sort(key=lambda d: (d.location.line, d.location.column))
        reports.append(report)
    return ValidationReport(reports)
