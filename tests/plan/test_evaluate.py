"""An evaluation derives into a new value and reads no file it was not given."""

from __future__ import annotations

from collections.abc import Mapping

from gangso_cli.core.budget import Budget
from gangso_cli.core.loader import load_budget, load_registry
from gangso_cli.core.registry import Registry
from gangso_cli.plan.envelopes import derive_budget
from gangso_cli.plan.evaluate import evaluate_loaded, needs_other_years
from tests.conftest import WriteYaml
from tests.plan.test_envelopes import GRADED, REGISTRY, budget

CAPPED = "  phase_national_cap: {2단계 특화발전: 25억}\n"


def test_derive_budget_returns_a_new_value_and_leaves_the_loaded_one(
    write_yaml: WriteYaml,
) -> None:
    """derive_budget fills the derived 국비 into a copy; the loaded budget keeps none."""
    loaded = load_budget(write_yaml(budget(GRADED)))
    registry = load_registry(write_yaml(REGISTRY, "zones.yaml"))
    derived, envelopes = derive_budget(loaded, registry.model)
    assert envelopes is not None
    assert derived is not loaded
    assert derived.model is not None
    assert loaded.model is not None
    assert derived.model.zones["alpha"].national == 2_100_000_000
    assert loaded.model.zones["alpha"].national is None
    assert derived.doc is loaded.doc  # the same file, for locations


def test_derive_budget_of_written_envelopes_is_the_budget_itself(write_yaml: WriteYaml) -> None:
    """A budget that writes every 국비 needs no copy: the envelopes say derived=False."""
    from tests.conftest import BUDGET
    from tests.conftest import REGISTRY as TWO_ZONES

    loaded = load_budget(write_yaml(BUDGET))
    derived, envelopes = derive_budget(loaded, load_registry(write_yaml(TWO_ZONES, "z.yaml")).model)
    assert derived is loaded
    assert envelopes is not None
    assert not envelopes.derived
    assert envelopes.national() == {"alpha": 6_000_000_000}


def test_an_evaluation_carries_its_envelopes_and_leaves_the_loaded_budget(
    write_yaml: WriteYaml,
) -> None:
    """evaluate_loaded returns the envelopes and the budget with 국비 filled in; the value
    it was given is as loaded (evaluating it twice gives the same)."""
    loaded = load_budget(write_yaml(budget(GRADED)))
    registry = load_registry(write_yaml(REGISTRY, "zones.yaml"))
    first = evaluate_loaded(loaded, registry)
    second = evaluate_loaded(loaded, registry)
    assert first.ok
    assert first.envelopes is not None
    assert first.envelopes.national()["beta"] == 1_950_000_000
    assert first.budget.model is not None
    assert first.budget.model.zones["beta"].national == 1_950_000_000
    assert loaded.model is not None
    assert loaded.model.zones["beta"].national is None
    assert [r.check.id for r in first.results] == [r.check.id for r in second.results]


def test_other_years_are_asked_for_only_by_a_ceiling(write_yaml: WriteYaml) -> None:
    """The other years' 국비 come from the caller, asked once and only when the policy
    sets a phase ceiling; without them the ceiling counts the budget's own year."""
    asked: list[int] = []

    def other_years(budget: Budget, registry: Registry | None) -> Mapping[int, Mapping[str, int]]:
        asked.append(budget.year)
        assert registry is not None
        return {2026: {"alpha": 1_500_000_000}, 2025: {"alpha": 99_000_000_000}}

    registry = load_registry(write_yaml(REGISTRY, "zones.yaml"))
    plain = load_budget(write_yaml(budget(GRADED), "plain.yaml"))
    assert evaluate_loaded(plain, registry, other_years=other_years).ok
    assert asked == []
    capped = load_budget(write_yaml(budget(GRADED, policy=CAPPED), "capped.yaml"))
    assert needs_other_years(capped.model)
    alone = evaluate_loaded(capped, registry)
    assert alone.ok  # alpha's 21억 of 2025 is over 25억 only with 2026 added
    with_years = evaluate_loaded(capped, registry, other_years=other_years)
    assert asked == [2025]
    (found,) = [d for d in with_years.diagnostics if d.check == "phase-ceiling"]
    # the budget's own year counts as derived, never the caller's figure for it
    assert "comes to 3,600,000,000원 (2025: 21억, 2026: 15억)" in found.message
