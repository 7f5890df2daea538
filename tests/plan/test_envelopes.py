"""Envelopes from the national pool: base + incentive by grade + adjustments, exact."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from gangso_cli.core.bundled import bundled_data
from gangso_cli.core.loader import load_registry
from gangso_cli.plan.envelopes import incentive_shares
from gangso_cli.plan.evaluate import Evaluation, evaluate
from tests.conftest import WriteYaml, line_of

#: Three zones; alpha in 2단계 from 2025, beta and gamma in 1단계.
REGISTRY = """\
zones:
  - id: alpha
    name: 알파 강소특구
    province: 경남
    city: 알파
    core_institutions: [알파대]
    specialisation: 부품
    designated: 2019-08
    phases:
      - {phase: 1단계 기반조성, start: 2020, end: 2024}
      - {phase: 2단계 특화발전, start: 2025, end: 2029}
  - id: beta
    name: 베타 강소특구
    province: 충북
    city: 베타
    core_institutions: [베타연구원]
    specialisation: 바이오
    designated: 2020-08
    phases:
      - {phase: 1단계 기반조성, start: 2021, end: 2025}
  - id: gamma
    name: 감마 강소특구
    province: 전북
    city: 감마
    core_institutions: [감마대]
    specialisation: 소재
    designated: 2020-08
    phases:
      - {phase: 1단계 기반조성, start: 2021, end: 2025}
"""

LINES = """\
    lines:
      - stage: discovery
        program: 기술발굴
        national: 40%
        local: 40%
      - stage: growth
        program: 성장지원
        national: rest
        local: rest
"""


def budget(
    envelopes: str,
    *,
    national: str = "60억",
    alpha: str = "",
    policy: str = "",
) -> str:
    """A 2025 budget of three zones whose 국비 comes from ``envelopes``."""
    zones = ""
    for zone in ("alpha", "beta", "gamma"):
        zones += f"  {zone}:\n" + (alpha if zone == "alpha" else "") + "    local: 5억\n" + LINES
    return (
        "year: 2025\nrounding_unit: 천원\n"
        f"totals:\n  national: {national}\n  local: 15억\n"
        "policy:\n  min_local_match: 20%\n" + policy + "stages:\n"
        "  - {id: discovery, name: 기술발굴}\n  - {id: growth, name: 기업성장지원}\n"
        f"envelopes:\n{envelopes}zones:\n{zones}"
    )


GRADED = """\
  base:
    equal: 18억
  incentive:
    pool: 6억
    weights: {최우수: 2, 우수: 1}
  grades: {alpha: 최우수, beta: 우수, gamma: 우수}
"""


def _run(write_yaml: WriteYaml, text: str) -> tuple[Evaluation, Path]:
    zones = write_yaml(REGISTRY, "zones.yaml")
    path = write_yaml(text)
    return evaluate(path, zones), path


def _errors(evaluation: Evaluation) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for d in evaluation.diagnostics:
        found.setdefault(d.check, []).append(f"{d.location.line}: {d.message}")
    return found


def test_weights_divide_the_pool_and_zones_add_up(write_yaml: WriteYaml) -> None:
    """Base 18억 each + 6억 by weights 2:1:1 → 21억, 19.5억, 19.5억 = 60억."""
    evaluation, _ = _run(write_yaml, budget(GRADED))
    assert evaluation.ok, _errors(evaluation)
    envelopes = evaluation.envelopes
    assert envelopes is not None
    assert envelopes.derived
    assert envelopes.national() == {
        "alpha": 2_100_000_000,
        "beta": 1_950_000_000,
        "gamma": 1_950_000_000,
    }
    (alpha, beta, _) = envelopes.zones
    assert (alpha.base, alpha.incentive, alpha.grade) == (1_800_000_000, 300_000_000, "최우수")
    assert (beta.phase, alpha.phase) == ("1단계 기반조성", "2단계 특화발전")
    assert evaluation.allocation is not None
    assert evaluation.allocation.total("national") == 6_000_000_000
    # the lines split the derived envelope
    assert evaluation.allocation.zones[0].allocated("national") == 2_100_000_000


def test_amounts_per_grade_and_adjustments(write_yaml: WriteYaml) -> None:
    rules = """\
  base:
    by_phase: {1단계 기반조성: 20억, 2단계 특화발전: 18억}
  incentive:
    amounts: {최우수: 5.15억, 보통: 0}
  grades: {alpha: 최우수, beta: 보통, gamma: 보통}
  adjustments:
    - {zone: gamma, amount: -1억, note: 감액}
