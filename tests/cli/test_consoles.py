"""Every console, width, pipe and file gets the whole truth: no encoding errors, no cut
figures, no trailing spaces, no markup from names."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from rich.cells import cell_len

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


SPENT = ["examples/ledger-gimhae-2020.csv", "--budget", "examples/region-gimhae-2020.yaml",
         "--changes", "examples/changes-gimhae-2020.yaml"]  # fmt: skip


@pytest.mark.parametrize(
    "args",
    [
        ["allocate", "--year", "2020", "--chart"],
        ["zones", "--year", "2021"],
        ["history", "--zone", "진주"],
        ["envelopes", "2025"],
        ["execution", *SPENT],
        ["close", *SPENT],
        ["diff", "2020", "examples/budget_2020_revised.yaml"],
        ["validate", "examples/region-gimhae-2020.yaml", "examples/region-mistakes.yaml"],
    ],
    ids=lambda args: args[0],
)
def test_a_pipe_of_a_set_width_carries_no_trailing_spaces(args: list[str]) -> None:
    """`COLUMNS=100 gangso … | less`: tables fit the width the user set and no line ends
    in padding."""
    completed = gangso(*args, env={"COLUMNS": "100"})
    assert b"Traceback" not in completed.stderr
    lines = completed.stdout.decode("utf-8").splitlines()
    assert lines
    assert [line for line in lines if line != line.rstrip()] == []
    # validate's problems are whole lines (for grep and editors); execution's table of
    # lines cannot fit 100 columns and keeps its width (stderr says so)
    if args[0] not in ("validate", "execution"):
        assert max(len(line) for line in lines) <= 100


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


_EXAMPLE = (
    "examples/ledger-gimhae-2020.csv", "--budget", "examples/region-gimhae-2020.yaml",
    "--changes", "examples/changes-gimhae-2020.yaml",
)  # fmt: skip
_SYSTEM = (
    "examples/ledger-enaradoum-gimhae-2020.xlsx",
    "--budget",
    "examples/region-gimhae-2020.yaml",
)
_FIGURE = re.compile(r"-?\d[\d,]*\d(?:\.\d+)?")

#: Every report command that reads ledgers or years, with the zones each block must
#: name: (exit code, arguments, zone names).
NARROW = [
    *[
        (0, ["execution", *_EXAMPLE, "--as-of", "2020-12-31", "--view", view, "-u", unit],
         ["김해"])
        for view in ("lines", "zones", "months", "categories", "changes")
        for unit in ("원", "백만원")
    ],
    (0, ["execution", *_EXAMPLE, "-u", "원"], ["김해"]),
    # with 자부담: its own table under the zones table
    (0, ["execution", *_SYSTEM, "-u", "원"], ["김해"]),
    (0, ["execution", *_SYSTEM, "--view", "own-funds", "-u", "원"], ["김해"]),
    (0, ["close", *_EXAMPLE, "-u", "원"], ["김해"]),
    (0, ["close", *_EXAMPLE], ["김해"]),
    (0, ["history", "--zone", "창원", "-u", "원"], ["창원"]),
    (0, ["history", "--zone", "창원", "--zone", "청주", "--view", "years"], ["창원", "청주"]),
    (0, ["history", "--zone", "창원", "--zone", "청주", "--view", "zones", "-u", "원"],
     ["창원", "청주"]),
    (0, ["envelopes", "2025", "-u", "원"], ["구미"]),
    (1, ["diff", "2020", "examples/budget_2020_revised.yaml", "-u", "원"], ["김해"]),
]  # fmt: skip


def _tables(text: str) -> list[tuple[str, str, str]]:
    """Each table (or block of one) as its title without "(n/m)", header and body."""
    lines = text.splitlines()
    rules = [i for i, line in enumerate(lines) if re.fullmatch(r" *━+ *", line)]
    starts = []
    for rule in rules:
        start = rule - 1
        while start > 0 and lines[start - 1].strip():
            start -= 1  # the header may wrap to several lines
        starts.append(start)
    tables = []
    for n, (rule, start) in enumerate(zip(rules, starts, strict=True)):
        title = re.sub(r" \(\d+/\d+\)$", "", lines[start - 2].strip())
        end = starts[n + 1] - 2 if n + 1 < len(starts) else len(lines)
        tables.append((title, "\n".join(lines[start:rule]), "\n".join(lines[rule + 1 : end])))
    return tables


@pytest.mark.parametrize(("code", "args", "zones"), NARROW)
def test_at_80_columns_nothing_is_cut_and_every_block_names_its_zone(
    code: int, args: list[str], zones: list[str]
) -> None:
    """At 80 columns every line fits, every figure of the unlimited report is there whole
    (none cut to a stub), and every block of a table names its zone."""
    narrow = run(*args, columns=80)
    assert narrow.exit_code == code, narrow.output
    wide = run(*args, columns=1000)
    assert max(cell_len(line) for line in narrow.stdout.splitlines()) <= 80
    assert "…" not in narrow.stdout
    figures = {f for f in _FIGURE.findall(wide.stdout) if "," in f or len(f) > 3}
    shown = {f for f in _FIGURE.findall(narrow.stdout) if "," in f or len(f) > 3}
    assert figures == shown
    column = re.compile(r"(^|\s)특구(\s\s|$)")  # the zone column, not 특구 수
    by_zone = {title for title, header, _ in _tables(wide.stdout) if column.search(header)}
    assert by_zone
    for title, header, body in _tables(narrow.stdout):
        if title in by_zone:  # a table with a zone column keeps it in every block
            assert column.search(header), (title, header)
            assert any(zone in body for zone in zones), (title, body)


@pytest.mark.parametrize(
    "args",
    [
        ["execution", *_EXAMPLE, "--view", "zones", "-u", "원"],
        ["execution", *_EXAMPLE, "--view", "months"],
        ["execution", *_SYSTEM, "--view", "own-funds", "-u", "원"],
        ["close", *_EXAMPLE, "-u", "원"],
        ["history", "--zone", "창원", "--zone", "청주", "--view", "years"],
        ["envelopes", "2025", "-u", "원"],
        ["diff", "2020", "examples/budget_2020_revised.yaml", "-u", "원"],
    ],
)
def test_cp949_at_80_columns(args: list[str]) -> None:
    """A CP949 console 80 columns wide: no command raises, the zone and its figures are
    shown in the console's own encoding, and no line is wider than the terminal."""
    completed = gangso(*args, env={"PYTHONIOENCODING": "cp949", "COLUMNS": "80"})
    assert completed.returncode in (0, 1), completed.stderr.decode("cp949", "replace")
    assert b"Traceback" not in completed.stderr
    text = completed.stdout.decode("cp949")
    assert any("가" <= ch <= "힣" for ch in text)
    assert max(cell_len(line) for line in text.splitlines()) <= 80
