"""Amounts are written in digits: a superscript or circled figure that NFKC would turn into
a digit is refused, full-width digits and commas (an IME's) are read, and a minus sign
inside parentheses (two ways of saying negative) is refused rather than read as positive."""

from __future__ import annotations

from pathlib import Path

import pytest

from gangso_cli.core.cells import CellError
from gangso_cli.spending.amounts import parse_ledger_amount
from tests.conftest import run
from tests.spending.helpers import REGION, execution_json, spent, write_csv

_HEAD = ["집행일자", "특구", "세부사업", "재원", "집행금액"]


def _ledger(tmp_path: Path, cell: str) -> Path:
    return write_csv(tmp_path / "a.csv", [_HEAD, ["2020-03-16", "김해", "판로개척", "국비", cell]])


@pytest.mark.parametrize(
    ("cell", "message"),
    [
        ("1,000,000¹", "'1,000,000¹' is not an amount"),
        ("①", "'①' is not an amount"),
        ("½", "'½' is not an amount"),
        ("١٠٠", "'١٠٠' is not an amount"),
        ("(−5)", "'(−5)' has a minus sign inside parentheses"),
        ("(-5)", "'(-5)' has a minus sign inside parentheses"),
        ("(△5)", "'(△5)' has a minus sign inside parentheses"),
    ],
)
def test_figures_that_are_not_plain_digits_are_refused_at_their_cell(
    tmp_path: Path, cell: str, message: str
) -> None:
    """Each is a ledger-amount error at the cell, and the row is not counted."""
    result = run("execution", _ledger(tmp_path, cell), "--budget", REGION)
    assert result.exit_code == 1
    assert f"a.csv:2:5: error[ledger-amount] 집행금액 {message}" in result.stderr
    with pytest.raises(CellError):
        parse_ledger_amount(cell, 1)


@pytest.mark.parametrize(
    ("cell", "won"), [("１，０００，０００", 1_000_000), ("１,０００", 1_000), ("(5,000)", -5_000)]
)
def test_full_width_digits_and_parentheses_alone_still_read(
    tmp_path: Path, cell: str, won: int
) -> None:
    """An IME's full-width digits and comma read as digits; (5,000) is a refund."""
    assert spent(execution_json(_ledger(tmp_path, cell)))[("판로개척", "국비")] == won
