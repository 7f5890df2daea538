"""Every check fails on purpose, with its id, and points at the offending line."""

from __future__ import annotations

import pytest

from gangso_cli.plan.checks.catalog import CHECKS
from gangso_cli.plan.evaluate import evaluate
from tests.conftest import BUDGET, REGISTRY, WriteYaml, line_of


def _evaluate(write_yaml: WriteYaml, budget: str, registry: str = REGISTRY):  # type: ignore[no-untyped-def]
    return evaluate(write_yaml(budget), write_yaml(registry, "zones.yaml"))


def test_the_base_budget_passes_every_check(write_yaml: WriteYaml) -> None:
    """The fixture budget is valid, so each case below fails for its own reason only."""
    result = _evaluate(write_yaml, BUDGET)
    assert result.diagnostics == []
    assert result.ok
    assert [r.check.id for r in result.results] == [
        c.id for c in CHECKS if not c.needs_national and c.applies is None
    ]


# (replace this, with that, expected check id). "#<" marks the line the error must point at.
CASES = [
    ("stage: growth", "stage: grwoth  #<", "stage-known"),
    ("  - id: growth", "  - id: discovery  #<", "stage-known"),
    (
        "stage: growth\n        program: 판로개척",
        "stage: discovery\n        program: 수요연계 기술발굴  #<",
        "line-unique",
    ),
    (
        "      - stage: discovery\n        program: 수요연계 기술발굴\n        national: 40%\n"
        "        local: 50%",
        "      - stage: discovery  #<\n        program: 수요연계 기술발굴",
        "line-funded",
    ),
    (
        "national: 40%\n        local: 50%\n      - stage: growth\n        program: 판로개척\n"
        "        national: rest",
        "national: rest\n        local: 50%\n      - stage: growth\n        program: 판로개척\n"
        "        national: rest  #<",
        "rest-count",
    ),
    ("national: rest", "national: 70%  #<", "share-total"),
    ("national: rest", "national: 50%  #<", "share-total"),
    ("national: 40%", "national: 61억  #<", "fixed-fits"),
    ("    national: 60억", "    national: 60억 500원  #<", "rounding-unit"),
    ("national: rest", "national: 50%", "zone-national-sum"),
    ("local: rest", "local: 40%", "zone-local-sum"),
    (
        "  national: 60억\n  local: 12억\npolicy",
        "  national: 61억  #<\n  local: 12억\npolicy",
        "national-total",
    ),
    ("  local: 12억\npolicy", "  local: 13억  #<\npolicy", "local-total"),
    ("min_local_match: 20%", "min_local_match: 25%", "local-match"),
    ("  alpha:\n", "  alpah:  #<\n", "zone-known"),
    ("  alpha:\n", "  beta:  #<\n", "zone-designated"),
    ("zones:\n  alpha:", "zones:  #<\n  beta:", "zone-funded"),
]
# Where the marker is not in the replacement, the expected line is in the base budget:
_DEFAULT_MARK = {
    "zone-national-sum": ("    national: 60억", "    national: 60억  #<"),
    "zone-local-sum": ("    local: 12억", "    local: 12억  #<"),
    "local-match": ("    local: 12억", "    local: 12억  #<"),
}


@pytest.mark.parametrize(("old", "new", "check"), CASES)
def test_each_check_fails_on_purpose(write_yaml: WriteYaml, old: str, new: str, check: str) -> None:
    """Break one rule: that check fails, the file is invalid, and the location is right."""
    assert old in BUDGET
    budget = BUDGET.replace(old, new, 1)
    if check in _DEFAULT_MARK:
        budget = budget.replace(*_DEFAULT_MARK[check], 1)
    result = _evaluate(write_yaml, budget)
    assert not result.ok
    found = [d for d in result.diagnostics if d.check == check]
    assert found, [str(d) for d in result.diagnostics]
    assert found[0].location.file.endswith("budget.yaml")
    assert found[0].location.line == line_of(budget, "#<"), str(found[0])


def test_sum_checks_report_the_difference_in_won(write_yaml: WriteYaml) -> None:
    """A zone whose shares fall short says by how many won, in the message and the data."""
    result = _evaluate(write_yaml, BUDGET.replace("national: rest", "national: 50%"))
    found = [d for d in result.diagnostics if d.check == "zone-national-sum"]
    assert len(found) == 1
    assert found[0].difference == -600_000_000  # 40% + 50% of 60억 placed: 6억 short
    assert "-600,000,000원" in found[0].message


def test_local_match_says_how_much_is_missing(write_yaml: WriteYaml) -> None:
    """Under the minimum match, the hint names the won needed."""
    budget = BUDGET.replace("min_local_match: 20%", "min_local_match: 25%")
    result = _evaluate(write_yaml, budget)
    (found,) = [d for d in result.diagnostics if d.check == "local-match"]
    assert "20.0% of national funds" in found.message
    assert found.hint == "raise local funds by 300,000,000원"


def test_zone_designated_in_the_budget_year_cannot_be_funded(write_yaml: WriteYaml) -> None:
    """beta was designated in 2020-08: a 2020 envelope for it is an error, and alpha's absence
    is another."""
    budget = BUDGET.replace("zones:\n  alpha:", "zones:\n  beta:")
    result = _evaluate(write_yaml, budget)
    checks = {d.check for d in result.diagnostics}
    assert {"zone-designated", "zone-funded"} <= checks
    (found,) = [d for d in result.diagnostics if d.check == "zone-designated"]
    assert "its first budget year is 2021" in (found.hint or "")


def test_checks_have_unique_ids_and_titles() -> None:
    """Check ids are a contract for CI: unique and stable."""
    ids = [c.id for c in CHECKS]
    assert len(ids) == len(set(ids))
    assert all(c.title and c.run.__doc__ for c in CHECKS)
