"""The bundled budgets work from a plain install: by year, listed, written out, and named
`bundled: …` in reports, never by an install folder."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import run

EXAMPLE_REGION = Path(__file__).parents[2] / "examples" / "region-gimhae-2020.yaml"


def test_budget_option_takes_a_year() -> None:
    """--budget 2020 is the bundled national budget; the example region matches it."""
    result = run("validate", EXAMPLE_REGION, "--budget", "2020")
    assert result.exit_code == 0, result.output


def test_unknown_year_lists_the_bundled_years() -> None:
    """A year with no bundled budget is a usage error naming the years there are."""
    result = run("validate", EXAMPLE_REGION, "--budget", "2019")
    assert result.exit_code == 2
    assert "bundled years: 2020" in result.stderr


def test_data_writes_the_bundled_budget(tmp_path: Path) -> None:
    """gangso data 2020 -o writes a budget that validates; never over a file unasked."""
    target = tmp_path / "budget_2020.yaml"
    assert run("data", "2020", "-o", target).exit_code == 0
    assert run("validate", target).exit_code == 0
    assert run("data", "2020", "-o", target).exit_code == 2
    listing = run("data")
    assert "2020" in listing.stdout
    assert "zones" in listing.stdout


@pytest.mark.parametrize("name", ["²", "1" * 5000, "٢٠٢٠"])
def test_data_of_a_name_of_odd_digits_is_a_usage_error(name: str) -> None:
    """Digits int() refuses (², 5,000 of them) or not ASCII name no bundled file (exit 2)."""
    result = run("data", name)
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert result.exit_code == 2
    assert "error: no bundled file" in result.stderr
    assert "hint: choose from: zones, evaluations, 2020" in result.stderr


def test_data_lists_its_files_in_two_columns() -> None:
    """`gangso data` puts every description in one column, however long the name."""
    lines = run("data").stdout.splitlines()
    assert [line.split()[0] for line in lines[:3]] == ["zones", "evaluations", "2020"]
    assert {line.index(" the ") for line in lines} == {12}, lines


def test_reports_never_name_an_install_folder(tmp_path: Path) -> None:
    """The bundled budget is named `bundled: budget_2020.yaml` in every report."""
    target = tmp_path / "r.json"
    assert run("export", "--year", "2020", "-o", target).exit_code == 0
    assert json.loads(target.read_text(encoding="utf-8"))["source"] == "bundled: budget_2020.yaml"
