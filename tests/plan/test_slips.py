"""Typing slips (a forgotten % or 억, a PLACEHOLDER envelope) warn at their own line;
--strict fails on them."""

from __future__ import annotations

import json
import re
from pathlib import Path

from tests.conftest import WriteYaml, line_of, run

REGION = (Path(__file__).parents[2] / "examples" / "region-gimhae-2020.yaml").read_text(
    encoding="utf-8"
)


def test_forgotten_percent_warns_at_its_line(write_yaml: WriteYaml) -> None:
    """`national: 30` (the % forgotten) validates as 30원, but warns at its own line,
    once; --strict makes the warning fail the run."""
    text = REGION.replace("national: 30%", "national: 30", 1)
    path = write_yaml(text, "region.yaml")
    result = run("validate", path)
    assert result.exit_code == 0, result.output
    where = f"region.yaml:{line_of(text, 'national: 30')}:"
    assert re.search(rf"{re.escape(where)}\d+: warning\[amount-slip\]", result.stdout)
    assert "did you mean 30% (a share) or 30억?" in result.stdout
    assert "0 errors, 1 warning" in result.stdout
    strict = run("validate", path, "--strict")
    assert strict.exit_code == 1
    assert "--strict" in strict.stdout


def test_forgotten_eok_on_an_envelope_explains_the_errors(write_yaml: WriteYaml) -> None:
    """`national: 60` (the 억 forgotten) fails the sums, and a warning says why."""
    text = REGION.replace("national: 60억", "national: 60", 1)
    path = write_yaml(text, "region.yaml")
    result = run("validate", path)
    assert result.exit_code == 1
    where = f"region.yaml:{line_of(text, 'national: 60')}:"
    assert re.search(rf"{re.escape(where)}\d+: warning\[amount-slip\]", result.stdout)
    assert "did you forget 억 or 만 (e.g. 60억)?" in result.stdout


def test_explicit_won_is_not_a_slip(write_yaml: WriteYaml) -> None:
    """`30원` says the writer means won: no slip warning (only that it is off the unit)."""
    path = write_yaml(REGION.replace("national: 30%", "national: 30원", 1), "region.yaml")
    result = run("validate", path)
    assert "amount-slip" not in result.stdout
    assert "warning[fixed-off-unit]" in result.stdout


def test_warnings_in_json_and_github(write_yaml: WriteYaml) -> None:
    """Warnings carry their severity in JSON and become ::warning annotations."""
    path = write_yaml(REGION.replace("national: 30%", "national: 30", 1), "region.yaml")
    report = json.loads(run("validate", path, "-f", "json").stdout)
    assert report["valid"] is True
    assert report["summary"]["warnings"] == 1
    (found,) = report["files"][0]["diagnostics"]
    assert (found["severity"], found["check"]) == ("warning", "amount-slip")
    github = run("validate", path, "-f", "github")
    assert github.exit_code == 0
    assert github.stdout.startswith("::warning file=")
    assert run("validate", path, "-f", "json", "--strict").exit_code == 1


def test_placeholder_envelope_warns_until_replaced(tmp_path: Path) -> None:
    """init marks a made-up envelope PLACEHOLDER; validate warns until it is replaced."""
    target = tmp_path / "region.yaml"
    assert run("init", "chuncheon", "--year", "2027", "-o", target).exit_code == 0  # not bundled
    result = run("validate", target)
    assert result.exit_code == 0
    assert result.stdout.count("warning[placeholder-envelope]") == 2
    text = target.read_text(encoding="utf-8")
    replaced = re.sub(r"(?m)^(national|local): .*$", r"\1: 50억", text)
    target.write_text(replaced.replace("local: 50억", "local: 10억"), encoding="utf-8")
    assert "warning[" not in run("validate", target).stdout