"""
    evaluation, _ = _run(write_yaml, budget(rules, national="62.15억"))
    assert evaluation.ok, _errors(evaluation)
    assert evaluation.envelopes is not None
    assert evaluation.envelopes.national() == {
        "alpha": 2_315_000_000,  # 18억 (2단계) + 5.15억
        "beta": 2_000_000_000,
        "gamma": 1_900_000_000,  # 20억 − 1억
    }


def test_a_written_envelope_is_checked_against_the_rules(write_yaml: WriteYaml) -> None:
    evaluation, path = _run(write_yaml, budget(GRADED, alpha="    national: 20억\n"))
    (found,) = [d for d in evaluation.diagnostics if d.check == "envelope-written"]
    assert "written as 20억" in found.message
    assert "2,100,000,000원" in found.message
    assert found.difference == -100_000_000
    assert found.location.line == line_of(path.read_text(encoding="utf-8"), "national: 20억")


def test_equal_grades_share_equally_to_the_unit() -> None:
    """Three equal grades and a pool that does not divide by three: the odd 천원 goes to
    the first id in code-point order, and the shares add up to the pool."""
    shares = incentive_shares(1_000_000_000, dict.fromkeys(("c", "a", "b"), Decimal(1)), 1000)
    assert shares == {"a": 333_334_000, "b": 333_333_000, "c": 333_333_000}
    assert sum(shares.values()) == 1_000_000_000


@given(
    pool=st.integers(0, 10**12),
    weights=st.lists(st.decimals(0, 100, places=2), min_size=1, max_size=14),
    unit=st.sampled_from([1, 1000, 1_000_000]),
)
def test_the_pool_is_always_divided_in_full(pool: int, weights: list[Decimal], unit: int) -> None:
    zones = {f"z{i:02d}": w for i, w in enumerate(weights)}
    shares = incentive_shares(pool, zones, unit)
    if any(weights):
        assert sum(shares.values()) == pool
        # equal weights never differ by more than one unit plus the odd won
        for a in zones:
            for b in zones:
                if zones[a] == zones[b]:
                    assert abs(shares[a] - shares[b]) <= unit + pool % unit
    else:
        assert set(shares.values()) == {0}


def test_every_rule_problem_is_located_in_one_run(write_yaml: WriteYaml) -> None:
    rules = """\
  base:
    by_phase: {1단계 기반조성: 20억}
  incentive:
    pool: 6억
    weights: {최우수: 2, 우수: 1}
  grades: {alpha: 최우수, beta: 우슈, delta: 우수}
  adjustments:
    - {zone: gama, amount: 1억}
