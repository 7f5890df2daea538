"""Every figure the public record gives is reproduced, each pinned to its source.

The figures and sources are those of ../shared/domain.md ("Budgets year by year" and
"Evaluations and incentives"): national funds follow a zone's year in the programme
(≈60억, ≈40억, then ≈20억), and an evaluation's incentives are paid two budget years on,
to the top four by rank.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from gangso_cli.core.bundled import bundled_data
from gangso_cli.core.evaluations import load_evaluations
from gangso_cli.plan.evaluate import evaluate
from tests.conftest import run

#: (year, zone) → (국비, 지방비 or None when only 국비 is reported, basis, source).
REPORTED = {
    (2020, "gimhae"): (6_000_000_000, 1_200_000_000, "official", "과기정통부 보도자료 2020-02-11"),
    (2021, "ulju"): (6_000_000_000, None, "reported", "연합뉴스 2020-12-24"),
    (2022, "gimhae"): (2_000_000_000, 900_000_000, "reported", "경남 보도 2022"),
    (2022, "jinju"): (2_000_000_000, 900_000_000, "reported", "경남 보도 2022"),
    (2022, "changwon"): (2_000_000_000, 900_000_000, "reported", "경남 보도 2022"),
    (2022, "cheonan-asan"): (4_000_000_000, None, "reported", "뉴데일리 2021-12-06"),
    (2023, "gumi"): (2_000_000_000, 1_900_000_000, "reported", "구미 보도 2023"),
    (2023, "gunsan"): (2_000_000_000, 1_850_000_000, "reported", "군산 보도 2023"),
    (2025, "jinju"): (2_315_000_000, 1_785_000_000, "reported", "진주 보도 2025"),
}


@pytest.mark.parametrize(("key", "expected"), list(REPORTED.items()), ids=str)
def test_reported_figures_carry_their_source(
    key: tuple[int, str], expected: tuple[int, int | None, str, str]
) -> None:
    """Each reported envelope has its figure, its basis and its publication and date."""
    year, zone_id = key
    national, local, basis, source = expected
    model = evaluate(bundled_data(f"budget_{year}.yaml")).budget.model
    assert model is not None
    zone = model.zones[zone_id]
    assert zone.national == national
    if local is not None:
        assert zone.local == local
    assert model.zone_basis(zone_id) == basis
    assert model.zone_source(zone_id).startswith(source)


def _history() -> dict[tuple[int, str], dict[str, object]]:
    result = run("history", "--format", "json")
    assert result.exit_code == 0, result.output
    document = json.loads(result.stdout)
    return {(row["year"], row["zone_id"]): row for row in document["rows"]}


def test_history_json_reproduces_every_reported_figure_with_its_source() -> None:
    """`history --format json` rows give the reported 국비 and a non-empty source; rows
    that are derived or illustrative may leave it empty, the others never do."""
    rows = _history()
    for (year, zone_id), (national, _, basis, source) in REPORTED.items():
        row = rows[(year, zone_id)]
        assert row["national_won"] == national
        assert row["basis"] == basis
        assert str(row["source"]).startswith(source)
    for row in rows.values():
        assert isinstance(row["source"], str)
        if row["basis"] in ("official", "reported"):
            assert row["source"], row


def test_jinju_2025_is_a_base_and_the_2023_incentive() -> None:
    """진주 2025: 23.15억 = 18억 base (derived) + 5.15억 incentive as one of the top four."""
    document = json.loads(run("envelopes", "2025", "--format", "json").stdout)
    jinju = next(r for r in document["rows"] if r["zone_id"] == "jinju")
    assert (jinju["base_won"], jinju["incentive_won"]) == (1_800_000_000, 515_000_000)
    assert jinju["national_won"] == 2_315_000_000
    assert jinju["grade"] == "우수"
    assert jinju["evaluation_year"] == 2023


@pytest.mark.parametrize(
    ("year", "national", "zones_60", "zones_40", "zones_20"),
    [
        (2021, 60_000_000_000, 6, 6, 0),  # 2020-08 zones' first year, 2019 zones' second
        (2022, 36_000_000_000, 0, 6, 6),  # 2020-08 zones' second year, 2019 zones' third
    ],
)
def test_programme_national_follows_the_schedule(
    year: int, national: int, zones_60: int, zones_40: int, zones_20: int
) -> None:
    """2021 국비 is ≈600억 and 2022 ≈360억 under the 60→40→20억 schedule, marked derived."""
    model = evaluate(bundled_data(f"budget_{year}.yaml")).budget.model
    assert model is not None
    assert model.totals.national == national
    assert model.totals_basis == "derived"
    assert "schedule" in (model.totals.basis_note or "")
    envelopes = sorted(z.national or 0 for z in model.zones.values())
    assert envelopes.count(6_000_000_000) == zones_60
    assert envelopes.count(4_000_000_000) == zones_40
    assert envelopes.count(2_000_000_000) == zones_20
    programme = json.loads(run("history", "--format", "json").stdout)["programme"]
    row = next(r for r in programme if r["year"] == year)
    assert (row["national_won"], row["basis"]) == (national, "derived")


def test_gyeongnam_2022_adds_up_to_the_reported_87억() -> None:
    """경남's three zones add up to the 87억 reported (국비 60억 + 지방비 27억); the 9억 a
    zone is an equal split of the 27억, so each says it is derived."""
    model = evaluate(bundled_data("budget_2022.yaml")).budget.model
    assert model is not None
    three = [model.zones[z] for z in ("gimhae", "jinju", "changwon")]
    assert sum(z.national or 0 for z in three) == 6_000_000_000
    assert sum(z.local or 0 for z in three) == 2_700_000_000
    for zone in three:
        assert "27억 ÷ 3 (derived" in (zone.basis_note or "")


def test_inferred_standings_say_so_beside_their_source() -> None:
    """A "상위 N" the reports do not state (구미 2023 상위 2, the 2024 최우수 four's
    상위 4) says it is inferred from the grades; 진주's reported top four does not."""
    rows = json.loads(run("history", "--format", "json").stdout)["evaluations"]
    by_key = {(r["evaluation_year"], r["zone_id"]): r for r in rows}
    for key in [(2023, "gumi"), (2023, "gunsan"), (2024, "hongneung"), (2024, "ansan")]:
        assert "inferred" in by_key[key]["source"], key
    jinju = by_key[(2023, "jinju")]
    assert jinju["standing"] == "상위 4"
    assert "inferred" not in jinju["source"]


