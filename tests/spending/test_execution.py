"""`gangso execution`: ledgers against the plan, every problem located (reading the
ledgers themselves: test_ledger.py)."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from openpyxl import load_workbook

from tests.conftest import run
from tests.spending.helpers import LEDGER, REGION, execution_json, spent, write_csv
from tests.spending.helpers import rows as example_rows


def test_the_worked_example_passes_and_adds_up() -> None:
    """The worked example passes, and its lines add up to the ledger to the won."""
    result = run("execution", LEDGER, "--budget", REGION, "--as-of", "2020-06-30")
    assert result.exit_code == 0, result.output
    assert "17 ledger rows read: 0 errors, 0 warnings" in result.stderr
    document = execution_json(LEDGER)
    assert document["schema"] == "gangso-execution/1"
    rows = example_rows()[1:]
    national = sum(int(r[5].replace(",", "")) for r in rows if r[3] == "국비")
    by_line = spent(document)
    assert sum(v for (_, fund), v in by_line.items() if fund == "국비") == national
    # the refund (반납) is a negative amount: 150,000,000 − 12,000,000
    assert by_line[("판로개척", "국비")] == 138_000_000
    row = next(r for r in document["rows"] if r["program"] == "의생명 창업보육")
    assert (row["stage_id"], row["fund"], row["budget_won"]) == ("transfer", "국비", 500_000_000)
    assert row["balance_won"] == row["budget_won"] - row["spent_won"] == 330_000_000
    assert row["rate_percent"] == 34.0  # 170,000,000 ÷ 예산현액
    assert document["total"]["spent_won"] == sum(by_line.values())
    assert document["as_of"] == "2020-06-30"


def test_every_bad_row_fails_at_its_row_in_one_run(tmp_path: Path) -> None:
    """Every kind of bad row is an error at its own FILE:ROW:COL, all in one run."""
    rows = example_rows()
    bad = [
        *rows,
        ["2020-07-01", "김해", "의생명 창업보육", "국비", "인건비", "350,000,000", "과다 집행"],
        ["2020-07-02", "김해", "판로계척", "국비", "연구활동비", "1,000", "오타"],
        ["2019-12-31", "김해", "판로개척", "국비", "연구활동비", "1,000", "작년"],
        ["2020-07-03", "김헤", "판로개척", "국비", "연구활동비", "1,000", "특구 오타"],
        ["2020-07-04", "김해", "판로개척", "국비", "연구활동비", "일천원", "금액 오류"],
        ["2020-07-05", "김해", "판로개척", "민간", "연구활동비", "1,000", "재원 오류"],
        ["2020-07-06", "김해", "의생명 창업보육", "지방비", "인건비", "1,000", "지방비 없음"],
    ]
    ledger = write_csv(tmp_path / "bad.csv", bad)
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
    assert "did you mean '판로개척'? or map the ledger's name to a line (--lines FILE" in (
        result.stderr
    )
    assert "did you mean gimhae?" in result.stderr
    assert "20,000,000원 over" in result.stderr  # 520,000,000 spent of 500,000,000
    assert "7 errors" in result.stderr


def test_a_likely_duplicate_is_a_warning(tmp_path: Path) -> None:
    """A row entered twice is a warning naming the first row; --strict fails on it."""
    rows = example_rows()
    ledger = write_csv(tmp_path / "dup.csv", [*rows, rows[-1]])
    result = run("execution", ledger, "--budget", REGION)
    assert result.exit_code == 0
    assert f"dup.csv:{len(rows) + 1}: warning[ledger-duplicate]" in result.stderr
    assert f"as row {len(rows)}" in result.stderr
    assert run("execution", ledger, "--budget", REGION, "--strict").exit_code == 1


def test_many_rows_of_one_mistake_are_summed_up(tmp_path: Path) -> None:
    """Thirty rows of one mistake show twenty diagnostics and one line counting the rest."""
    rows = example_rows()
    typo = ["2020-07-01", "김해", "없는 사업", "국비", "인건비", "1,000", ""]
    ledger = write_csv(tmp_path / "many.csv", [*rows, *([typo] * 30)])
    result = run("execution", ledger, "--budget", REGION)
    assert result.stderr.count("error[ledger-program]") == 21
    assert "… and 10 more rows like the ones above (30 in all)" in result.stderr


def test_the_ledger_is_never_modified(tmp_path: Path) -> None:
    """Writing a report leaves the ledger's bytes and modification time as they were."""
    ledger = write_csv(tmp_path / "l.csv", example_rows())
    before = (ledger.read_bytes(), ledger.stat().st_mtime_ns)
    assert run("execution", ledger, "--budget", REGION, "-o", tmp_path / "r.xlsx").exit_code == 0
    assert (ledger.read_bytes(), ledger.stat().st_mtime_ns) == before