"""
    evaluation, path = _run(write_yaml, budget(rules))
    text = path.read_text(encoding="utf-8")
    found = _errors(evaluation)
    # alpha is in 2단계 in 2025, which by_phase does not price
    assert any("2단계 특화발전" in m for m in found["envelope-base"])
    grades = found["envelope-grades"]
    assert any("'우슈'" in m for m in grades)  # a misspelt grade
    assert any("'delta' is not a zone id" in m for m in grades)
    assert any(m.endswith("gamma has no evaluation grade, and the incentive is given by grade")
               for m in grades)  # fmt: skip
    assert f"{line_of(text, 'gama')}: adjustments: 'gama'" in "".join(found["envelope-adjustments"])
    assert not evaluation.ok


def test_a_grade_for_a_zone_the_year_does_not_fund(write_yaml: WriteYaml) -> None:
    """beta and gamma's 1단계 ends in 2025: in 2026 only alpha is funded, so a grade for
    beta is an error at that grade, saying why."""
    # alpha alone takes the whole incentive pool: 18억 + 6억
    text = budget(GRADED, national="24억").replace("year: 2025", "year: 2026")
    text = text[: text.index("  beta:\n    local")].replace("local: 15억", "local: 5억")
    evaluation, _ = _run(write_yaml, text)
    found = _errors(evaluation)
    (beta,) = [m for m in found["envelope-grades"] if "beta" in m]
    assert beta.startswith(f"{line_of(text, 'grades:')}: grades: beta has a grade but no 2026")
    assert "does not fund it in 2026" in beta
    assert set(found) == {"envelope-grades"}, found


def test_a_pool_that_cannot_be_divided(write_yaml: WriteYaml) -> None:
    rules = GRADED.replace("{최우수: 2, 우수: 1}", "{최우수: 0, 우수: 0}")
    evaluation, _ = _run(write_yaml, budget(rules))
    (message,) = _errors(evaluation)["envelope-pool"]
    assert "cannot be divided" in message


def test_amounts_that_miss_the_pool(write_yaml: WriteYaml) -> None:
    rules = GRADED.replace("weights: {최우수: 2, 우수: 1}", "amounts: {최우수: 3억, 우수: 1억}")
    evaluation, _ = _run(write_yaml, budget(rules, national="59억"))
    (message,) = _errors(evaluation)["envelope-pool"]
    assert "add up to 500,000,000원, not the pool of 600,000,000원" in message


def test_base_needs_exactly_one_rule(write_yaml: WriteYaml) -> None:
    rules = GRADED.replace("equal: 18억", "equal: 18억\n    by_phase: {1단계 기반조성: 1억}")
    evaluation, _ = _run(write_yaml, budget(rules))
    (message,) = _errors(evaluation)["envelope-base"]
    assert "both equal and by_phase" in message


def test_phase_ceiling_adds_the_other_years(write_yaml: WriteYaml) -> None:
    """With the bundled registry, 진주's 2단계 began in 2025: a ceiling below its 2025 국비
    fails, at its envelope, with what is left (the bundled years given by the caller)."""
    from gangso_cli.programme.ceilings import bundled_other_years

    text = bundled_data("budget_2025.yaml").read_text(encoding="utf-8")
    capped = text.replace(
        "  min_local_match: 20%",
        "  min_local_match: 20%\n  phase_national_cap: {2단계 특화발전: 20억}",
    )
    path = write_yaml(capped)
    evaluation = evaluate(path, other_years=bundled_other_years)
    found = [d for d in evaluation.diagnostics if d.check == "phase-ceiling"]
    jinju = next(d for d in found if d.message.startswith("jinju"))
    # 2025 as written here + 2026 as bundled = 41.15억; 20억 − 18억 (2026) leaves 2억
    assert "comes to 4,115,000,000원 (2025: 23억 1500만, 2026: 18억)" in jinju.message
    assert jinju.difference == 2_115_000_000
    assert "at most 200,000,000원 is left for 2025" in (jinju.hint or "")
    assert jinju.location.line == line_of(capped, "national: 23.15억")
    # 1단계 zones have no cap in this policy
    assert not any(d.message.startswith("gunsan") for d in found)


def test_bundled_2025_reproduces_jinju() -> None:
    """진주 2025: 국비 23.15억 = base 18억 + incentive 5.15억, 지방비 17.85억, reported."""
    evaluation = evaluate(bundled_data("budget_2025.yaml"))
    assert evaluation.ok
    assert evaluation.envelopes is not None
    jinju = next(z for z in evaluation.envelopes.zones if z.zone == "jinju")
    assert (jinju.base, jinju.incentive, jinju.national) == (
        1_800_000_000,
        515_000_000,
        2_315_000_000,
    )
    assert jinju.local == 1_785_000_000
    assert evaluation.budget.model is not None
    assert evaluation.budget.model.zone_basis("jinju") == "reported"
    assert load_registry().model is not None


def test_the_example_file_divides_its_pool_by_weights() -> None:
    """examples/budget_2027_envelopes.yaml passes every check; its pool of 20억 is divided
    2:1 between four 최우수 and four 우수 zones, exactly."""
    evaluation = evaluate(Path("examples/budget_2027_envelopes.yaml"))
    assert evaluation.ok, [str(d) for d in evaluation.diagnostics]
    assert evaluation.envelopes is not None
    incentives = {z.zone: z.incentive for z in evaluation.envelopes.zones}
    assert incentives["gunsan"] == 333_333_000
    assert incentives["jinju"] == 166_667_000
    assert sum(v or 0 for v in incentives.values()) == 2_000_000_000
    naju = next(z for z in evaluation.envelopes.zones if z.zone == "naju")
    assert (naju.adjustment, naju.national) == (-100_000_000, 1_600_000_000)
