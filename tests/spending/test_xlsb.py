"""An .xlsb ledger (Excel's binary workbook) is read as the same ledger in CSV is: title
rows skipped, number cells to the won."""

from __future__ import annotations

import json
from pathlib import Path

from tests.conftest import run
from tests.spending.helpers import LEDGER, REGION, execution_json
from tests.spending.helpers import rows as example_rows
from tests.spending.xlsb import write_xlsb


def _grid() -> list[list[str | int]]:
    """The worked example under two title rows, amounts as number cells."""
    table = example_rows()
    body: list[list[str | int]] = [[*r[:5], int(r[5].replace(",", "")), *r[6:]] for r in table[1:]]
    grid: list[list[str | int]] = [["집행내역 조회"], ["조회기간 : 20200101 ~ 20200630"], [],
                                   list(table[0]), *body]  # fmt: skip
    return grid


def test_an_xlsb_ledger_reads_to_the_won(tmp_path: Path) -> None:
    """The worked example as .xlsb, under two title rows, amounts as number cells: every
    row is read and every line's figures are the CSV's, with no error or warning."""
    grid = _grid()
    body = grid[4:]
    ledger = write_xlsb(grid, tmp_path / "ledger.xlsb")
    result = run("execution", ledger, "--budget", REGION, "-f", "json")
    assert result.exit_code == 0, result.stderr
    assert "0 errors, 0 warnings" in result.stderr
    assert "ledger.xlsb:집행내역:4: note: the header is row 4" in result.stderr
    document, expected = json.loads(result.stdout), execution_json(LEDGER)
    assert document["rows_read"] == expected["rows_read"] == len(body)
    assert document["rows"] == expected["rows"]


def test_an_xlsb_read_one_column_wide_says_why(tmp_path: Path) -> None:
    """An .xlsb whose cells leave their column implied (SheetJS's short records) reads
    one column wide: the header is refused at its place with a hint to save it again,
    never a traceback and never a partial ledger counted."""
    ledger = write_xlsb(_grid(), tmp_path / "short.xlsb", short=True)
    result = run("execution", ledger, "--budget", REGION)
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    assert "short.xlsb:집행내역:" in result.stderr
    assert "error[ledger-header] no column for" in result.stderr
    assert "reads one column wide: open it in Excel and save it again" in result.stderr
    assert "save it as .xlsx\n" in result.stderr  # no --column: no option reads it
    assert "1 ledger not read at all" in result.stderr
