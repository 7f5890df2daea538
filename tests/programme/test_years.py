"""Every bundled year passes its checks; envelopes say where they come from (basis)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from gangso_cli.core.bundled import bundled_data, bundled_years
from gangso_cli.plan.evaluate import evaluate
from tests.conftest import run


def test_years_are_bundled() -> None:
    """Every year of the programme, 2020–2026, ships with the package."""
    assert bundled_years()[:7] == list(range(2020, 2027))


@pytest.mark.parametrize("year", bundled_years())
def test_every_bundled_year_passes_its_checks(year: int) -> None:
    """`gangso allocate --year Y` passes for every bundled year, with no warning."""
    result = run("allocate", "--year", str(year))
    assert result.exit_code == 0, result.output
    assert "실패" not in result.stdout
    assert "경고" not in result.stdout
    evaluation = evaluate(bundled_data(f"budget_{year}.yaml"))
    assert evaluation.diagnostics == []
    assert evaluation.budget.model is not None
    assert all(evaluation.budget.model.zone_basis(z) for z in evaluation.budget.model.zones)


def test_published_figures_are_reproduced_with_their_basis() -> None:
    """2020 is official (60억 + 12억); 2021 경남 is derived (40억 + 8억, with its note);
    2022 경남 is reported (87억 = 국비 60억 + 지방비 27억: 20억 + 9억 a zone).

    Since issue 16 the other zones follow the 60→40→20억 schedule and are derived (포항
    2021 40억 in its second year; 홍릉 2022 40억 in its second year, not 20억)."""
    cases = {
        (2020, "gimhae"): (6_000_000_000, 1_200_000_000, "official"),
        (2021, "jinju"): (4_000_000_000, 800_000_000, "derived"),
        (2021, "pohang"): (4_000_000_000, 800_000_000, "derived"),
        (2022, "gimhae"): (2_000_000_000, 900_000_000, "reported"),
        (2022, "hongneung"): (4_000_000_000, 800_000_000, "derived"),
        (2023, "gumi"): (2_000_000_000, 1_900_000_000, "reported"),
        (2023, "gunsan"): (2_000_000_000, 1_850_000_000, "reported"),
        (2025, "jinju"): (2_315_000_000, 1_785_000_000, "reported"),
    }
    for (year, zone_id), (national, local, basis) in cases.items():
        model = evaluate(bundled_data(f"budget_{year}.yaml")).budget.model
        assert model is not None
        zone = model.zones[zone_id]
        assert (zone.national, zone.local, model.zone_basis(zone_id)) == (national, local, basis)
    model = evaluate(bundled_data("budget_2021.yaml")).budget.model
    assert model is not None
    assert "356억" in (model.zones["jinju"].basis_note or "")
    assert "schedule" in (model.zones["pohang"].basis_note or "")


def test_the_2023_programme_adds_up_to_its_reported_total() -> None:
    """2023: 471.5억 including 지방비, in five sub-programmes mapped to the platform."""
    model = evaluate(bundled_data("budget_2023.yaml")).budget.model
    assert model is not None
    assert model.totals.national + model.totals.local == 47_150_000_000
    assert model.totals_basis == "derived"
    names = [s.name for s in model.stages]
    assert names == [
        "공공기술 발굴·연계",
        "Value-up R&BD",
        "특구간 협력",
        "기술창업",
        "지역 특성화",
    ]
    assert [s.platform_stage for s in model.stages] == [
        "discovery", "transfer", "transfer", "transfer", "growth"
    ]  # fmt: skip


def test_latest_year_by_default_and_said_so() -> None:
    """With no file and no year, allocate uses the latest bundled year and says so."""
    latest = bundled_years()[-1]
    result = run("allocate")
    assert result.exit_code == 0
    assert f"{latest}년" in result.stdout
    assert f"the bundled {latest} budget (the latest bundled year" in result.stderr


def test_year_and_a_file_together_are_a_usage_error() -> None:
    """BUDGET and --year name the same thing: both at once is refused."""
    result = run("allocate", "2020", "--year", "2021")
    assert result.exit_code == 2
    assert "not both" in result.stderr
    assert run("export", "--year", "2019", "-o", "x.csv").exit_code == 2


def test_basis_in_tables_and_exports(tmp_path: Path) -> None:
    """The zones view has 근거 in the terminal and `basis` codes in JSON and CSV."""
    table = run("allocate", "--year", "2022", "-z", "gimhae", "-z", "hongneung")
    assert "근거" in table.stdout
    assert "보도" in table.stdout
    assert "산출" in table.stdout  # 홍릉 2022: the schedule's 40억 (issue 16)
    target = tmp_path / "zones.json"
    assert run("export", "--year", "2022", "--view", "zones", "-o", target).exit_code == 0
    view = json.loads(target.read_text(encoding="utf-8"))["views"]["zones"]
    bases = {row["zone_id"]: row["basis"] for row in view["rows"]}
    assert bases["gimhae"] == "reported"
    assert bases["ansan"] == "derived"  # the schedule's 20억 in its third year (issue 16)
    assert view["total"]["basis"] == "derived"