def test_derived_envelopes_say_how() -> None:
    """Every derived envelope of the bundled years has a note saying from what."""
    for year in range(2020, 2027):
        model = evaluate(bundled_data(f"budget_{year}.yaml")).budget.model
        assert model is not None
        for zone_id, zone in model.zones.items():
            if model.zone_basis(zone_id) == "derived":
                assert zone.basis_note, (year, zone_id)


#: The evaluations as announced: year → (announced, funds, source, 최우수, 우수 known).
EVALUATIONS = {
    2022: (
        "2023-05-15", 2024, "유니콘팩토리 2023-05-15",
        {"pohang", "gimhae", "hongneung", "cheonan-asan"}, set(),
    ),
    2023: (
        "2024-06-28", 2025, "zdnet, news1, 헤럴드경제 2024-06-28", {"gumi", "gunsan"},
        {"incheon-seo", "jinju", "changwon", "ansan", "pohang"},
    ),
    2024: (
        "2025-07-31", 2026, "etnews, 뉴시스 2025-07-31",
        {"gunsan", "hongneung", "gumi", "ansan"}, {"pohang"},
    ),
}  # fmt: skip


@pytest.mark.parametrize("year", sorted(EVALUATIONS))
def test_evaluation_grades_are_pinned_to_their_source(year: int) -> None:
    """Each evaluation's date, source, funded year and grades are as reported."""
    announced, funds, source, best, good = EVALUATIONS[year]
    loaded = load_evaluations()
    assert loaded.diagnostics == []
    assert loaded.model is not None
    evaluation = loaded.model.get(year)
    assert evaluation is not None
    assert (str(evaluation.announced), evaluation.funds, evaluation.source) == (
        announced, funds, source
    )  # fmt: skip
    grades = {z: r.grade for z, r in evaluation.zones.items()}
    assert {z for z, g in grades.items() if g == "최우수"} == best
    assert {z for z, g in grades.items() if g == "우수"} == good


def test_2025_incentives_go_to_the_2023_top_four_not_hongneung() -> None:
    """`envelopes 2025` uses the 2023 evaluation: 구미, 군산, 진주 and one assumed fourth
    get the incentive; 홍릉 (최우수 only in 2024) does not."""
    result = run("envelopes", "2025", "--format", "json")
    assert result.exit_code == 0, result.output
    rows = {r["zone_id"]: r for r in json.loads(result.stdout)["rows"]}
    paid = {z for z, r in rows.items() if r["incentive_won"]}
    assert {"gumi", "gunsan", "jinju"} < paid
    assert len(paid) == 4
    assert "hongneung" not in paid
    assert all(r["evaluation_year"] == 2023 for z, r in rows.items() if r["grade"])
    assert rows["hongneung"]["grade"] == ""
    assert all(r["rank"] is None for r in rows.values())  # no exact rank was published
    loaded = load_evaluations().model
    assert loaded is not None
    (fourth,) = paid - {"gumi", "gunsan", "jinju"}
    assert loaded.get(2023).zones[fourth].assumed  # type: ignore[union-attr]


def test_2026_uses_the_2024_evaluation() -> None:
    """`envelopes 2026` pays the 2024 evaluation's top four (its four 최우수 zones)."""
    rows = json.loads(run("envelopes", "2026", "--format", "json").stdout)["rows"]
    paid = {r["zone_id"] for r in rows if r["incentive_won"]}
    assert paid == {"gunsan", "hongneung", "gumi", "ansan"}
    assert {r["evaluation_year"] for r in rows if r["grade"]} == {2024}


def test_the_evaluations_file_ships_and_can_be_written_out(tmp_path: Path) -> None:
    """`gangso data` lists the evaluations; `gangso data evaluations -o F` writes the
    bundled file byte for byte."""
    assert "evaluations.yaml" in run("data").stdout
    target = tmp_path / "evaluations.yaml"
    assert run("data", "evaluations", "-o", target).exit_code == 0
    assert target.read_bytes() == bundled_data("evaluations.yaml").read_bytes()
    assert load_evaluations(target).diagnostics == []
