"""The history as a library value: the years evaluated once, the stage mix added up once,
the other years a ceiling asks for."""

from __future__ import annotations

import pytest

from gangso_cli.core.bundled import bundled_data, bundled_years
from gangso_cli.core.loader import load_budget, load_registry
from gangso_cli.plan.evaluate import evaluate_loaded
from gangso_cli.programme.ceilings import bundled_other_years, national_by_year
from gangso_cli.programme.history import (
    History,
    HistoryYear,
    ZoneYear,
    history_range,
    history_year,
    load_history,
    stage_mix,
)
from gangso_cli.programme.views import history_views


def _zone(zone: str, platform: dict[str, int]) -> ZoneYear:
    return ZoneYear(zone, None, None, sum(platform.values()), 0, "illustrative", platform)


def test_load_history_evaluates_every_year_once() -> None:
    """Every bundled year is evaluated whole, with no problem; 진주 2025 is 23.15억 +
    17.85억, reported, in 2단계."""
    registry = load_registry()
    history = load_history(registry, bundled_years())
    assert history.missing == []
    assert history.diagnostics == ()
    assert [entry.year for entry in history.entries] == bundled_years()
    assert history.sources[2023] == "bundled: budget_2023.yaml"
    assert history.span == f"{bundled_years()[0]}–{bundled_years()[-1]}"
    y2025 = next(entry for entry in history.entries if entry.year == 2025)
    jinju = next(zone for zone in y2025.zones if zone.zone == "jinju")
    assert (jinju.national, jinju.local, jinju.basis) == (2_315_000_000, 1_785_000_000, "reported")
    assert jinju.phase == "2단계 특화발전"
    assert sum(jinju.platform.values()) == jinju.total
    assert "gunsan" not in {zone.zone for zone in history.entries[0].zones}
    assert "gunsan" in history.funded


def test_history_year_keeps_what_the_report_reads() -> None:
    """history_year reduces an evaluation to plain figures: each zone's envelope, basis
    and won per platform stage, which add up to the allocation."""
    evaluation = evaluate_loaded(load_budget(bundled_data("budget_2023.yaml")), load_registry())
    year = history_year(evaluation)
    assert evaluation.allocation is not None
    assert year.year == 2023
    assert year.totals_basis == "derived"
    assert not year.unmapped
    assert sum(sum(z.platform.values()) for z in year.zones) == evaluation.allocation.total()
    assert sum(z.total for z in year.zones) == 47_150_000_000


def test_history_range_defaults_to_every_bundled_year() -> None:
    """No bounds: every bundled year; a range outside them is empty, bounds kept."""
    years = bundled_years()
    assert history_range(None, None) == (years[0], years[-1], years)
    assert history_range(2024, 2025) == (2024, 2025, [2024, 2025])
    assert history_range(2030, None) == (2030, years[-1], [])


def test_missing_years_are_those_not_evaluated_whole() -> None:
    """A year asked for and not evaluated is missing; its place in the span stays."""
    entry = HistoryYear(2021, "b", None, False, ())
    history = History((2020, 2021, 2022), (entry,))
    assert history.missing == [2020, 2022]
    assert history.span == "2020–2022"


def test_stage_mix_is_added_up_once_over_the_chosen_zones() -> None:
    """The mix sums each chosen zone's won per platform stage; 미분류 appears as a key only
    when some year has a stage outside the platform, and always counts in the total."""
    plain = HistoryYear(
        2020,
        "a",
        None,
        False,
        (_zone("a", {"discovery": 10, "growth": 30}), _zone("b", {"transfer": 5})),
    )
    other = HistoryYear(
        2021, "b", None, True, (_zone("a", {"discovery": 1, "unmapped": 9}),)
    )  # fmt: skip
    mix = stage_mix([plain])
    assert mix.keys == ("discovery", "transfer", "growth")
    ((year, amounts, total),) = mix.years
    assert (year, amounts["discovery"], amounts["transfer"], total) == (2020, 10, 5, 45)
    chosen = stage_mix([plain, other], {"a"})
    assert chosen.keys == ("discovery", "transfer", "growth", "unmapped")
    assert [(y, total) for y, _, total in chosen.years] == [(2020, 40), (2021, 10)]
    assert chosen.years[1][1]["unmapped"] == 9


def test_the_stages_view_lays_out_the_mix() -> None:
    """history_views' stages view shows stage_mix's figures, year by year."""
    registry = load_registry()
    assert registry.model is not None
    history = load_history(registry, bundled_years())
    chosen = {"jinju", "gumi"}
    view = next(
        v
        for v in history_views(history.entries, registry.model.by_id(), chosen)
        if v.name == "stages"
    )
    mix = stage_mix(history.entries, chosen)
    keys = [c.key for c in view.columns]
    for row, (year, amounts, total) in zip(view.rows, mix.years, strict=True):
        assert row[0] == year
        assert row[keys.index("total_won")] == total
        assert row[keys.index("growth_won")] == amounts["growth"]


@pytest.mark.parametrize("year", [2021, 2025])
def test_other_years_are_every_bundled_year_but_the_budgets_own(year: int) -> None:
    """bundled_other_years gives each other bundled year's derived 국비, never the
    budget's own year."""
    registry = load_registry().model
    budget = load_budget(bundled_data(f"budget_{year}.yaml")).model
    assert budget is not None
    others = bundled_other_years(budget, registry)
    assert sorted(others) == [y for y in bundled_years() if y != year]
    assert others[2023]["gumi"] == 2_000_000_000
    if year != 2025:
        assert others[2025]["jinju"] == 2_315_000_000
        assert others[2025] == national_by_year(registry, [2025])[2025]
