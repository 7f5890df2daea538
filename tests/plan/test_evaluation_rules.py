"""Envelope rules that name an evaluation, and incentives to the top N by rank."""

from __future__ import annotations

import json
from pathlib import Path

from gangso_cli.core.bundled import bundled_data
from gangso_cli.core.evaluations import Evaluations, load_evaluations
from gangso_cli.core.loader import load_budget, load_registry
from gangso_cli.core.validation import validate_model
from gangso_cli.core.yamlsource import parse_yaml
from gangso_cli.plan.envelopes import derive_envelopes
from gangso_cli.plan.evaluate import evaluate
from tests.conftest import REGISTRY, WriteYaml, run

#: Two zones, 15억 base each; the incentive and evaluation are filled in per test.
RULES = """\
year: 2021
rounding_unit: 천원
totals:
  national: {national}
  local: 10억
policy:
  min_local_match: 20%
stages:
  - id: discovery
    name: 기술발굴
envelopes:
  base:
    equal: 15억
{rules}
zones:
  alpha:
    local: 5억
    lines:
      - {{stage: discovery, program: 발굴, national: rest, local: rest}}
  beta:
    local: 5억
    lines:
      - {{stage: discovery, program: 발굴, national: rest, local: rest}}
"""


def _evaluations(text: str) -> Evaluations:
    model = validate_model(Evaluations, parse_yaml(text, "evaluations.yaml"))
    assert model is not None
    return model


def _budget(write_yaml: WriteYaml, national: str, rules: str):  # type: ignore[no-untyped-def]
    loaded = load_budget(write_yaml(RULES.format(national=national, rules=rules)))
    assert loaded.model is not None, [str(d) for d in loaded.diagnostics]
    return loaded.model


def test_top_n_by_written_rank_each(write_yaml: WriteYaml) -> None:
    """`top: 1` with `each`: only the zone ranked first gets the incentive."""
    budget = _budget(
        write_yaml,
        "33억",
        "  incentive: {top: 1, each: 3억}\n  ranks: {alpha: 2, beta: 1}",
    )
    rows = {r.zone: r for r in derive_envelopes(budget, None).zones}
    assert (rows["alpha"].incentive, rows["beta"].incentive) == (0, 300_000_000)
    assert (rows["alpha"].rank, rows["beta"].rank) == (2, 1)
    assert rows["beta"].national == 1_800_000_000


def test_top_n_pool_is_shared_equally_to_the_won(write_yaml: WriteYaml) -> None:
    """A pool for the top two is shared equally, to the rounding unit, adding up exactly."""
    budget = _budget(
        write_yaml,
        "40억",
        "  incentive: {top: 2, pool: 10억 1천원}\n  ranks: {alpha: 1, beta: 2}",
    )
    rows = derive_envelopes(budget, None).zones
    assert sorted(r.incentive or 0 for r in rows) == [500_000_000, 500_001_000]
    assert sum(r.incentive or 0 for r in rows) == 1_000_001_000


EVALUATIONS = """\
evaluations:
  - year: 2019
    announced: 2020-06-30
    funds: 2021
    source: 시험 보도 2020-06-30
    zones:
      alpha: {grade: 최우수, top: 1}
      beta: {grade: 우수, rank: 2}
"""


def test_named_evaluation_gives_grades_ranks_and_the_top(write_yaml: WriteYaml) -> None:
    """`evaluation: 2019` takes its grades and ranks from the evaluation; `top` pays the
    zone it places in the first one; every row says the evaluation year."""
    budget = _budget(write_yaml, "33억", "  evaluation: 2019\n  incentive: {top: 1, each: 3억}")
    envelopes = derive_envelopes(budget, None, _evaluations(EVALUATIONS))
    rows = {r.zone: r for r in envelopes.zones}
    assert (rows["alpha"].grade, rows["beta"].grade) == ("최우수", "우수")
    assert (rows["alpha"].rank, rows["beta"].rank) == (None, 2)
    assert (rows["alpha"].incentive, rows["beta"].incentive) == (300_000_000, 0)
    assert {r.evaluation_year for r in rows.values()} == {2019}
    assert envelopes.evaluation == 2019
    assert envelopes.evaluation_found


def test_a_written_grade_overrides_the_evaluation(write_yaml: WriteYaml) -> None:
    """Grades written beside a named evaluation win for their zone (by-grade amounts)."""
    budget = _budget(
        write_yaml,
        "34억",
        "  evaluation: 2019\n  incentive:\n    amounts: {최우수: 2억, 우수: 2억, 보통: 0}\n"
        "  grades: {alpha: 보통}",
    )
    rows = {r.zone: r for r in derive_envelopes(budget, None, _evaluations(EVALUATIONS)).zones}
    assert (rows["alpha"].grade, rows["alpha"].incentive) == ("보통", 0)
    assert (rows["beta"].grade, rows["beta"].incentive) == ("우수", 200_000_000)


