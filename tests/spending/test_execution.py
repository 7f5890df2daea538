"""`gangso execution`: ledgers in any export format, against the plan, located errors."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from pathlib import Path

import pytest
import xlsxwriter
from openpyxl import load_workbook

from gangso_cli.core.cells import CellError, parse_date
from gangso_cli.spending.ledger import parse_ledger_amount
from tests.conftest import run

LEDGER = Path("examples/ledger-gimhae-2020.csv")
REGION = "examples/region-gimhae-2020.yaml"


def _rows() -> list[list[str]]:
    return list(csv.reader(io.StringIO(LEDGER.read_text(encoding="utf-8-sig"))))


def _write_csv(path: Path, rows: list[list[str]], encoding: str = "utf-8-sig") -> Path:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\r\n").writerows(rows)
    path.write_bytes(buffer.getvalue().encode(encoding))
    return path


def _json(*args: str | Path, code: int = 0) -> dict:  # type: ignore[type-arg]
    """The execution JSON of a ledger against the example region, asserting the exit code."""
    result = run("execution", *args, "--budget", REGION, "--format", "json")
    assert result.exit_code == code, result.output
    return json.loads(result.stdout)  # type: ignore[no-any-return]


def _spent(document: dict) -> dict[tuple[str, str], int]:  # type: ignore[type-arg]
    return {(r["program"], r["fund"]): r["spent_won"] for r in document["rows"]}


def test_the_worked_example_passes_and_adds_up() -> None:
    result = run("execution", LEDGER, "--budget", REGION, "--as-of", "2020-06-30")
    assert result.exit_code == 0, result.output
    assert "17 ledger rows read: 0 errors, 0 warnings" in result.stderr
    document = _json(LEDGER)
    assert document["schema"] == "gangso-execution/1"
    rows = _rows()[1:]
    national = sum(int(r[5].replace(",", "")) for r in rows if r[3] == "국비")
    by_line = _spent(document)
    assert sum(v for (_, fund), v in by_line.items() if fund == "국비") == national
    # the refund (반납) is a negative amount: 150,000,000 − 12,000,000
    assert by_line[("판로개척", "국비")] == 138_000_000
    row = next(r for r in document["rows"] if r["program"] == "의생명 창업보육")
    assert (row["stage_id"], row["fund"], row["budget_won"]) == ("transfer", "국비", 500_000_000)
    assert row["balance_won"] == row["budget_won"] - row["spent_won"] == 330_000_000
    assert row["rate_percent"] == 34.0  # 170,000,000 ÷ 예산현액
    assert document["total"]["spent_won"] == sum(by_line.values())
    assert document["as_of"] == "2020-06-30"


def test_cp949_in_thousands_and_xlsx_give_the_same_report(tmp_path: Path) -> None:
    """The same ledger as a CP949 CSV in 천원 and as an XLSX with date and number cells
    gives the same report, to the won."""
    rows = _rows()
    thousands = [rows[0]] + [
        [*r[:5], f"{int(r[5].replace(',', '')) // 1000:,}", r[6]] for r in rows[1:]
    ]
    cp949 = _write_csv(tmp_path / "cp949.csv", thousands, "cp949")
    book_path = tmp_path / "ledger.xlsx"
    book = xlsxwriter.Workbook(str(book_path))
    sheet = book.add_worksheet("집행내역")
    sheet.write_row(0, 0, rows[0])
    dates = book.add_format({"num_format": "yyyy-mm-dd"})
    for n, r in enumerate(rows[1:], start=1):
        sheet.write_datetime(n, 0, dt.datetime.fromisoformat(r[0]), dates)
        sheet.write_row(n, 1, r[1:5])
        sheet.write_number(n, 5, int(r[5].replace(",", "")))
        sheet.write_string(n, 6, r[6])
    book.close()
    reference = _spent(_json(LEDGER))
    assert _spent(_json(cp949, "--amount-unit", "천원")) == reference
    assert _spent(_json(book_path)) == reference
    # a header that states the unit needs no option
    stated = [[*thousands[0][:5], "집행금액(천원)", thousands[0][6]], *thousands[1:]]
    assert _spent(_json(_write_csv(tmp_path / "stated.csv", stated))) == reference


def test_every_bad_row_fails_at_its_row_in_one_run(tmp_path: Path) -> None:
    rows = _rows()
    bad = [
        *rows,
        ["2020-07-01", "김해", "의생명 창업보육", "국비", "인건비", "350,000,000", "과다 집행"],
        ["2020-07-02", "김해", "판로 개척", "국비", "연구활동비", "1,000", "오타"],
        ["2019-12-31", "김해", "판로개척", "국비", "연구활동비", "1,000", "작년"],
        ["2020-07-03", "김헤", "판로개척", "국비", "연구활동비", "1,000", "특구 오타"],
        ["2020-07-04", "김해", "판로개척", "국비", "연구활동비", "일천원", "금액 오류"],
        ["2020-07-05", "김해", "판로개척", "민간", "연구활동비", "1,000", "재원 오류"],
        ["2020-07-06", "김해", "의생명 창업보육", "지방비", "인건비", "1,000", "지방비 없음"],
    ]
    ledger = _write_csv(tmp_path / "bad.csv", bad)
    result = run("execution", ledger, "--budget", REGION)
    assert result.exit_code == 1
    first = len(rows) + 1  # the line of the first added row (the header is line 1)
    expected = {
        "line-overspent": f"bad.csv:{first}",
        "ledger-program": f"bad.csv:{first + 1}:3",
        "ledger-date": f"bad.csv:{first + 2}:1",
        "ledger-zone": f"bad.csv:{first + 3}:2",
        "ledger-amount": f"bad.csv:{first + 4}:6",
        "ledger-fund": f"bad.csv:{first + 5}:4",
        "line-unbudgeted": f"bad.csv:{first + 6}:4",
    }
    for check, where in expected.items():
        assert f"{where}: error[{check}]" in result.stderr, (check, result.stderr)
    assert "did you mean '판로개척'?" in result.stderr
    assert "did you mean gimhae?" in result.stderr
    assert "20,000,000원 over" in result.stderr  # 520,000,000 spent of 500,000,000
    assert "7 errors" in result.stderr


def test_a_likely_duplicate_is_a_warning(tmp_path: Path) -> None:
    rows = _rows()
    ledger = _write_csv(tmp_path / "dup.csv", [*rows, rows[-1]])
    result = run("execution", ledger, "--budget", REGION)
    assert result.exit_code == 0
    assert f"dup.csv:{len(rows) + 1}: warning[ledger-duplicate]" in result.stderr
    assert f"as row {len(rows)}" in result.stderr
    assert run("execution", ledger, "--budget", REGION, "--strict").exit_code == 1


def test_many_rows_of_one_mistake_are_summed_up(tmp_path: Path) -> None:
    rows = _rows()
    typo = ["2020-07-01", "김해", "없는 사업", "국비", "인건비", "1,000", ""]
    ledger = _write_csv(tmp_path / "many.csv", [*rows, *([typo] * 30)])
    result = run("execution", ledger, "--budget", REGION)
    assert result.stderr.count("error[ledger-program]") == 21
    assert "… and 10 more rows like the ones above (30 in all)" in result.stderr


def test_headers_are_checked_and_can_be_mapped(tmp_path: Path) -> None:
    rows = _rows()
    renamed = [["지출일", *rows[0][1:]], *rows[1:]]
    ledger = _write_csv(tmp_path / "renamed.csv", renamed)
    result = run("execution", ledger, "--budget", REGION)
    assert result.exit_code == 1
    assert "renamed.csv:1: error[ledger-header] no column for date (집행일자)" in result.stderr
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


def test_an_unreadable_ledger_exits_2(tmp_path: Path) -> None:
    result = run("execution", tmp_path / "missing.csv", "--budget", REGION)
    assert result.exit_code == 2
    assert "missing.csv: error[file-unreadable] no such file" in result.stderr


def test_the_ledger_is_never_modified(tmp_path: Path) -> None:
    ledger = _write_csv(tmp_path / "l.csv", _rows())
    before = (ledger.read_bytes(), ledger.stat().st_mtime_ns)
    assert run("execution", ledger, "--budget", REGION, "-o", tmp_path / "r.xlsx").exit_code == 0
    assert (ledger.read_bytes(), ledger.stat().st_mtime_ns) == before


def test_pace_below_the_policy_curve_warns(tmp_path: Path) -> None:
    region = (
        Path(REGION)
        .read_text(encoding="utf-8")
        .replace("  min_local_match: 20%", "  min_local_match: 20%\n  spending_pace: {6: 40%}")
    )
    budget = tmp_path / "region.yaml"
    budget.write_text(region, encoding="utf-8")
    result = run("execution", LEDGER, "--budget", budget, "--as-of", "2020-06-30")
    assert result.exit_code == 0
    assert "warning[execution-pace] gimhae: 14.8% spent by 2020-06-30" in result.stderr
    early = run("execution", LEDGER, "--budget", budget, "--as-of", "2020-06-29")
    assert "execution-pace" not in early.stderr  # the curve's first point is not due yet
    assert "2020-06-30 is after 2020-06-29, the report's date" in early.stderr
    assert "hint: correct the date, or report as of a later date (--as-of DATE)" in early.stderr


def test_every_format(tmp_path: Path) -> None:
    for name in ("x.csv", "x.xlsx", "x.html", "x.json"):
        result = run("execution", LEDGER, "--budget", REGION, "-o", tmp_path / name)
        assert result.exit_code == 0, result.output
    assert load_workbook(tmp_path / "x.xlsx").sheetnames == [
        "lines",
        "zones",
        "months",
        "categories",
    ]
    html = (tmp_path / "x.html").read_text(encoding="utf-8")
    assert '<svg id="chart-execution"' in html
    lines = list(csv.DictReader(io.StringIO((tmp_path / "x.csv").read_text(encoding="utf-8-sig"))))
    assert {r["재원"] for r in lines if r["특구"] != "합계"} == {"국비", "지방비"}
    by_category = run("execution", LEDGER, "--budget", REGION, "--view", "categories")
    assert "연구시설·장비비" in by_category.stdout


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
    assert parse_ledger_amount(text, 1) == won


def test_a_unit_in_the_cell_wins_over_the_columns() -> None:
    assert parse_ledger_amount("1,234천원", 1) == 1_234_000
    assert parse_ledger_amount("1,234원", 1000) == 1_234
    assert parse_ledger_amount("△1,234천원", 1) == -1_234_000


def test_thousands_may_have_a_decimal_but_won_may_not() -> None:
    assert parse_ledger_amount("1,234.5", 1000) == 1_234_500
    with pytest.raises(CellError):
        parse_ledger_amount("1,234.5", 1)
    with pytest.raises(CellError):
        parse_ledger_amount(1500.5, 1)


@pytest.mark.parametrize(
    "text", ["2020-03-14", "2020.03.14", "2020/3/14", "20200314", "2020. 3. 14.", "2020년 3월 14일"]
)
def test_dates_as_ledgers_write_them(text: str) -> None:
    assert parse_date(text) == dt.date(2020, 3, 14)


def test_a_big_ledger_reports_progress(tmp_path: Path) -> None:
    """The progress callback sees the bytes read grow, up to the file's size."""
    from gangso_cli.plan.evaluate import evaluate
    from gangso_cli.spending.execution import execute
    from gangso_cli.spending.ledger import open_ledger

    rows = _rows()
    ledger = _write_csv(tmp_path / "big.csv", [rows[0], *(rows[1:] * 4200)])  # ~70,000 rows
    evaluation = evaluate(REGION)
    assert evaluation.budget.model is not None
    assert evaluation.allocation is not None
    seen: list[int] = []
    opened = open_ledger(ledger)
    result = execute(
        evaluation.budget.model, evaluation.allocation, evaluation.registry.model, [opened],
        progress=lambda read: seen.append(read.position()),
    )  # fmt: skip
    assert result.rows == 17 * 4200
    assert len(seen) == 2  # at row 65,536 and at the end
    assert 0 < seen[0] < seen[1] == ledger.stat().st_size