def test_pace_below_the_policy_curve_warns(tmp_path: Path) -> None:
    """Spending below the policy's pace warns once the curve's month is due; a row after
    --as-of is an error in the file's terms, its hint naming the option."""
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
    """CSV, XLSX, HTML and JSON reports are written, and the 비목 view shows on the terminal."""
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


def test_a_big_ledger_reports_progress(tmp_path: Path) -> None:
    """The progress callback sees the bytes read grow, up to the file's size."""
    from gangso_cli.plan.evaluate import evaluate
    from gangso_cli.spending.execution import execute
    from gangso_cli.spending.ledger import open_ledger

    rows = example_rows()
    ledger = write_csv(tmp_path / "big.csv", [rows[0], *(rows[1:] * 4200)])  # ~70,000 rows
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


def test_the_report_date_and_the_changes_it_applies_agree() -> None:
    """A report is never dated before a move it applies: without --as-of it stands at the
    ledgers' last row (2020-06-30) and the move of 2020-07-15 is not applied (stderr says
    so); --as-of a later day applies it and dates the report so."""
    changes = Path(LEDGER).with_name("changes-gimhae-2020.yaml")
    result = run("execution", LEDGER, "--budget", REGION, "--changes", changes, "--view", "lines")
    assert result.exit_code == 0, result.output
    assert "(2020-06-30 기준)" in result.stdout
    assert "changes dated after 2020-06-30, the report's date, are not applied" in result.stderr
    early = execution_json(LEDGER, "--changes", str(changes))
    assert early["as_of"] == "2020-06-30"
    unmoved = next(r for r in early["rows"] if r["program"] == "의생명 창업보육")
    assert unmoved["change_won"] == 0
    document = execution_json(LEDGER, "--changes", str(changes), "--as-of", "2020-07-15")
    assert document["as_of"] == "2020-07-15"
    moved = next(r for r in document["rows"] if r["program"] == "의생명 창업보육")
    assert moved["change_won"] == -50_000_000


def test_the_summary_counts_in_the_right_number(tmp_path: Path) -> None:
    """One refused row and one warning are said as `1 error, 1 warning`, not `1 errors`."""
    rows = example_rows()
    typo = ["2020-07-02", "김해", "판로계척", "국비", "연구활동비", "1,000", "오타"]
    bad = [*rows, rows[-1], typo]  # a duplicate (a warning) and a typo (an error)
    result = run("execution", write_csv(tmp_path / "one.csv", bad), "--budget", REGION)
    assert result.exit_code == 1
    assert "19 ledger rows read: 1 error, 1 warning;" in result.stderr, result.stderr


def test_an_empty_amount_is_said_to_be_empty(tmp_path: Path) -> None:
    """A row with no amount is refused as empty, at its cell, not as the text ''."""
    rows = example_rows()
    bad = [*rows, ["2020-07-02", "김해", "판로개척", "국비", "연구활동비", "", "금액 빠짐"]]
    result = run("execution", write_csv(tmp_path / "empty.csv", bad), "--budget", REGION)
    assert result.exit_code == 1
    where = f"empty.csv:{len(rows) + 1}:6"
    assert f"{where}: error[ledger-amount] 집행금액 is empty;" in result.stderr, result.stderr
    assert "''" not in result.stderr


def test_with_no_budget_the_note_names_the_option_execution_has() -> None:
    """With no --budget the note says --budget picks another (execution has no --year),
    for close too."""
    for command in ("execution", "close"):
        result = run(command, LEDGER, columns=80)
        assert result.exit_code == 1
        assert "the latest bundled year; --budget to choose)" in result.stderr, result.stderr
        assert "--year" not in result.stderr


def test_an_excel_day_number_in_a_csv_is_named(tmp_path: Path) -> None:
    """A date saved from Excel's General format (43906 for 2020-03-16) is refused saying
    what it likely is and how to save it; other text names the form to write."""
    rows = example_rows()
    serial = [*rows, ["43906", "김해", "판로개척", "국비", "연구활동비", "1,000", "일련번호"]]
    result = run("execution", write_csv(tmp_path / "serial.csv", serial), "--budget", REGION)
    assert result.exit_code == 1
    where = f"serial.csv:{len(rows) + 1}:1: error[ledger-date]"
    assert f"{where} 집행일자 '43906' is not a date (Excel's day number of a date?)" in (
        result.stderr
    ), result.stderr
    words = [*rows, ["삼월", "김해", "판로개척", "국비", "연구활동비", "1,000", "글"]]
    result = run("execution", write_csv(tmp_path / "words.csv", words), "--budget", REGION)
    assert "'삼월' is not a date; write it as YYYY-MM-DD (e.g. 2020-07-15)" in result.stderr