def test_grades_written_in_a_file_keep_their_won() -> None:
    """The shipped 2027 example (grades written, no evaluation named) derives the won it
    did before issue 16, and names no evaluation."""
    result = run("envelopes", Path("examples") / "budget_2027_envelopes.yaml", "--format", "json")
    assert result.exit_code == 0, result.output
    document = json.loads(result.stdout)
    national = {r["zone_id"]: r["national_won"] for r in document["rows"]}
    assert national["ansan"] == national["gumi"] == 2_033_333_000  # 17억/20억 + 333,333,000
    assert national["gimhae"] == 1_866_667_000
    assert national["naju"] == 1_600_000_000  # 20억 − 1억 cut… and 보통
    assert document["total"]["national_won"] == 26_300_000_000
    assert {r["evaluation_year"] for r in document["rows"]} == {None}
    assert {r["rank"] for r in document["rows"]} == {None}


def test_an_evaluation_of_the_wrong_year_warns_at_its_line(tmp_path: Path) -> None:
    """2025 naming the 2024 evaluation (which funds 2026) is a located warning, not an
    error: the table still prints, exit 0 (1 with --strict)."""
    text = bundled_data("budget_2025.yaml").read_text(encoding="utf-8")
    path = tmp_path / "b.yaml"
    text = text.replace("evaluation: 2023", "evaluation: 2024")
    text = text.replace("    national: 23.15억", "    # national: 23.15억")  # no incentive now
    path.write_text(text, encoding="utf-8")
    line = next(n for n, t in enumerate(text.splitlines(), 1) if "evaluation: 2024" in t)
    result = run("envelopes", path)
    assert result.exit_code == 0, result.output
    assert f"b.yaml:{line}:" in result.stderr
    assert "envelope-evaluation" in result.stderr
    assert "2025 is funded by the 2023 evaluation" in result.stderr
    assert "evaluation: 2023" in result.stderr  # the hint
    assert run("envelopes", path, "--strict").exit_code == 1


def test_an_evaluation_not_on_record_is_an_error(write_yaml: WriteYaml) -> None:
    """Naming an evaluation nobody published fails envelope-evaluation at its line."""
    path = write_yaml(RULES.format(national="30억", rules="  evaluation: 2030"))
    evaluation = evaluate(path, write_yaml(REGISTRY, "zones.yaml"))
    (result,) = [r for r in evaluation.results if r.check.id == "envelope-evaluation"]
    (diagnostic,) = result.diagnostics
    assert "not on record" in diagnostic.message
    assert diagnostic.location.line == 14  # `evaluation: 2030`
    assert not evaluation.ok


def test_top_without_a_price_is_an_error(write_yaml: WriteYaml) -> None:
    """`top` needs one price: `each` or `pool`."""
    path = write_yaml(RULES.format(national="30억", rules="  incentive: {top: 2}"))
    evaluation = evaluate(path, write_yaml(REGISTRY, "zones.yaml"))
    (result,) = [r for r in evaluation.results if r.check.id == "envelope-pool"]
    assert "no price" in result.diagnostics[0].message


def test_the_bundled_evaluations_fund_two_years_on(write_yaml: WriteYaml) -> None:
    """Every bundled evaluation funds Y+2; a file saying otherwise warns at `funds`."""
    loaded = load_evaluations()
    assert loaded.diagnostics == []
    assert loaded.model is not None
    assert all(e.funds == e.year + 2 for e in loaded.model.evaluations)
    bad = write_yaml(EVALUATIONS.replace("funds: 2021", "funds: 2022"), "evaluations.yaml")
    (warning,) = load_evaluations(bad).diagnostics
    assert warning.check == "evaluation-funds"
    assert warning.location.line == 4
    assert load_registry().model is not None


def test_fewer_known_than_the_top_n_warns(write_yaml: WriteYaml) -> None:
    """`top: 2` with one zone ranked pays one and says so (a warning at `top`), never
    silently paying fewer than the rule names."""
    path = write_yaml(
        RULES.format(national="33억", rules="  incentive: {top: 2, each: 3억}\n  ranks: {alpha: 1}")
    )
    evaluation = evaluate(path, write_yaml(REGISTRY, "zones.yaml"))
    (result,) = [r for r in evaluation.results if r.check.id == "envelope-pool"]
    (warning,) = result.diagnostics
    assert warning.severity.value == "warning"
    assert "only 1 zone of the budget is known to rank in the first 2" in warning.message
    assert warning.location.line == 14  # the incentive line, at `top`
    assert evaluation.ok


def test_validate_checks_an_evaluations_file(write_yaml: WriteYaml) -> None:
    """`gangso validate` tells an evaluations file by its shape: the bundled one passes;
    one funding the wrong year warns at `funds`, and a bad grade table fails located."""
    ok = run("validate", bundled_data("evaluations.yaml"), "--format", "json")
    assert ok.exit_code == 0, ok.output
    assert json.loads(ok.stdout)["files"][0]["kind"] == "evaluations"
    late = write_yaml(EVALUATIONS.replace("funds: 2021", "funds: 2022"), "late.yaml")
    result = run("validate", late)
    assert result.exit_code == 0
    assert "late.yaml:4:" in result.stdout
    assert "evaluation-funds" in result.stdout
    assert run("validate", late, "--strict").exit_code == 1
    bad = write_yaml(EVALUATIONS.replace("rank: 2", "rank: second"), "bad.yaml")
    failed = run("validate", bad)
    assert failed.exit_code == 1
    assert "bad.yaml:8:31:" in failed.stdout  # `beta: {grade: 우수, rank: second}`
    assert "expected a number" in failed.stdout
