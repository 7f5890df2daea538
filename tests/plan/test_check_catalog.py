"""Every check of the catalog is failed on purpose: one small input per check id, each
making that check (and not the run as a whole only) fail as an error or warn.

A check added to :data:`CHECKS` without a case here fails
:func:`test_every_check_has_a_failing_case`, so no check ships that no test has seen fail.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from gangso_cli.core.bundled import bundled_data
from gangso_cli.core.diagnostics import Severity
from gangso_cli.core.loader import load_budget, load_registry
from gangso_cli.plan.checks.catalog import CHANGES_CHECK, CHECKS
from gangso_cli.plan.evaluate import Evaluation, evaluate, evaluate_loaded
from tests.conftest import BUDGET, REGISTRY, WriteYaml

EXAMPLE_REGION = Path(__file__).parents[2] / "examples" / "region-gimhae-2020.yaml"
REGION = EXAMPLE_REGION.read_text(encoding="utf-8")

#: REGISTRY with the phases of alpha's life, for the policy's phase ceilings.
PHASED_REGISTRY = REGISTRY.replace(
    "    designated: 2019-08\n",
    "    designated: 2019-08\n    phases: [{phase: 1단계 기반조성, start: 2020, end: 2024}]\n",
    1,
)

#: A valid 2021 budget whose 국비 envelopes are derived by rules: alpha 15억 + 10억 of
#: the pool (우수), beta 15억 (보통).
RULES_BUDGET = """\
year: 2021
rounding_unit: 천원
totals:
  national: 40억
  local: 10억
policy:
  min_local_match: 20%
stages:
  - id: discovery
    name: 기술발굴
envelopes:
  base:
    equal: 15억
  incentive:
    pool: 10억
    weights: {우수: 1, 보통: 0}
  grades:
    alpha: 우수
    beta: 보통
zones:
  alpha:
    local: 5억
    lines:
      - {stage: discovery, program: 발굴, national: rest, local: rest}
  beta:
    local: 5억
    lines:
      - {stage: discovery, program: 발굴, national: rest, local: rest}
"""

#: A `changes:` section for the example region: a move from a line it does not have.
REGION_CHANGES = """\
changes:
  - date: 2020-07-15
    fund: national
    from: {stage: transfer, program: 없는 사업}
    to: {stage: transfer, program: 의료기기 기술이전·사업화}
    amount: 5천만
    reason: 시험
    status: approved
