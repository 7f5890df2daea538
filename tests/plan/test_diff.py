"""`gangso diff`: what changed between two budgets, in won, with diff(1)'s exit codes."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

from gangso_cli.core.bundled import bundled_data
from tests.conftest import WriteYaml, run

OLD = bundled_data("budget_2020.yaml")
NEW = Path(__file__).parents[2] / "examples" / "budget_2020_revised.yaml"


def test_identical_budgets_exit_0() -> None:
    """The same budget twice: nothing to show, exit 0."""
    result = run("diff", OLD, OLD)
    assert result.exit_code == 0
    assert "identical" in result.stdout


def test_revised_budget_json() -> None:
    """The shipped revision: added, removed and changed lines, totals unchanged."""
    result = run("diff", OLD, NEW, "--format", "json")
    assert result.exit_code == 1
    report = json.loads(result.stdout)
    assert report["schema"] == "gangso-diff/1"
    assert report["identical"] is False
    by_key = {(c["zone"], c["program"], c["fund"]): c for c in report["lines"]}
    added = by_key[("jinju", "항공 MRO 기업 지원", "national")]
    assert (added["status"], added["old"], added["new"]) == ("added", None, 200_000_000)
    removed = by_key[("cheongju", "실험실 창업", "local")]
    assert (removed["status"], removed["change"]) == ("removed", -100_000_000)
    raised = by_key[("changwon", "연구소기업 창업", "national")]
    assert raised["change"] == 100_000_000
    # money moves between lines; no won appears or disappears
    assert sum(c["change"] for c in report["lines"]) == 0
    assert report["totals"]["national"] == {"old": 36e9, "new": 36e9, "change": 0}
    assert report["envelopes"] == []


def test_text_diff_shows_korean_stage_names_and_signs() -> None:
    """Text: one row per changed line with old, new and a signed change in the unit."""
    result = run("diff", OLD, NEW, "--unit", "천원")
    assert result.exit_code == 1
    assert "(단위: 천원)" in result.stdout
    row = next(line for line in result.stdout.splitlines() if "항공 MRO" in line)
    assert "기업성장지원" in row
    assert "신규" in row
    assert "+200,000" in row


def test_csv_diff() -> None:
    """CSV: Excel-safe, one row per changed line, changes in won."""
    result = run("diff", OLD, NEW, "--format", "csv")
    assert result.exit_code == 1
    rows = list(csv.reader(io.StringIO(result.stdout.lstrip("\ufeff"))))
    assert rows[0] == [
        "특구 id", "특구", "단계 id", "단계", "세부사업", "재원", "구분",
        "이전 (원)", "변경 (원)", "증감 (원)",
    ]  # fmt: skip
    assert sum(int(r[9]) for r in rows[1:]) == 0
    gimhae = [r for r in rows if r[0] == "gimhae"]
    assert gimhae[0][1] == "김해 강소특구"
    assert gimhae[0][3] == "기업성장지원"
    assert {r[5] for r in rows[1:]} <= {"국비", "지방비"}
    assert {r[6] for r in rows[1:]} <= {"신규", "삭제", "변경"}


def test_envelope_and_policy_changes(write_yaml: WriteYaml) -> None:
    """A changed envelope and policy are listed; the allocation differs, so exit 1."""
    text = OLD.read_text(encoding="utf-8")
    text = text.replace("  national: 360억", "  national: 361억", 1)
    text = text.replace("  gimhae:\n    national: 60억", "  gimhae:\n    national: 61억")
    text = text.replace("min_local_match: 20%", "min_local_match: 15%")
    new = write_yaml(text, "new.yaml")
    result = run("diff", OLD, new, "--format", "json")
    assert result.exit_code == 1
    report = json.loads(result.stdout)
    assert report["envelopes"] == [
        {"zone": "gimhae", "fund": "national", "old": 6_000_000_000, "new": 6_100_000_000,
         "change": 100_000_000}
    ]  # fmt: skip
    names = {s["name"]: (s["old"], s["new"]) for s in report["settings"]}
    assert names["policy.min_local_match"] == ("20%", "15%")
    assert names["totals.national"] == ("36,000,000,000", "36,100,000,000")


def test_broken_budget_exits_2(write_yaml: WriteYaml, tmp_path: Path) -> None:
    """A file that cannot be compared (missing or invalid) exits 2, like diff(1)."""
    assert run("diff", OLD, tmp_path / "missing.yaml").exit_code == 2
    broken = write_yaml("year: 2020\nzones: [\n", "broken.yaml")
    result = run("diff", broken, OLD)
    assert result.exit_code == 2
    assert "cannot compare" in result.stderr


def test_diff_help_has_an_example() -> None:
    """diff documents itself with an example."""
    result = run("diff", "--help")
    assert result.exit_code == 0
    assert "Example: gangso diff" in result.stdout
