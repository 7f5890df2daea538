"""Nothing partial looks whole: rows left out of spending are counted, listed and said
in every format the execution and the close write."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

from openpyxl import load_workbook
from rich.cells import cell_len

from gangso_cli.plan.evaluate import evaluate
from gangso_cli.spending.run import SpendingOptions, run_spending
from tests.conftest import run
from tests.spending.helpers import CHANGES, REGION, rows, write_csv


def _partial(tmp_path: Path) -> Path:
    """The worked example with three rows refused: a date outside the year (30,000,000원),
    an unknown line (42,500,000원) and an amount that is not one."""
    table = rows()
    table[2][0] = "2021-01-05"
    table[3][2] = "없는 사업"
    table[4][5] = "십만원쯤"
    return write_csv(tmp_path / "partial.csv", table)


def test_the_library_counts_every_rejected_row(tmp_path: Path) -> None:
    """Execution.rejected holds the rows, the won of those whose amount reads, and each
    row at its FILE:ROW with the check and the reason."""
    ledger = _partial(tmp_path)
    evaluation = evaluate(REGION)
    spending = run_spending(evaluation, [ledger])
    assert spending.execution is not None
    rejected = spending.execution.rejected
    assert (rejected.rows, rejected.amount, rejected.unpriced) == (3, 72_500_000, 1)
    listed = [(str(r.location), r.check, r.amount) for r in rejected.listed]
    assert listed == [
        (f"{ledger}:3:1", "ledger-date", 30_000_000),
        (f"{ledger}:4:3", "ledger-program", 42_500_000),
        (f"{ledger}:5:6", "ledger-amount", None),
    ]
    assert "2021-01-05 is not in 2020" in rejected.listed[0].reason
    # the rows counted and the rows left out are every row of the file
    assert spending.execution.rows == len(rows()) - 1
    # a second read (a move dated after the last row) counts them once, not twice
    again = run_spending(evaluation, [ledger], SpendingOptions(changes=(CHANGES,)))
    assert again.later_changes == 3
    assert again.execution is not None
    assert (again.execution.rejected.rows, again.execution.rejected.amount) == (3, 72_500_000)
    assert len(again.execution.rejected.listed) == 3


def test_the_terminal_footer_says_what_was_not_counted(tmp_path: Path) -> None:
    """Under the tables: N rows, X원 not counted; stderr's summary says it too."""
    result = run("execution", _partial(tmp_path), "--budget", REGION)
    assert result.exit_code == 1
    footer = (
        "3 ledger rows, 72,500,000원 not counted (1 of them with an amount that could not be read)"
    )
    assert footer + " — see the errors below" in result.stdout
    assert footer in result.stderr.splitlines()[-1]


def test_a_whole_ledger_not_read_is_said(tmp_path: Path) -> None:
    """A ledger whose header maps to nothing is not read at all: the footer names it."""
    bad = write_csv(tmp_path / "headless.csv", [["a", "b"], ["1", "2"]])
    result = run("execution", bad, "--budget", REGION)
    assert result.exit_code == 1
    assert f"1 ledger not read at all ({bad})" in result.stdout


def test_every_format_says_so(tmp_path: Path) -> None:
    """JSON rejected {rows, amount_won}, an XLSX sheet of the rows, an HTML banner, and
    the rows as CSV with --view rejected (the lines CSV stays data only)."""
    ledger = _partial(tmp_path)
    for name in ("r.json", "r.xlsx", "r.html", "r.csv"):
        result = run("execution", ledger, "--budget", REGION, "-o", tmp_path / name)
        assert result.exit_code == 1, result.output
        assert "3 ledger rows, 72,500,000원" in result.stderr
    document = json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))
    assert document["schema"] == "gangso-execution/1"
    assert (document["rejected"]["rows"], document["rejected"]["amount_won"]) == (3, 72_500_000)
    assert document["rejected"]["listed"][1]["row"] == 4
    book = load_workbook(tmp_path / "r.xlsx")
    assert book.sheetnames[-1] == "rejected"
    cells = [[c.value for c in row] for row in book["rejected"].iter_rows(min_row=5)]
    assert cells[0][:2] == [f"{ledger}:3", "ledger-date"]
    assert cells[0][3] == 30_000_000
    assert cells[-1][0] == "합계"
    assert cells[-1][3] == 72_500_000
    html = (tmp_path / "r.html").read_text(encoding="utf-8")
    assert html.index('class="banner"') < html.index('<svg id="chart-execution"')
    assert "3 ledger rows, 72,500,000원" in html
    assert '<table id="rejected">' in html
    lines = (tmp_path / "r.csv").read_text(encoding="utf-8-sig")
    assert "not counted" not in lines  # data for tools: no trailer row
    listed = run("execution", ledger, "--budget", REGION, "--view", "rejected", "-f", "csv")
    table = list(csv.reader(io.StringIO(listed.stdout.lstrip("\ufeff"))))
    assert [r[1] for r in table[1:4]] == ["ledger-date", "ledger-program", "ledger-amount"]


