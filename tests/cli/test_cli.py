"""The command line end to end: exit codes first, then stdout and stderr separately."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from gangso_cli import __version__
from tests.conftest import BUDGET, WriteYaml, run


def test_allocate_bundled_data_passes() -> None:
    """With no arguments, allocate reads the bundled 2020 data and every check passes."""
    result = run("allocate", "--year", "2020", "--unit", "원")
    assert result.exit_code == 0, result.output
    assert "36,000,000,000" in result.stdout
    assert "7,200,000,000" in result.stdout
    assert "43,200,000,000" in result.stdout
    assert "실패" not in result.stdout
    assert result.stdout.count("통과") == 18
    assert result.stderr == ""


def test_allocate_default_unit_is_million_won() -> None:
    """Tables are captioned with their unit, 백만원 by default."""
    result = run("allocate", "--year", "2020")
    assert result.exit_code == 0
    assert "(단위: 백만원)" in result.stdout
    assert re.search(r"합계\s+11,089\s+14,665\s+17,446\s+43,200", result.stdout)


def test_allocate_one_zone() -> None:
    """--zone limits the tables to that zone; its totals are its own envelope."""
    result = run("allocate", "--year", "2020", "--zone", "gimhae", "--unit", "억원")
    assert result.exit_code == 0
    assert "김해 강소특구" in result.stdout
    assert "진주" not in result.stdout
    assert re.search(r"합계\s+19\.50\s+18\.40\s+34\.10\s+72\.00", result.stdout)


def test_allocate_unknown_zone_is_a_usage_error() -> None:
    """A --zone that the budget does not fund exits 2 and lists the choices."""
    result = run("allocate", "--year", "2020", "--zone", "seoul")
    assert result.exit_code == 2
    assert "seoul" in result.stderr
    assert "gimhae" in result.stderr


def test_allocate_bad_unit_is_a_usage_error() -> None:
    """Only the four Korean units are accepted."""
    result = run("allocate", "--unit", "달러")
    assert result.exit_code == 2


def test_allocate_failing_check_exits_1_and_still_prints(
    write_yaml: WriteYaml, registry_file: Path
) -> None:
    """A failed check: tables on stdout, the located error on stderr, exit 1."""
    budget = write_yaml(BUDGET.replace("national: rest", "national: 50%"))
    result = run("allocate", budget, "--zones", registry_file)
    assert result.exit_code == 1
    assert "실패" in result.stdout
    assert "-600,000,000" in result.stdout
    assert f"{budget}:" in result.stderr or "budget.yaml:" in result.stderr
    assert "error[zone-national-sum]" in result.stderr
    assert "Traceback" not in result.output


def test_allocate_missing_file_exits_2_with_one_line(tmp_path: Path) -> None:
    """A missing file is a one-line error naming it, never a traceback."""
    result = run("allocate", tmp_path / "nope.yaml")
    assert result.exit_code == 2
    assert "nope.yaml" in result.stderr
    assert "no such file" in result.stderr
    assert result.stdout == ""


def test_allocate_broken_yaml_exits_1_with_line(write_yaml: WriteYaml) -> None:
    """A YAML syntax error names the file and line, and allocation is refused."""
    budget = write_yaml("year: 2020\nzones: [\n")
    result = run("allocate", budget)
    assert result.exit_code == 1
    assert re.search(
        r"budget\.yaml:2:8: error\[yaml-syntax\] .*this \[ is never closed", result.stderr
    )
    assert "cannot allocate" in result.stderr


def test_allocate_chart() -> None:
    """--chart draws one bar per zone and stage."""
    result = run("allocate", "--year", "2020", "--chart", "--zone", "pohang")
    assert result.exit_code == 0
    assert "특구별 단계 배분 비중" in result.stdout
    assert "█" in result.stdout
    assert "34.2%" in result.stdout  # 포항 기술발굴: 21억 + 3.6억 of 72억


def test_zones_lists_all_fourteen() -> None:
    """The registry holds the 14 zones, in Korean, with each zone's 2021 phase."""
    result = run("zones", "--year", "2021", columns=250)
    assert result.exit_code == 0
    for zone_id in ("ansan", "gimhae", "hongneung", "cheonan-asan", "chuncheon"):
        assert zone_id in result.stdout
    assert "포항산업과학연구원" in result.stdout
    assert result.stdout.count("1단계 기반조성") == 12  # the 2019 and 2020 rounds


def test_version() -> None:
    """--version names the release and the YAML parser in use."""
    result = run("--version")
    assert result.exit_code == 0
    assert __version__ in result.stdout
    assert "YAML parser" in result.stdout


@pytest.mark.parametrize("command", ["allocate", "zones", "export"])
def test_every_command_has_help_with_an_example(command: str) -> None:
    """Each command documents itself and ends its help with an example."""
    result = run(command, "--help")
    assert result.exit_code == 0
    assert "Example: gangso" in result.stdout


def test_module_entry_point_runs_outside_the_repository(tmp_path: Path) -> None:
    """`python -m gangso_cli allocate` works from any folder, reading the bundled data."""
    completed = subprocess.run(
        [sys.executable, "-m", "gangso_cli", "allocate", "--year", "2020", "--unit", "원"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        encoding="utf-8",
        check=False,
    )
    assert completed.returncode == 0, completed.stderr
    assert "36,000,000,000" in completed.stdout


def test_the_cli_imports_no_heavy_module_before_a_command_runs() -> None:
    """`gangso --help` stays fast: loading the commands imports no pydantic, no models and
    no Rich table (a command imports what it uses when it runs)."""
    import subprocess
    import sys

    code = (
        "import sys, gangso_cli.cli; "
        "print(sorted(m for m in ('pydantic', 'gangso_cli.core.budget', 'gangso_cli.plan.views', "
        "'rich.table', 'yaml') if m in sys.modules))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"
