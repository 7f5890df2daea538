"""Field-ready: typing slips warn, Korean names are understood, a region works from a
plain install, and every console, width, pipe and report tells the truth."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import BUDGET, WriteYaml, line_of, run

ROOT = Path(__file__).parents[2]
EXAMPLE_REGION = ROOT / "examples" / "region-gimhae-2020.yaml"
REGION = EXAMPLE_REGION.read_text(encoding="utf-8")

#: What a validator's internals look like; none of it may reach a user.
INTERNALS = ("Input should", "pattern", "greater than", "less than", "valid integer",
             "instance of", "Traceback", "pydantic")  # fmt: skip


def gangso(
    *args: str | Path, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[bytes]:
    """Run gangso in a fresh process, as a user's shell does (bytes out: any encoding)."""
    environment = {k: v for k, v in os.environ.items() if k not in ("COLUMNS", "PYTHONIOENCODING")}
    environment.update(env or {})
    return subprocess.run(
        [sys.executable, "-m", "gangso_cli", *map(str, args)],
        capture_output=True,
        env=environment,
        check=False,
        cwd=ROOT,
    )


# --- 2. typing slips warn; --strict fails on them ---------------------------------------


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


# --- 3. Korean names ---------------------------------------------------------------------


def test_korean_zone_name_in_a_file_names_the_id(write_yaml: WriteYaml) -> None:
    """`zone: 김해` is not an id; the error says which id is meant."""
    path = write_yaml(REGION.replace("zone: gimhae", "zone: 김해"), "region.yaml")
    result = run("validate", path)
    assert result.exit_code == 1
    assert f"region.yaml:{line_of(REGION, 'zone: gimhae')}:" in result.stdout
    assert "did you mean gimhae (김해 강소특구)?" in result.stdout


def test_korean_stage_name_names_the_id(write_yaml: WriteYaml) -> None:
    """`stage: 기술발굴` gets `write stage: discovery`."""
    path = write_yaml(REGION.replace("stage: discovery", "stage: 기술발굴", 1), "region.yaml")
    result = run("validate", path)
    assert result.exit_code == 1
    assert "write `stage: discovery`" in result.stdout


@pytest.mark.parametrize("name", ["김해", "김해 강소특구", "gimhae"])
def test_zone_option_and_init_take_korean_names(name: str, tmp_path: Path) -> None:
    """-z 김해 and init 김해 resolve to gimhae, and say so on stderr."""
    result = run("allocate", "--year", "2020", "-z", name)
    assert result.exit_code == 0, result.output
    assert "김해 강소특구" in result.stdout
    assert "진주" not in result.stdout
    init = run("init", name)
    assert init.exit_code == 0
    assert "zone: gimhae" in init.stdout
    if name != "gimhae":
        assert "gimhae (김해 강소특구)" in init.stderr


def test_export_zone_option(tmp_path: Path) -> None:
    """export --zone (repeatable, Korean names too) exports only those zones."""
    target = tmp_path / "lines.json"
    result = run("export", "--year", "2020", "-o", target, "--zone", "pohang", "--zone", "진주")
    assert result.exit_code == 0, result.output
    rows = json.loads(target.read_text(encoding="utf-8"))["views"]["lines"]["rows"]
    assert {row["zone_id"] for row in rows} == {"pohang", "jinju"}


@pytest.mark.parametrize(
    ("old", "new", "fragment"),
    [
        ("year: 2020", "year: 2020년", "write the year as a number: 2020"),
        ("year: 2020", "year: 1999", "write a year from 2019 to 2100"),
        ("  - id: growth", "  - id: Growth", "ids are lower-case ASCII letters"),
        ("    name: 기업성장지원", "    name: ''", "is empty"),
        ("stages:\n", "stages: 3\nx:\n", "expected a list"),
        ("program: 판로개척", "program: [a, b]", "expected text, got a list"),
        ("min_local_match: 20%", "min_local_match: 20", "did you mean '20%'?"),
    ],
)
def test_no_validator_internals(write_yaml: WriteYaml, old: str, new: str, fragment: str) -> None:
    """Schema problems are said in the file's terms, never in pydantic's."""
    assert old in BUDGET
    result = run("validate", write_yaml(BUDGET.replace(old, new, 1)))
    assert result.exit_code == 1
    assert fragment in result.stdout
    for internal in INTERNALS:
        assert internal not in result.output, internal