def test_a_whole_run_says_nothing_of_rejection(tmp_path: Path) -> None:
    """When every row is counted: no footer, no sheet, JSON rejected rows 0."""
    ledger = write_csv(tmp_path / "whole.csv", rows())
    text = run("execution", ledger, "--budget", REGION)
    assert text.exit_code == 0
    assert "not counted" not in text.stdout + text.stderr
    document = json.loads(run("execution", ledger, "--budget", REGION, "-f", "json").stdout)
    assert (document["rejected"]["rows"], document["rejected"]["amount_won"]) == (0, 0)
    assert run("execution", ledger, "--budget", REGION, "-o", tmp_path / "w.xlsx").exit_code == 0
    assert "rejected" not in load_workbook(tmp_path / "w.xlsx").sheetnames
    asked = run("execution", ledger, "--budget", REGION, "--view", "rejected")
    assert asked.exit_code == 0
    assert "note: --view rejected: every ledger row was counted" in asked.stderr
    as_csv = run("execution", ledger, "--budget", REGION, "--view", "rejected", "-f", "csv")
    assert as_csv.exit_code == 2
    assert "--view rejected: every ledger row was counted" in as_csv.stderr


def test_the_close_says_so_too(tmp_path: Path) -> None:
    """The close of a partial ledger: the footer under its table, rejected in its JSON."""
    ledger = _partial(tmp_path)
    text = run("close", ledger, "--budget", REGION)
    assert text.exit_code == 1
    assert "3 ledger rows, 72,500,000원" in text.stdout
    document = json.loads(run("close", ledger, "--budget", REGION, "-f", "json").stdout)
    assert document["schema"] == "gangso-close/1"
    assert (document["rejected"]["rows"], document["rejected"]["amount_won"]) == (3, 72_500_000)


def test_the_footer_on_a_cp949_console_at_80_columns(tmp_path: Path) -> None:
    """A CP949 console 80 columns wide gets the footer in its own encoding (the dash as
    a plain stand-in), and the list of rows not counted with every amount whole."""
    from tests.cli.test_consoles import gangso

    ledger = _partial(tmp_path)
    env = {"PYTHONIOENCODING": "cp949", "COLUMNS": "80"}
    completed = gangso(
        "execution", ledger, "--budget", REGION, "--view", "rejected", "-u", "원", env=env
    )
    assert completed.returncode == 1
    assert b"Traceback" not in completed.stderr
    text = completed.stdout.decode("cp949")
    assert "3 ledger rows, 72,500,000원" in text
    assert "could not be read) - see the errors below" in text
    assert "ledger-program" in text
    assert "30,000,000" in text
    assert "42,500,000" in text


def test_a_long_download_path_keeps_the_rejected_table_at_80_columns(tmp_path: Path) -> None:
    """At 80 columns the rejected rows of a download with a long path are `[1]:ROW`, and
    the path is named whole under the table; a short path stays in the cell."""
    folder = tmp_path / "2020년-집행내역-다운로드" / "e나라도움_집행내역_김해강소특구_20200630"
    folder.mkdir(parents=True)
    ledger = _partial(tmp_path).rename(folder / "partial.csv")
    result = run("execution", ledger, "--budget", REGION, "--view", "rejected", columns=80)
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    table = lines[: next(i for i, line in enumerate(lines) if "(단위" in line) + 1]
    assert max(cell_len(line) for line in table) <= 80, result.stdout
    assert any(line.lstrip().startswith("[1]:3 ") for line in lines), result.stdout
    named = "".join(line for line in lines[lines.index("[1]") :] if "not counted" not in line)
    assert named.startswith(f"[1]{ledger}") or named.startswith(f"[1] {ledger}"), named
    wide = run("execution", ledger, "--budget", REGION, "--view", "rejected", columns=300)
    assert f"{ledger}:3 " in wide.stdout
    assert "[1]" not in wide.stdout


def test_a_cp949_csv_names_the_line_of_a_character_it_cannot_hold(tmp_path: Path) -> None:
    """--encoding cp949 refuses a row's en dash (exit 2, nothing written) saying which
    CSV line holds it and the text around it, so it can be found."""
    table = rows()
    table[3][2] = "판로개척 – 해외"  # an en dash: no CP949 code for it
    ledger = write_csv(tmp_path / "dash.csv", table)
    target = tmp_path / "rejected.csv"
    result = run(
        "execution", ledger, "--budget", REGION, "--view", "rejected", "-o", target,
        "--encoding", "cp949",
    )  # fmt: skip
    assert result.exit_code == 2
    assert not target.exists()
    assert "'–' (CSV line 2: " in result.stderr, result.stderr
    assert "판로개척 – 해외" in result.stderr
    assert "cannot be written in cp949; write it as UTF-8" in result.stderr
    assert "hint: use --encoding utf-8" in result.stderr
