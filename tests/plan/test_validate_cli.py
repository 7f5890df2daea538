"""`gangso validate`, `init` and `schema` through the CLI: verdicts, formats, exit codes."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from gangso_cli.core.bundled import bundled_data
from tests.conftest import BUDGET, WriteYaml, line_of, run

EXAMPLE_REGION = Path(__file__).parents[2] / "examples" / "region-gimhae-2020.yaml"
NATIONAL = bundled_data("budget_2020.yaml")

#: A region file with five independent mistakes, each on its own line.
BROKEN_REGION = """\
kind: region
year: 2020
zone: gimhae
policy:
  min_local_match: 20%
stages:
  - {id: discovery, name: 기술발굴}
  - {id: transfer, name: 기술이전·창업}
  - {id: growth, name: 기업성장지원}
national: 61억
local: 12억
lines:
  - stage: discovery
    program: 기술발굴
    natonal: 30%
  - stage: grwoth
    program: 판로개척
    national: rest
    local: rest
  - stage: transfer
    program: 창업
    national: 많이
    local: 1억
    local: 2억
"""


def test_bundled_files_are_valid() -> None:
    """The bundled registry, the national budget and the example region file all pass."""
    result = run("validate", NATIONAL, bundled_data("zones.yaml"), EXAMPLE_REGION)
    assert result.exit_code == 0, result.output
    assert "(budget)" in result.stdout
    assert "(registry)" in result.stdout
    assert "(region)" in result.stdout
    assert "3 files checked: 0 errors, 0 warnings" in result.stdout
    assert result.stderr == ""


def test_example_region_matches_the_national_envelope() -> None:
    """The shipped example region file agrees with the national budget it belongs to."""
    result = run("validate", EXAMPLE_REGION, "--budget", NATIONAL)
    assert result.exit_code == 0, result.output


def test_every_mistake_in_one_run_text(write_yaml: WriteYaml) -> None:
    """All mistakes of a file are reported at once, each at its own line."""
    path = write_yaml(BROKEN_REGION, "region.yaml")
    result = run("validate", path, "--budget", NATIONAL)
    assert result.exit_code == 1
    err = result.stdout  # the report is the product: on stdout, as ruff and mypy do
    assert result.stderr == ""
    expected = {
        "unknown-key": "natonal: 30%",
        "stage-known": "stage: grwoth",
        "rule": "national: 많이",
        "duplicate-key": "local: 2억",
    }
    for check, line_text in expected.items():
        line = line_of(BROKEN_REGION, line_text)
        assert re.search(rf"region\.yaml:{line}:\d+: error\[{check}\]", err), (check, err)
    assert "did you mean 'national'?" in err
    assert "first at line 23, again at line 24" in err
    assert "1 file checked: 4 errors, 0 warnings in 1 file" in err


def test_region_envelope_against_national(write_yaml: WriteYaml) -> None:
    """With --budget, a region envelope that differs from the national one is an error."""
    text = EXAMPLE_REGION.read_text(encoding="utf-8").replace("national: 60억", "national: 59억")
    path = write_yaml(text, "region.yaml")
    alone = run("validate", path)
    assert alone.exit_code == 0, alone.output  # on its own, 59억 is a consistent file
    result = run("validate", path, "--budget", NATIONAL, "--format", "json")
    assert result.exit_code == 1
    report = json.loads(result.stdout)
    (diag,) = report["files"][0]["diagnostics"]
    assert diag["check"] == "region-envelope"
    assert diag["difference"] == -100_000_000
    assert diag["line"] == line_of(text, "national: 59억")


def test_json_format_is_stable(write_yaml: WriteYaml) -> None:
    """The JSON report has the documented shape, for every file given."""
    good = write_yaml(BUDGET, "good.yaml")
    bad = write_yaml(BROKEN_REGION, "bad.yaml")
    result = run("validate", good, bad, "--format", "json")
    assert result.exit_code == 1
    report = json.loads(result.stdout)
    assert report["schema"] == "gangso-validate/1"
    assert report["valid"] is False
    assert report["exit_code"] == 1
    assert report["summary"]["files"] == 2
    files = {Path(f["file"]).name: f for f in report["files"]}
    assert files["bad.yaml"]["kind"] == "region"
    assert files["bad.yaml"]["errors"] >= 4
    diag = files["bad.yaml"]["diagnostics"][0]
    assert set(diag) == {
        "file", "line", "column", "severity", "check", "message", "hint", "difference", "path",
    }  # fmt: skip
    # good.yaml funds only 'alpha', unknown to the bundled registry: reported, located
    assert any(d["check"] == "zone-known" for d in files["good.yaml"]["diagnostics"])


def test_github_annotations(write_yaml: WriteYaml) -> None:
    """--format github prints one workflow command per problem, escaped."""
    path = write_yaml(BROKEN_REGION, "region.yaml")
    result = run("validate", path, "--format", "github")
    assert result.exit_code == 1
    lines = result.stdout.strip().splitlines()
    assert all(line.startswith("::error file=") for line in lines)
    stage_line = line_of(BROKEN_REGION, "stage: grwoth")
    assert any(f",line={stage_line},col=" in line and "stage-known" in line for line in lines)
    assert not any("\n" in line[2:] for line in lines)
    assert "%25" not in "".join(lines) or "30%25" in "".join(lines)


def test_missing_file_exits_2_but_still_checks_the_others(
    write_yaml: WriteYaml, tmp_path: Path
) -> None:
    """A missing file makes the run exit 2; the other files are still reported."""
    bad = write_yaml(BROKEN_REGION, "bad.yaml")
    result = run("validate", bad, tmp_path / "missing.yaml")
    assert result.exit_code == 2
    assert "missing.yaml: error[file-unreadable] no such file" in result.stdout
    assert "bad.yaml:" in result.stdout
    assert "1 file checked, 1 could not be loaded" in result.stdout


def test_validate_needs_a_file() -> None:
    """No file at all is a usage error."""
    assert run("validate").exit_code == 2


def test_init_writes_a_file_that_validates(tmp_path: Path) -> None:
    """init -o writes a starter that passes validate against the national budget."""
    target = tmp_path / "region.yaml"
    result = run("init", "cheongju", "--year", "2020", "-o", target)
    assert result.exit_code == 0, result.output
    text = target.read_text(encoding="utf-8")
    first, second = text.splitlines()[:2]
    assert first == "# yaml-language-server: $schema=./region.schema.json"
    assert second.startswith("# 청주 강소특구 — 2020년 지역 예산")
    assert "zone: cheongju" in text
    assert run("validate", target, "--budget", NATIONAL).exit_code == 0


def test_init_for_a_year_not_bundled(tmp_path: Path) -> None:
    """A year with no bundled budget (2027): a placeholder envelope that says so, and the
    stages of the latest bundled year."""
    result = run("init", "chuncheon", "--year", "2027")
    assert result.exit_code == 0
    assert "year: 2027" in result.stdout
    assert "the stages of 2026; check them against the 2027 call" in result.stdout
    assert "PLACEHOLDER" in result.stdout
    target = tmp_path / "h.yaml"
    target.write_text(result.stdout, encoding="utf-8")
    assert run("validate", target).exit_code == 0


def test_init_never_overwrites_without_force(tmp_path: Path) -> None:
    """An existing file is kept unless --force is given."""
    target = tmp_path / "region.yaml"
    target.write_text("mine", encoding="utf-8")
    result = run("init", "gimhae", "-o", target)
    assert result.exit_code == 2
    assert "exists" in result.stderr
    assert target.read_text(encoding="utf-8") == "mine"
    assert run("init", "gimhae", "-o", target, "--force").exit_code == 0
    assert "zone: gimhae" in target.read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["init", "gimhea"], "did you mean gimhae?"),
        (["init", "hongneung", "--year", "2020"], "first budget year is 2021"),
    ],
)
def test_init_usage_errors(args: list[str], message: str) -> None:
    """Unknown zones and years before a zone's designation are usage errors."""
    result = run(*args)
    assert result.exit_code == 2
    assert message in result.stderr


@pytest.mark.parametrize("kind", ["budget", "region", "zones"])
def test_schema_is_json_schema(kind: str) -> None:
    """schema prints a JSON Schema that forbids unknown keys and documents amounts."""
    result = run("schema", kind)
    assert result.exit_code == 0
    schema = json.loads(result.stdout)
    assert schema["$schema"].startswith("https://json-schema.org/")
    assert schema["additionalProperties"] is False
    assert schema["type"] == "object"
    if kind != "zones":
        assert "national" in json.dumps(schema)
        assert "60억" in json.dumps(schema, ensure_ascii=False)


@pytest.mark.parametrize("command", ["validate", "init", "schema"])
def test_help_has_an_example(command: str) -> None:
    """Each command's help ends with an example."""
    result = run(command, "--help")
    assert result.exit_code == 0
    assert "Example: gangso" in result.stdout


def test_init_takes_an_envelope_derived_by_rules() -> None:
    """2025 derives 국비 from base + incentive: 진주's starter carries its 23.15억."""
    result = run("init", "jinju", "--year", "2025")
    assert result.exit_code == 0
    assert "national: 23억 1500만" in result.stdout
    assert "local: 17억 8500만" in result.stdout