def test_csv_given_as_a_budget(tmp_path: Path) -> None:
    """A CSV passed as a budget says it looks like CSV."""
    path = tmp_path / "export.csv"
    path.write_text("특구,재원,금액\ngimhae,국비,6000000000\n", encoding="utf-8")
    result = run("allocate", path)
    assert result.exit_code == 1
    assert "looks like CSV" in result.stderr


def test_man_won_unit() -> None:
    """--unit 만원 shows 60억 as 600,000 (만원)."""
    result = run("allocate", "--year", "2020", "-u", "만원", "-z", "gimhae")
    assert result.exit_code == 0
    assert "600,000" in result.stdout
    assert "(단위: 만원)" in result.stdout


# --- 4. a region without a checkout --------------------------------------------------------


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


@pytest.mark.parametrize("command", ["allocate", "export"])
def test_region_report_is_checked_against_the_national_envelope(
    write_yaml: WriteYaml, tmp_path: Path, command: str
) -> None:
    """A 59억 region file is consistent alone, but fails against --budget 2020."""
    path = write_yaml(REGION.replace("national: 60억", "national: 59억"), "region.yaml")
    extra = ["-o", str(tmp_path / "r.json"), "--force"] if command == "export" else []
    alone = run(command, path, *extra)
    assert alone.exit_code == 0, alone.output
    checked = run(command, path, "--budget", "2020", *extra)
    assert checked.exit_code == 1
    assert "error[region-envelope]" in checked.stderr
    assert "set national: 60억" in checked.stderr  # the user's own notation


def test_region_is_never_valid_against_a_broken_budget(write_yaml: WriteYaml) -> None:
    """When --budget has errors, the region file is not ✓ and is not counted as checked
    against it."""
    national = write_yaml(BUDGET.replace("year: 2020", "year: 2020년"), "national.yaml")
    result = run("validate", EXAMPLE_REGION, "--budget", national)
    assert result.exit_code == 1
    assert "✓" not in result.stdout
    assert "error[region-budget]" in result.stdout


# --- 5. consoles that are not UTF-8 ----------------------------------------------------------


@pytest.mark.parametrize("encoding", ["cp949", "euc-kr", "cp1252"])
@pytest.mark.parametrize(
    ("code", "args"),
    [
        (1, ["validate", "examples/region-gimhae-2020.yaml", "examples/region-mistakes.yaml"]),
        (0, ["zones"]),
        (0, ["init", "gimhae"]),
        (1, ["diff", "2020", "examples/budget_2020_revised.yaml"]),
        (0, ["allocate", "--chart"]),
        (0, ["history", "--zone", "진주", "--from", "2024"]),
        (0, ["envelopes", "2025"]),
        (
            0,
            [
                "execution",
                "examples/ledger-gimhae-2020.csv",
                "--budget",
                "examples/region-gimhae-2020.yaml",
                "--changes",
                "examples/changes-gimhae-2020.yaml",
            ],
        ),
        (
            0,
            [
                "close",
                "examples/ledger-gimhae-2020.csv",
                "--budget",
                "examples/region-gimhae-2020.yaml",
                "--changes",
                "examples/changes-gimhae-2020.yaml",
            ],
        ),
    ],
)
def test_any_console_encoding(encoding: str, code: int, args: list[str]) -> None:
    """Under a CP949/EUC-KR/CP1252 console, no command raises on ✓, —, █ or Hangul."""
    completed = gangso(*args, env={"PYTHONIOENCODING": encoding})
    assert completed.returncode == code, completed.stderr.decode(encoding, "replace")
    assert b"Traceback" not in completed.stderr
    assert b"UnicodeEncodeError" not in completed.stderr
    # A file gangso writes (init's YAML) goes into a pipe as exact UTF-8; tables and
    # reports for people are in the console's own encoding.
    text = completed.stdout.decode("utf-8" if args[0] == "init" else encoding)
    assert text.strip()
    if encoding != "cp1252" or args[0] == "init":
        assert any("가" <= ch <= "힣" for ch in text)  # Hangul, in the console's encoding


