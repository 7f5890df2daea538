"""Every console, width, pipe and file gets the whole truth: no encoding errors, no cut
figures, no trailing spaces, no markup from names."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import run

ROOT = Path(__file__).parents[2]
REGION = (ROOT / "examples" / "region-gimhae-2020.yaml").read_text(encoding="utf-8")


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
        (0, ["history", "--view", "evaluations"]),
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
