"""An .xlsb ledger (Excel's binary workbook) is read as the same ledger in CSV is: title
rows skipped, number cells to the won."""

from __future__ import annotations

import json
from pathlib import Path

from tests.conftest import run
from tests.spending.helpers import LEDGER, REGION, execution_json
from tests.spending.helpers import rows as example_rows
from tests.spending.xlsb import write_xlsb


def test_an_xlsb_ledger_reads_to_the_won(tmp_path: Path) -> None:
    """The worked example as .xlsb, under two title rows, amounts as number cells: every
    row is read and every line's figures are the CSV's, with no error or warning."""
    table = example_rows()
    body: list[list[str | int]] = [[*r[:5], int(r[5].replace(",", "")), *r[6:]] for r in table[1:]]
    grid: list[list[str | int]] = [["집행내역 조회"], ["조회기간 : 20200101 ~ 20200630"], [],
                                   list(table[0]), *body]  # fmt: skip
    ledger = write_xlsb(grid, tmp_path / "ledger.xlsb")
    result = run("execution", ledger, "--budget", REGION, "-f", "json")
    assert result.exit_code == 0, result.stderr
    assert "0 errors, 0 warnings" in result.stderr
    assert "ledger.xlsb:집행내역:4: note: the header is row 4" in result.stderr
    document, expected = json.loads(result.stdout), execution_json(LEDGER)
    assert document["rows_read"] == expected["rows_read"] == len(body)
    assert document["rows"] == expected["rows"]