@pytest.mark.parametrize("encoding", ["cp949", "cp1252"])
def test_machine_formats_stay_exact_utf8_in_a_pipe(encoding: str) -> None:
    """JSON into a pipe is UTF-8 with every Hangul character, whatever the console."""
    completed = gangso(
        "validate", "examples/region-mistakes.yaml", "-f", "json",
        env={"PYTHONIOENCODING": encoding},
    )  # fmt: skip
    assert completed.returncode == 1
    report = json.loads(completed.stdout.decode("utf-8"))
    assert any("기술발굴" in str(d["hint"]) for d in report["files"][0]["diagnostics"])


# --- 6. terminals, pipes and files ------------------------------------------------------------


def test_figures_are_never_cut_at_80_columns() -> None:
    """At 80 columns every won of 진주 is shown: 1,881,450,000, not 1,881,450,…"""
    result = run("allocate", "--year", "2020", "-u", "원", "-z", "jinju", columns=80)
    assert result.exit_code == 0
    assert "1,881,450,000" in result.stdout
    assert "…" not in result.stdout
    assert max(len(line) for line in result.stdout.splitlines()) <= 80


def test_zones_at_60_columns_keeps_ids_whole() -> None:
    """A narrow terminal drops whole text columns, never the ends of ids, and says so."""
    result = run("zones", columns=60)
    assert result.exit_code == 0
    for zone_id in ("ansan", "cheonan-asan", "incheon-seo"):
        assert zone_id in result.stdout
    assert "…" not in result.stdout
    assert "leave out" in result.stderr


def test_piped_output_is_whole_and_trimmed() -> None:
    """Into a pipe or file: no width cut, no trailing spaces."""
    completed = gangso("allocate", "--year", "2020", "-u", "원", "--chart")
    assert completed.returncode == 0
    text = completed.stdout.decode("utf-8")
    assert "…" not in text
    assert all(line == line.rstrip() for line in text.splitlines())
    assert "1,881,450,000" in text


def test_a_closed_pipe_keeps_the_verdict() -> None:
    """`gangso allocate | head -1` ends quietly with the command's own exit code."""
    for args, code in ((["allocate"], 0), (["validate", "examples/region-mistakes.yaml"], 1)):
        shell = (
            f"{sys.executable} -m gangso_cli {' '.join(args)} | head -1; exit ${{PIPESTATUS[0]}}"
        )
        completed = subprocess.run(
            ["bash", "-c", shell], capture_output=True, cwd=ROOT, check=False
        )
        assert completed.returncode == code, completed.stderr
        assert b"Traceback" not in completed.stderr
        assert b"BrokenPipe" not in completed.stderr


# --- 7. reports say what they show -----------------------------------------------------------


def test_html_lines_table_labels_its_unit_and_has_subtotals(tmp_path: Path) -> None:
    """The lines table says 금액 (억원) over 억원 figures, with a 소계 per zone and a 합계."""
    target = tmp_path / "r.html"
    assert run("export", "--year", "2020", "-o", target, "-u", "억원").exit_code == 0
    html = target.read_text(encoding="utf-8")
    lines = html[html.index('<table id="lines">') :]
    assert "<th>금액 (억원)</th>" in lines
    assert "금액 (원)" not in lines
    assert lines.count('<tr class="subtotal">') == 6
    assert "김해 강소특구 소계" in lines
    assert "<td>합계</td>" in lines
    assert "출처: bundled: budget_2020.yaml" in html


