"""Reading ledgers as the systems export them: encodings, units, XLSX, headers, amounts
and dates (spending/ledger.py, and the cells it parses)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import xlsxwriter

from gangso_cli.core.cells import CellError, parse_date
from gangso_cli.spending.ledger import parse_ledger_amount, read_column_map
from tests.conftest import run
from tests.spending.helpers import LEDGER, REGION, execution_json, rows, spent, write_csv


def test_cp949_in_thousands_and_xlsx_give_the_same_report(tmp_path: Path) -> None:
    """The same ledger as a CP949 CSV in 천원 and as an XLSX with date and number cells
    gives the same report, to the won."""
    table = rows()
    thousands = [table[0]] + [
        [*r[:5], f"{int(r[5].replace(',', '')) // 1000:,}", r[6]] for r in table[1:]
    ]
    cp949 = write_csv(tmp_path / "cp949.csv", thousands, "cp949")
    book_path = tmp_path / "ledger.xlsx"
    book = xlsxwriter.Workbook(str(book_path))
    sheet = book.add_worksheet("집행내역")
    sheet.write_row(0, 0, table[0])
    dates = book.add_format({"num_format": "yyyy-mm-dd"})
    for n, r in enumerate(table[1:], start=1):
        sheet.write_datetime(n, 0, dt.datetime.fromisoformat(r[0]), dates)
        sheet.write_row(n, 1, r[1:5])
        sheet.write_number(n, 5, int(r[5].replace(",", "")))
        sheet.write_string(n, 6, r[6])
    book.close()
    reference = spent(execution_json(LEDGER))
    assert spent(execution_json(cp949, "--amount-unit", "천원")) == reference
    assert spent(execution_json(book_path)) == reference
    # a header that states the unit needs no option
    stated = [[*thousands[0][:5], "집행금액(천원)", thousands[0][6]], *thousands[1:]]
    assert spent(execution_json(write_csv(tmp_path / "stated.csv", stated))) == reference


def test_a_unit_given_against_the_header_is_refused_with_the_option(tmp_path: Path) -> None:
    """An amount header in 천원 read with --amount-unit 원 is a header error whose hint says
    to correct the header, or drop the option."""
    table = rows()
    stated = [[*table[0][:5], "집행금액(천원)", table[0][6]], *table[1:]]
    ledger = write_csv(tmp_path / "stated.csv", stated)
    result = run("execution", ledger, "--budget", REGION, "--amount-unit", "원")
    assert result.exit_code == 1
    assert "stated.csv:1:6: error[ledger-header] the amount column says 천원" in result.stderr
    assert "hint: correct the header, or give no unit for the amounts (drop --amount-unit)" in (
        result.stderr
    )


def test_headers_are_checked_and_can_be_mapped(tmp_path: Path) -> None:
    """A header the aliases do not know is an error until --column (a pair or a column
    map file) says which field it holds; a map naming no field is refused."""
    table = rows()
    renamed = [["지출일", *table[0][1:]], *table[1:]]
    ledger = write_csv(tmp_path / "renamed.csv", renamed)
    result = run("execution", ledger, "--budget", REGION)
    assert result.exit_code == 1
    assert "renamed.csv:1: error[ledger-header] no column for date (집행일자)" in result.stderr
    assert "or map a header to date (--column 'HEADER=FIELD')" in result.stderr
    mapped = run("execution", ledger, "--budget", REGION, "--column", "지출일=date")
    assert mapped.exit_code == 0, mapped.output
    assert run("execution", ledger, "--column", "지출일=when").exit_code == 2
    columns = tmp_path / "columns.yaml"
    columns.write_text("지출일: date\n", encoding="utf-8")
    assert run("execution", ledger, "--budget", REGION, "--column", columns).exit_code == 0
    columns.write_text("지출일: date\n금액: amout\n", encoding="utf-8")
    bad = run("execution", ledger, "--budget", REGION, "--column", columns)
    assert bad.exit_code == 2
    assert "columns.yaml:2:5: error[column-map] 금액: 'amout' is not a field" in bad.stderr


def test_a_column_map_is_read_with_located_problems(tmp_path: Path) -> None:
    """read_column_map returns header → field, or nothing and the lines that name no field."""
    path = tmp_path / "columns.yaml"
    path.write_text("지출일 : date\n비고: memo\n", encoding="utf-8")
    assert read_column_map(path) == ({"지출일": "date", "비고": "memo"}, [])
    path.write_text("- 지출일\n", encoding="utf-8")
    mapping, problems = read_column_map(path)
    assert mapping == {}
    assert [p.check for p in problems] == ["column-map"]


def test_an_unreadable_ledger_exits_2(tmp_path: Path) -> None:
    """A ledger that does not exist is a file-unreadable error and exit 2."""
    result = run("execution", tmp_path / "missing.csv", "--budget", REGION)
    assert result.exit_code == 2
    assert "missing.csv: error[file-unreadable] no such file" in result.stderr


@pytest.mark.parametrize(
    ("text", "won"),
    [
        ("1,234,000", 1_234_000),
        ("-50,000", -50_000),
        ("△50,000", -50_000),
        ("(50,000)", -50_000),
        ("１，０００", 1_000),
        (1500, 1_500),
        (1500.0, 1_500),
    ],
)
def test_amounts_as_ledgers_write_them(text: object, won: int) -> None:
    """Commas, refunds (-, △, brackets), full-width digits and number cells all parse."""
    assert parse_ledger_amount(text, 1) == won


def test_a_unit_in_the_cell_wins_over_the_columns() -> None:
    """1,234천원 in a column of 원 is 1,234,000원; 1,234원 in a column of 천원 is 1,234원."""
    assert parse_ledger_amount("1,234천원", 1) == 1_234_000
    assert parse_ledger_amount("1,234원", 1000) == 1_234
    assert parse_ledger_amount("△1,234천원", 1) == -1_234_000


def test_thousands_may_have_a_decimal_but_won_may_not() -> None:
    """1,234.5 천원 is a whole 1,234,500원; a fraction of a won is refused."""
    assert parse_ledger_amount("1,234.5", 1000) == 1_234_500
    with pytest.raises(CellError):
        parse_ledger_amount("1,234.5", 1)
    with pytest.raises(CellError):
        parse_ledger_amount(1500.5, 1)


@pytest.mark.parametrize(
    "text", ["2020-03-14", "2020.03.14", "2020/3/14", "20200314", "2020. 3. 14.", "2020년 3월 14일"]
)
def test_dates_as_ledgers_write_them(text: str) -> None:
    """Every way the systems write a date reads as the same day."""
    assert parse_date(text) == dt.date(2020, 3, 14)
