"""Which national budget a region file is held against: one library function
(national_for_region), used alike by validate and by the commands that show a region."""

from __future__ import annotations

from pathlib import Path

import pytest

from gangso_cli.core.bundled import bundled_data
from gangso_cli.core.loader import load_budget, load_budget_text, load_registry
from gangso_cli.plan.checks.region import national_for_region
from gangso_cli.plan.evaluate import evaluate_loaded
from gangso_cli.plan.starter import region_starter
from tests.conftest import WriteYaml, run

EXAMPLE_REGION = Path(__file__).parents[2] / "examples" / "region-gimhae-2020.yaml"
#: A line of pohang in the bundled 2020 budget, to break so that the budget is salvaged.
POHANG_LINE = "        program: POSCO 벤처플랫폼 연계 기술발굴\n        national: 35%\n"


def _salvaged_2020(write_yaml: WriteYaml) -> Path:
    """The bundled 2020 budget with one broken line: it loads, but only salvaged."""
    text = bundled_data("budget_2020.yaml").read_text(encoding="utf-8")
    broken = text.replace(POHANG_LINE, POHANG_LINE.replace("35%", "lots"), 1)
    assert broken != text
    return write_yaml(broken, "national.yaml")


def test_a_derived_year_is_held_with_its_derived_national_funds() -> None:
    """Against 2025 (국비 from envelope rules), gunsan's envelope is the one the rules
    derive, and the national budget given is left as loaded."""
    registry = load_registry().model
    assert registry is not None
    national = load_budget(bundled_data("budget_2025.yaml"))
    derived = evaluate_loaded(national, load_registry()).budget.model
    assert derived is not None
    region = load_budget_text(region_starter(registry.by_id()["gunsan"], 2025, derived))
    reference, problems = national_for_region(region, national, registry)
    assert problems == []
    assert reference is not None
    gunsan = reference.zones["gunsan"].national
    assert gunsan is not None
    assert gunsan == derived.zones["gunsan"].national
    assert gunsan > 1_800_000_000  # the base and a 최우수 incentive
    assert national.model is not None
    assert national.model.zones["gunsan"].national is None  # as the file wrote it
    assert evaluate_loaded(region, load_registry(), national).ok


def test_a_national_file_or_no_national_budget_is_held_against_nothing() -> None:
    """A national file is never held against another; with no national budget a region
    file is checked alone. Neither is a problem."""
    national = load_budget(bundled_data("budget_2020.yaml"))
    region = load_budget(EXAMPLE_REGION)
    assert national_for_region(national, national, None) == (None, [])
    assert national_for_region(region, None, None) == (None, [])


@pytest.mark.parametrize("how", ["salvaged", "unparsed"])
def test_a_region_is_not_held_against_a_broken_budget(write_yaml: WriteYaml, how: str) -> None:
    """A national budget with errors (salvaged, or not loaded at all) holds no region
    file: a region-budget error at the region file says it was not checked."""
    if how == "salvaged":
        national = load_budget(_salvaged_2020(write_yaml))
        assert national.salvaged
    else:
        national = load_budget(write_yaml("year: [2020\n", "national.yaml"))
        assert national.model is None
    region = load_budget(EXAMPLE_REGION)
    reference, problems = national_for_region(region, national, load_registry().model)
    assert reference is None
    (problem,) = problems
    assert problem.check == "region-budget"
    assert problem.location.file == region.doc.file
    assert f"not checked against {national.doc.file}" in problem.message


def test_an_evaluation_against_a_broken_budget_fails_region_budget(write_yaml: WriteYaml) -> None:
    """The evaluation of a region file against a salvaged national budget fails with
    region-budget, and holds it to none of the salvaged figures."""
    evaluation = evaluate_loaded(
        load_budget(EXAMPLE_REGION), load_registry(), load_budget(_salvaged_2020(write_yaml))
    )
    ids = [r.check.id for r in evaluation.results]
    assert "region-budget" in ids
    assert "region-envelope" not in ids
    assert not evaluation.ok


def test_allocate_against_a_salvaged_budget_fails_as_validate_does(write_yaml: WriteYaml) -> None:
    """allocate REGION --budget BROKEN prints the budget's errors and fails region-budget
    (it used to check against the salvaged figures and could exit 0)."""
    national = _salvaged_2020(write_yaml)
    for command in ("allocate", "validate"):
        result = run(command, EXAMPLE_REGION, "--budget", national)
        assert result.exit_code == 1, (command, result.output)
        assert "error[region-budget]" in result.stdout + result.stderr
        assert "✓" not in result.stdout


def test_the_command_adds_the_option_to_a_region_year_hint() -> None:
    """The library's hint names the year's budget; validate and allocate add the option
    that picks it (--budget 2020)."""
    region = load_budget(EXAMPLE_REGION)
    national = load_budget(bundled_data("budget_2021.yaml"))
    evaluation = evaluate_loaded(region, load_registry(), national)
    (found,) = [d for d in evaluation.diagnostics if d.check == "region-year"]
    assert found.hint == "check it against the 2020 budget"
    for command in ("validate", "allocate"):
        result = run(command, EXAMPLE_REGION, "--budget", "2021")
        assert result.exit_code == 1, result.output
        said = result.stdout + result.stderr
        assert "hint: check it against the 2020 budget: --budget 2020" in said
