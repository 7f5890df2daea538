"""A ledger's unit (천원) is applied once, whatever layout its rows come in: plain, shaped
(세목, 공급가액 + 부가세 − 집행취소, funds as amount columns), stated in a header or given."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import run
from tests.spending.helpers import REGION, execution_json, spent, write_csv

_LINE = "판로개척"
_HEAD = ["집행일자", "특구", "세부사업"]
_ROW = ["2020-03-16", "김해", _LINE]


@pytest.mark.parametrize(
    ("header", "cells", "given", "national", "local"),
    [
        # plain: the loop reads the rows as they come
        (["재원", "집행금액(천원)"], ["국비", "1,100"], None, 1_100_000, 0),
        (["재원", "집행금액"], ["국비", "1,100"], "천원", 1_100_000, 0),
        # shaped by a 세목 column
        (["재원", "집행금액", "세목"], ["국비", "1,100", "여비"], "천원", 1_100_000, 0),
        # 공급가액 + 부가세 − 집행취소, with and without 집행금액
        (["재원", "공급가액(천원)", "부가세(천원)", "집행금액(천원)"],
         ["국비", "1,000", "100", "1,100"], None, 1_100_000, 0),
        (["재원", "공급가액", "부가세", "집행취소"], ["국비", "1,000", "100", "50"], "천원",
         1_050_000, 0),
        # funds as amount columns, the unit given or in their headers
        (["국비", "지방비"], ["1,000", "500"], "천원", 1_000_000, 500_000),
        (["국비 집행금액(천원)", "지방비 집행금액(천원)"], ["1,000", "500"], None,
         1_000_000, 500_000),
        (["국비 집행금액(천원)", "지방비 집행금액"], ["1,000", "500"], None, 1_000_000, 500_000),
    ],
)  # fmt: skip
def test_a_unit_of_1000_won_is_applied_once(
    tmp_path: Path, header: list[str], cells: list[str], given: str | None, national: int,
    local: int,
) -> None:  # fmt: skip
    """1,100 at 천원 is 1,100,000원 in every layout (it was 1,100,000,000원 once shaped)."""
    ledger = write_csv(tmp_path / "a.csv", [[*_HEAD, *header], [*_ROW, *cells]])
    unit = ["--amount-unit", given] if given else []
    got = spent(execution_json(ledger, *unit))
    assert got[(_LINE, "국비")] == national
    assert got[(_LINE, "지방비")] == local


def test_a_shaped_amount_not_whole_at_1000_won_says_so(tmp_path: Path) -> None:
    """A cell of a shaped ledger that is not a whole won at 천원 is refused in those terms."""
    table = [[*_HEAD, "재원", "집행금액", "세목"], [*_ROW, "국비", "1.0005", "여비"]]
    ledger = write_csv(tmp_path / "a.csv", table)
    result = run("execution", ledger, "--budget", REGION, "--amount-unit", "천원")
    assert result.exit_code == 1
    assert "a.csv:2:5: error[ledger-amount] 집행금액 1.0005 is not 천원 to a whole won" in (
        result.stderr
    )


def test_fund_columns_stating_two_units_are_a_header_problem(tmp_path: Path) -> None:
    """국비 in 천원 beside 지방비 in 원: neither is guessed; the header is refused at the
    column that disagrees."""
    table = [[*_HEAD, "국비 집행금액(천원)", "지방비 집행금액(원)"], [*_ROW, "1,000", "500"]]
    ledger = write_csv(tmp_path / "a.csv", table)
    result = run("execution", ledger, "--budget", REGION)
    assert result.exit_code == 1
    assert (
        "a.csv:1:5: error[ledger-header] the amount columns state two units: "
        "'국비 집행금액(천원)' says 천원, '지방비 집행금액(원)' says 원"
    ) in result.stderr


def test_a_fund_column_unit_against_the_given_unit_is_a_header_problem(tmp_path: Path) -> None:
    """A fund column's 천원 against --amount-unit 원 is refused at that column."""
    table = [[*_HEAD, "국비 집행금액(천원)"], [*_ROW, "1,000"]]
    ledger = write_csv(tmp_path / "a.csv", table)
    result = run("execution", ledger, "--budget", REGION, "--amount-unit", "원")
    assert result.exit_code == 1
    assert "a.csv:1:4: error[ledger-header] the amount column says 천원" in result.stderr


def test_rows_read_counts_rows_not_fund_entries(tmp_path: Path) -> None:
    """Two rows of 국비 / 지방비 / 자부담 columns are 2 rows read (6 entries), said so; a
    plain ledger's line names rows only."""
    table = [
        [*_HEAD, "국비", "지방비", "자부담"],
        [*_ROW, "1,000", "500", "100"],
        ["2020-03-17", "김해", _LINE, "2,000", "600", "200"],
    ]
    ledger = write_csv(tmp_path / "a.csv", table)
    result = run("execution", ledger, "--budget", REGION)
    assert result.exit_code == 0, result.output
    assert "2 ledger rows read (6 fund entries): 0 errors" in result.stderr
    assert execution_json(ledger)["rows_read"] == 2
    plain = [[*_HEAD, "재원", "집행금액"], [*_ROW, "국비", "1,000"], [*_ROW, "지방비", "500"]]
    result = run("execution", write_csv(tmp_path / "b.csv", plain), "--budget", REGION)
    assert "2 ledger rows read: 0 errors" in result.stderr
