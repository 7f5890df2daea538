"""A row whose date is wrong is refused with ledger-date even when a cell says 계 or 합계:
only a date cell with no digit can be a summary row's."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import run
from tests.spending.helpers import REGION, execution_json, write_csv

_HEAD = ["집행일자", "특구", "세부사업", "재원", "집행금액", "적요"]
_FIRST = ["2020-03-16", "김해", "판로개척", "국비", "1,000,000", "a"]


@pytest.mark.parametrize(
    ("date", "extra", "message"),
    [
        ("2019-12-30", [], "집행일자 2019-12-30 is not in 2020, the budget's year"),
        ("2020-13-01", [], "집행일자 "),
        ("2020-04-01", ["--as-of", "2020-03-31"], "is after 2020-03-31, the report's date"),
    ],
)
def test_a_bad_date_beside_a_total_word_is_refused_not_dropped(
    tmp_path: Path, date: str, extra: list[str], message: str
) -> None:
    """The row is neither counted nor lost: a located ledger-date error, exit 1, and its
    1,000,000원 among the rows not counted."""
    table = [_HEAD, _FIRST, [date, "김해", "판로개척", "국비", "1,000,000", "계"]]
    ledger = write_csv(tmp_path / "a.csv", table)
    result = run("execution", ledger, "--budget", REGION, *extra)
    assert result.exit_code == 1
    assert "a.csv:3:1: error[ledger-date] " in result.stderr
    assert message in result.stderr
    rejected = execution_json(ledger, *extra, code=1)["rejected"]
    assert (rejected["rows"], rejected["amount_won"]) == (1, 1_000_000)


def test_a_summary_row_without_a_date_is_still_checked_not_counted(tmp_path: Path) -> None:
    """A 합계 row whose date cell is empty stays a summary: checked, not counted."""
    table = [_HEAD, _FIRST, ["", "", "", "", "1,000,000", "합계"]]
    document = execution_json(write_csv(tmp_path / "a.csv", table))
    assert document["rejected"]["rows"] == 0
    assert document["total"]["spent_won"] == 1_000_000