def test_reports_never_name_an_install_folder(tmp_path: Path) -> None:
    """The bundled budget is named `bundled: budget_2020.yaml` in every report."""
    target = tmp_path / "r.json"
    assert run("export", "--year", "2020", "-o", target).exit_code == 0
    assert json.loads(target.read_text(encoding="utf-8"))["source"] == "bundled: budget_2020.yaml"


# --- 8. validate's rough edges -----------------------------------------------------------------


def test_unreadable_file_is_reported_beside_the_others(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A file without read permission is one more entry of the report, in every format."""
    secret = tmp_path / "secret.yaml"
    secret.write_text(REGION, encoding="utf-8")
    real_open = open

    def guarded(file: object, *args: object, **kwargs: object) -> object:
        if str(file) == str(secret):
            raise PermissionError(13, "Permission denied")
        return real_open(file, *args, **kwargs)  # type: ignore[call-overload]

    monkeypatch.setattr("gangso_cli.core.yamlsource.open", guarded, raising=False)
    text = run("validate", EXAMPLE_REGION, secret)
    assert text.exit_code == 2
    assert (
        "secret.yaml: error[file-unreadable] cannot read the file: Permission denied" in text.stdout
    )
    assert "✓" in text.stdout  # the readable file is still reported
    report = json.loads(run("validate", EXAMPLE_REGION, secret, "-f", "json").stdout)
    assert [f["valid"] for f in report["files"]] == [True, False]
    assert report["exit_code"] == 2
    github = run("validate", EXAMPLE_REGION, secret, "-f", "github")
    assert "::error file=" in github.stdout
    assert "Permission denied" in github.stdout


@pytest.mark.parametrize("envelope", ["-5억", "육십억", "60，000，000억"])
def test_broken_envelope_has_no_knock_on_errors(write_yaml: WriteYaml, envelope: str) -> None:
    """A broken envelope is one error: no `fixed-fits … ≠ 0원` after it."""
    path = write_yaml(BUDGET.replace("    national: 60억", f"    national: {envelope}"))
    result = run("validate", path)
    assert result.exit_code == 1
    assert "fixed-fits" not in result.stdout
    assert "≠ 0원" not in result.stdout


def test_local_match_shows_the_decimals_that_matter(write_yaml: WriteYaml) -> None:
    """19.98% under a 20% minimum never reads as 20.0%."""
    path = write_yaml(
        BUDGET.replace("  local: 12억\n", "  local: 11억 9880만\n").replace(
            "    local: 12억\n", "    local: 11억 9880만\n"
        )
    )
    result = run("validate", path)
    assert result.exit_code == 1
    assert "are 19.98% of national funds" in result.stdout


def test_help_reads_as_words() -> None:
    """Placeholders are FILE..., ZONE, FORMAT: never {files} or <list[str]>."""
    for command in ("validate", "allocate", "export", "init", "diff", "data", "zones"):
        text = run(command, "--help").stdout
        assert "{" not in text.split("Example")[0], command
        assert "<list" not in text, command
        assert "<str>" not in text, command
    assert "FILE..." in run("validate", "--help").stdout


def test_zone_and_zones_mix_ups_get_a_hint() -> None:
    """--zones gimhae means --zone gimhae; --zone a.yaml means --zones a.yaml."""
    result = run("allocate", "--zones", "gimhae")
    assert result.exit_code == 2
    assert "--zone gimhae" in result.stderr
    result = run("allocate", "--zone", "zones.yaml")
    assert result.exit_code == 2
    assert "--zones zones.yaml" in result.stderr


def test_brackets_in_names_are_text_not_markup(tmp_path: Path) -> None:
    """A file or zone named with [brackets] is printed as written (never Rich markup)."""
    odd = tmp_path / "[red]region.yaml"
    odd.write_text(REGION, encoding="utf-8")
    result = run("validate", odd)
    assert result.exit_code == 0
    assert "[red]region.yaml (region)" in result.stdout
    usage = run("allocate", "--year", "2020", "-z", "[bold]x")
    assert usage.exit_code == 2
    assert "--zone [bold]x:" in usage.stderr
