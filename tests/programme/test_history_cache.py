"""The history's cache: plain JSON in the user's cache folder, keyed by the content of
every file the years are computed from and by this gangso; never in the way."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

import gangso_cli.core.bundled as bundled
import gangso_cli.core.cache as cache
import gangso_cli.core.loader as loader
import gangso_cli.plan.evaluate as evaluate_module
from gangso_cli.core.loader import load_registry
from gangso_cli.programme.history import load_history


@pytest.fixture
def data(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of the bundled data to change, and a cache folder of the test's own."""
    folder = tmp_path / "data"
    shutil.copytree(bundled.bundled_data("zones.yaml").parent, folder)

    def copied(name: str) -> Path:
        return folder / name

    monkeypatch.setattr(bundled, "bundled_data", copied)
    monkeypatch.setattr(loader, "bundled_data", copied)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    return folder


def _refuse_to_evaluate(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("evaluated although the cache holds the years")

    monkeypatch.setattr(evaluate_module, "evaluate_loaded", refuse)


def test_the_second_run_reads_the_years_from_the_cache(
    data: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The first run evaluates and writes plain JSON; the next gives the same years
    without evaluating a budget."""
    registry = load_registry()
    first = load_history(registry, [2020, 2023], cache=True)
    stored = json.loads((cache.cache_dir() / "history-5.json").read_text(encoding="utf-8"))
    assert [entry["year"] for entry in stored["value"]] == bundled.bundled_years()
    _refuse_to_evaluate(monkeypatch)
    again = load_history(registry, [2020, 2023], cache=True)
    assert again == first
    assert again.entries[1].totals_basis == "derived"


def test_a_changed_budget_is_read_again(data: Path) -> None:
    """Editing one bundled budget changes the key: the edited year is evaluated anew."""
    registry = load_registry()
    before = load_history(registry, [2023], cache=True)
    assert before.entries[0].totals_basis == "derived"
    path = data / "budget_2023.yaml"
    path.write_text(
        path.read_text(encoding="utf-8").replace("  basis: derived\n", "  basis: reported\n", 1),
        encoding="utf-8",
    )
    after = load_history(registry, [2023], cache=True)
    assert after.entries[0].totals_basis == "reported"


def test_another_gangso_does_not_read_the_cache(
    data: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Another version of gangso computes the years again rather than trust the entry."""
    from gangso_cli.core import version

    registry = load_registry()
    load_history(registry, [2020], cache=True)
    monkeypatch.setattr(version, "__version__", "99.0")
    _refuse_to_evaluate(monkeypatch)
    with pytest.raises(AssertionError, match="evaluated although"):
        load_history(registry, [2020], cache=True)


def test_a_broken_or_unwritable_cache_is_not_in_the_way(
    data: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A corrupt entry is computed again (and replaced); a cache folder that cannot be
    made is skipped."""
    registry = load_registry()
    expected = load_history(registry, [2021])
    entry = cache.cache_dir() / "history-5.json"
    entry.parent.mkdir(parents=True)
    entry.write_text("{not json", encoding="utf-8")
    assert load_history(registry, [2021], cache=True) == expected
    assert json.loads(entry.read_text(encoding="utf-8"))["value"]
    blocked = tmp_path / "a-file"
    blocked.write_text("", encoding="utf-8")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocked))
    assert load_history(registry, [2021], cache=True) == expected
    assert blocked.read_text(encoding="utf-8") == ""


def test_a_year_with_problems_is_never_cached(data: Path) -> None:
    """When a bundled year fails its checks, nothing is written and its problems are
    reported as without a cache."""
    path = data / "budget_2022.yaml"
    path.write_text(
        path.read_text(encoding="utf-8").replace("min_local_match: 20%", "min_local_match: 99%"),
        encoding="utf-8",
    )
    registry = load_registry()
    found = load_history(registry, [2022], cache=True)
    assert found.diagnostics
    assert found.diagnostics == load_history(registry, [2022]).diagnostics
    assert not (cache.cache_dir() / "history-5.json").exists()


def test_a_key_covers_every_part() -> None:
    """Keys differ when any part differs, even by where one part ends; a value is read
    back only under its own key."""
    assert cache.content_key("ab", "c") != cache.content_key("a", "bc")
    assert cache.content_key("a") == cache.content_key("a")


def test_values_are_read_back_under_their_key(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A value written is read under the same key only, as the plain data it was."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    cache.write_cached("thing", "k1", {"years": [2020, 2021]})
    assert cache.read_cached("thing", "k1") == {"years": [2020, 2021]}
    assert cache.read_cached("thing", "k2") is None
    assert cache.read_cached("other", "k1") is None
    assert cache.cache_dir() == tmp_path / "gangso"
