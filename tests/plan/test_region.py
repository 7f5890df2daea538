"""A region's own file is checked against the national budget of its year (``--budget``):
year, zone, envelopes, stages and policy, each failing on its own, at its own line."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from gangso_cli.core.bundled import bundled_data
from gangso_cli.core.diagnostics import Severity
from gangso_cli.core.loader import load_budget, load_registry
from gangso_cli.plan.evaluate import evaluate_loaded
from tests.conftest import BUDGET, WriteYaml, line_of, run

EXAMPLE_REGION = Path(__file__).parents[2] / "examples" / "region-gimhae-2020.yaml"
REGION = EXAMPLE_REGION.read_text(encoding="utf-8")

# (replace this, with that, the check that fails, the line it points at, its hint). Each
# case breaks one agreement with the national 2020 budget.
DISAGREEMENTS = [
    ("year: 2020", "year: 2021", "region-year", "year:", "check it against the 2021 budget"),
    ("zone: gimhae", "zone: hongneung", "region-zone", "zone:", "funded zones: gimhae, jinju"),
    ("national: 60억", "national: 59억", "region-envelope", "national: 59억", "set national: 60억"),
    ("name: 기술발굴", "name: 기술 발굴", "region-stages", "stages:", "use: discovery (기술발굴)"),
    ("local_match: 20%", "local_match: 15%", "region-policy", "15%", "min_local_match: 20%"),
]


def _disagreeing(old: str, new: str) -> str:
    """The example region with one value replaced."""
    assert old in REGION
    return REGION.replace(old, new, 1)


@pytest.mark.parametrize(("old", "new", "check", "at", "hint"), DISAGREEMENTS)
def test_each_disagreement_with_the_national_budget_fails(
    write_yaml: WriteYaml, old: str, new: str, check: str, at: str, hint: str
) -> None:
    """`gangso validate REGION --budget 2020` fails with the region check at the line that
    disagrees, and says what the national budget holds; alone the file has no such error."""
    text = _disagreeing(old, new)
    path = write_yaml(text, "region.yaml")
    alone = run("validate", path)
    assert f"[{check}]" not in alone.stdout
    result = run("validate", path, "--budget", "2020")
    assert result.exit_code == 1, result.output
    where = f"region.yaml:{line_of(text, at)}:"
    assert re.search(rf"{re.escape(where)}\d+: error\[{check}\]", result.stdout), result.stdout
    assert hint in result.stdout


@pytest.mark.parametrize(("old", "new", "check", "at", "hint"), DISAGREEMENTS)
def test_the_library_finds_each_disagreement(
    write_yaml: WriteYaml, old: str, new: str, check: str, at: str, hint: str
) -> None:
    """evaluate_loaded with a national budget reports the same check, as an error at the
    same line, and the evaluation is not ok."""
    text = _disagreeing(old, new)
    path = write_yaml(text, "region.yaml")
    national = load_budget(bundled_data("budget_2020.yaml"))
    result = evaluate_loaded(load_budget(path), load_registry(), national)
    assert not result.ok
    found = [d for d in result.diagnostics if d.check == check]
    assert [d.severity for d in found] == [Severity.ERROR], [str(d) for d in result.diagnostics]
    assert found[0].hint is not None
    assert hint in found[0].hint
    assert found[0].location.line == line_of(text, at)


def test_the_example_region_agrees_with_its_national_budget() -> None:
    """The example region file passes every region check against the 2020 budget."""
    national = load_budget(bundled_data("budget_2020.yaml"))
    result = evaluate_loaded(load_budget(EXAMPLE_REGION), load_registry(), national)
    assert result.ok, [str(d) for d in result.diagnostics]
    checked = {r.check.id for r in result.results}
    assert {d[2] for d in DISAGREEMENTS} <= checked


@pytest.mark.parametrize("command", ["allocate", "export"])
def test_region_report_is_checked_against_the_national_envelope(
    write_yaml: WriteYaml, tmp_path: Path, command: str
) -> None:
    """A 59억 region file is consistent alone, but fails against --budget 2020."""
    path = write_yaml(REGION.replace("national: 60억", "national: 59억"), "region.yaml")
    extra = ["-o", str(tmp_path / "r.json"), "--force"] if command == "export" else []
    alone = run(command, path, *extra)
    assert alone.exit_code == 0, alone.output
    checked = run(command, path, "--budget", "2020", *extra)
    assert checked.exit_code == 1
    assert "error[region-envelope]" in checked.stderr
    assert "set national: 60억" in checked.stderr  # the user's own notation


def test_region_is_never_valid_against_a_broken_budget(write_yaml: WriteYaml) -> None:
    """When --budget has errors, the region file is not ✓ and is not counted as checked
    against it."""
    national = write_yaml(BUDGET.replace("year: 2020", "year: 2020년"), "national.yaml")
    result = run("validate", EXAMPLE_REGION, "--budget", national)
    assert result.exit_code == 1
    assert "✓" not in result.stdout
    assert "error[region-budget]" in result.stdout
