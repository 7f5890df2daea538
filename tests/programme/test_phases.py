"""Zones go through phases by budget year; a year funds only zones in a funded phase."""

from __future__ import annotations

from pathlib import Path

import pytest

from gangso_cli.core.loader import load_registry
from gangso_cli.plan.evaluate import evaluate
from tests.conftest import BUDGET, REGISTRY, WriteYaml, line_of, run

ALPHA_PHASES = """\
    phases:
      - {phase: 1단계 기반조성, start: 2020, end: 2024}
      - {phase: 2단계 특화발전, start: 2025, end: 2029}
"""


def _registry(phases: str) -> str:
    """The test registry with phases for alpha (after its `designated:` line)."""
    return REGISTRY.replace("    designated: 2019-08\n", "    designated: 2019-08\n" + phases, 1)


def test_bundled_registry_phases() -> None:
    """The 2019 zones are in 2단계 from 2025; the 2022 zones start 1단계 in 2023."""
    registry = load_registry().model
    assert registry is not None
    zones = registry.by_id()
    assert zones["changwon"].phase_in(2025).phase == "2단계 특화발전"  # type: ignore[union-attr]
    assert zones["changwon"].phase_in(2024).phase == "1단계 기반조성"  # type: ignore[union-attr]
    assert zones["chuncheon"].phase_in(2022) is None
    assert zones["chuncheon"].first_year == 2023
    assert [z.id for z in registry.zones if z.fundable_in(2021)] == [
        z.id for z in registry.zones if z.designated < "2021"
    ]


@pytest.mark.parametrize(
    ("phases", "fragment"),
    [
        (
            "    phases:\n      - {phase: 1단계 기반조성, start: 2020, end: 2024}\n"
            "      - {phase: 2단계 특화발전, start: 2024, end: 2029}  #<\n",
            "while 1단계 기반조성 still runs",
        ),
        (
            "    phases:\n      - {phase: 2단계 특화발전, start: 2020, end: 2024}\n"
            "      - {phase: 1단계 기반조성, start: 2025}  #<\n",
            "cannot follow 2단계 특화발전",
        ),
        ("    phases:\n      - {phase: 1단계 기반조성, start: 2019}  #<\n", "before the zone"),
        ("    phases:\n      - {phase: 1단계 기반조성, start: 2024, end: 2020}  #<\n", "ends"),
        (
            "    phases:\n      - {phase: 1단계 기반조성, start: 2021, end: 2025, "
            "start_month: 2020-03}  #<\n",
            "not in its first budget year 2021",
        ),
    ],
)
def test_phases_that_overlap_or_go_backwards_are_located(
    write_yaml: WriteYaml, phases: str, fragment: str
) -> None:
    """Overlapping or backward phases are `zone-phases` errors at the offending phase."""
    text = _registry(phases)
    if "before the zone" in fragment:  # alpha designated a year later than its phase
        text = text.replace("designated: 2019-08", "designated: 2020-08", 1)
    result = run("validate", write_yaml(text, "zones.yaml"))
    assert result.exit_code == 1
    assert f"zones.yaml:{line_of(text, '#<')}:" in result.stdout
    assert "error[zone-phases]" in result.stdout
    assert fragment in result.stdout


def test_a_self_reliant_zone_gets_no_national_envelope(write_yaml: WriteYaml) -> None:
    """A 2020 envelope for a zone that is 자립형 in 2020 is an error: its local government
    funds it alone."""
    registry = write_yaml(
        _registry("    phases:\n      - {phase: 자립형, start: 2020}\n"), "zones.yaml"
    )
    result = evaluate(write_yaml(BUDGET), registry)
    (found,) = [d for d in result.diagnostics if d.check == "zone-designated"]
    assert "자립형" in found.message
    assert "local government alone" in found.message


def test_a_zone_in_its_phase_is_funded(write_yaml: WriteYaml) -> None:
    """With phases listed, the bundled-style registry still funds alpha in 2020."""
    result = evaluate(write_yaml(BUDGET), write_yaml(_registry(ALPHA_PHASES), "zones.yaml"))
    assert result.ok, [str(d) for d in result.diagnostics]


def test_zones_year_shows_the_phase() -> None:
    """`gangso zones --year 2025` names each zone's phase that year."""
    result = run("zones", "--year", "2025", columns=250)
    assert result.exit_code == 0
    assert result.stdout.count("2단계 특화발전") == 6
    assert result.stdout.count("1단계 기반조성") == 8


def test_init_refuses_a_year_before_the_first_phase(tmp_path: Path) -> None:
    """init for a year the zone is not funded names its first budget year."""
    result = run("init", "chuncheon", "--year", "2022")
    assert result.exit_code == 2
    assert "first budget year is 2023" in result.stderr