lines:
"""


Evaluator = Callable[[WriteYaml, str], Evaluation]


def _national(registry: str) -> Evaluator:
    """Evaluate a national budget against a registry written beside it."""

    def run(write_yaml: WriteYaml, text: str) -> Evaluation:
        return evaluate(write_yaml(text), write_yaml(registry, "zones.yaml"))

    return run


def _region(write_yaml: WriteYaml, text: str) -> Evaluation:
    """Evaluate a region file against the bundled registry and the national 2020 budget."""
    national = load_budget(bundled_data("budget_2020.yaml"))
    return evaluate_loaded(load_budget(write_yaml(text, "region.yaml")), load_registry(), national)


#: The valid texts the cases edit, and how each is evaluated.
BASES: dict[str, tuple[str, Evaluator]] = {
    "budget": (BUDGET, _national(REGISTRY)),
    "rules": (RULES_BUDGET, _national(REGISTRY)),
    "phased": (BUDGET, _national(PHASED_REGISTRY)),
    "region": (REGION, _region),
}

# (check id, the base, replace this, with that): one edit that makes that check fail.
FAILURES = [
    ("stage-known", "budget", "stage: growth", "stage: grwoth"),
    ("line-unique", "budget", "stage: growth\n        program: 판로개척",
     "stage: discovery\n        program: 수요연계 기술발굴"),
    ("line-funded", "budget", "        national: 40%\n        local: 50%\n", ""),
    ("rest-count", "budget", "national: 40%", "national: rest"),
    ("share-total", "budget", "national: rest", "national: 70%"),
    ("fixed-fits", "budget", "national: 40%", "national: 61억"),
    ("rounding-unit", "budget", "    national: 60억", "    national: 60억 500원"),
    ("zone-national-sum", "budget", "national: rest", "national: 50%"),
    ("zone-local-sum", "budget", "local: rest", "local: 40%"),
    ("national-total", "budget", "  national: 60억\n  local", "  national: 61억\n  local"),
    ("local-total", "budget", "  local: 12억\npolicy", "  local: 13억\npolicy"),
    ("local-match", "budget", "min_local_match: 20%", "min_local_match: 25%"),
    ("zone-known", "budget", "  alpha:\n", "  alpah:\n"),
    ("zone-designated", "budget", "  alpha:\n", "  beta:\n"),
    ("zone-funded", "budget", "year: 2020", "year: 2021"),  # beta is designated by 2021
    ("envelope-base", "rules", "equal: 15억\n",
     "equal: 15억\n    by_phase: {1단계 기반조성: 15억}\n"),  # both
    ("envelope-evaluation", "rules", "  base:\n",
     "  evaluation: 2022\n  base:\n"),  # the 2022 evaluation funds 2024, not 2021
    ("envelope-grades", "rules", "alpha: 우수", "alpha: 최고"),
    ("envelope-pool", "rules", "alpha: 우수", "alpha: 보통"),  # no grade with a weight
    ("envelope-adjustments", "rules", "zones:\n",
     "  adjustments: [{zone: gamma, amount: 1억}]\nzones:\n"),
    ("envelope-written", "rules", "    local: 5억", "    national: 24억\n    local: 5억"),
    ("phase-ceiling", "phased", "  min_local_match: 20%\n",
     "  min_local_match: 20%\n  phase_national_cap: {1단계 기반조성: 50억}\n"),
    ("amount-slip", "budget", "national: 40%", "national: 40"),
    ("fixed-off-unit", "budget", "national: 40%", "national: 30원"),
    ("placeholder-envelope", "budget", "    national: 60억\n",
     "    national: 60억  # PLACEHOLDER\n"),
    ("region-year", "region", "year: 2020", "year: 2021"),
    ("region-zone", "region", "zone: gimhae", "zone: hongneung"),
    ("region-envelope", "region", "national: 60억", "national: 59억"),
    ("region-stages", "region", "name: 기술발굴", "name: 기술 발굴"),
    ("region-policy", "region", "local_match: 20%", "local_match: 15%"),
    (CHANGES_CHECK.id, "region", "lines:\n", REGION_CHANGES),
]  # fmt: skip

#: The checks whose findings are warnings (a likely slip, not a wrong figure).
WARNINGS = {"amount-slip", "envelope-evaluation", "fixed-off-unit", "placeholder-envelope"}


def test_every_check_has_a_failing_case() -> None:
    """The cases are exactly the catalog's check ids (CHECKS and the changes check)."""
    catalog = [check.id for check in CHECKS] + [CHANGES_CHECK.id]
    assert len(catalog) == len(set(catalog))
    assert sorted(case[0] for case in FAILURES) == sorted(catalog)
    assert set(catalog) >= WARNINGS


@pytest.mark.parametrize(("check", "base", "old", "new"), FAILURES, ids=[f[0] for f in FAILURES])
def test_each_check_fails_on_purpose(
    write_yaml: WriteYaml, check: str, base: str, old: str, new: str
) -> None:
    """The edit made to fail this check does: its result has located findings, all of the
    severity the check gives; an error makes the file not ok, a warning shows as 경고."""
    text, evaluate_with = BASES[base]
    assert old in text
    evaluation = evaluate_with(write_yaml, text.replace(old, new, 1))
    (result,) = [r for r in evaluation.results if r.check.id == check]
    assert result.diagnostics, [str(d) for d in evaluation.diagnostics]
    expected = Severity.WARNING if check in WARNINGS else Severity.ERROR
    assert {d.severity for d in result.diagnostics} == {expected}
    assert all(d.location.line > 0 for d in result.diagnostics)
    if expected is Severity.ERROR:
        assert not result.passed
        assert not evaluation.ok
    else:
        assert result.status == "경고"


@pytest.mark.parametrize("base", sorted(BASES))
def test_the_bases_pass_every_check(write_yaml: WriteYaml, base: str) -> None:
    """The texts the cases edit are clean, so each case fails for its own edit only."""
    text, evaluate_with = BASES[base]
    evaluation = evaluate_with(write_yaml, text)
    assert evaluation.ok
    assert evaluation.diagnostics == [], [str(d) for d in evaluation.diagnostics]
