"""The benchmark data generator makes valid budgets (the benchmarks themselves are not
part of the test run: `python -m bench.run`)."""

from __future__ import annotations

from pathlib import Path

from bench.make import make
from gangso_cli.plan.validate import validate_files


def test_generated_budget_is_valid(tmp_path: Path) -> None:
    """1,000 generated lines across two zones validate with no problem at all."""
    zones, budget = make(1_000, tmp_path)
    report = validate_files([budget], zones)
    assert report.exit_code == 0, [str(d) for d in report.diagnostics]
    assert report.diagnostics == []
    assert budget.read_text(encoding="utf-8").count("- stage:") == 1_000
    assert zones.read_text(encoding="utf-8").count("- id: zone-") == 2
