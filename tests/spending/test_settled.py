"""What the README once left open, settled: which changes a report applies (--as-of),
a refund that takes a line below zero, the close of an overspent line, and a change with
no reason."""

from __future__ import annotations

import json
from pathlib import Path

from tests.conftest import run
from tests.spending.helpers import CHANGES, REGION, rows, write_csv

MEDICAL = "의료기기 기술이전·사업화"


def _with(tmp_path: Path, *extra: list[str]) -> Path:
    """The worked example's ledger with rows added at its end (dated 2020-06-30 or before,
    so the ledgers' last date stays 2020-06-30)."""
    return write_csv(tmp_path / "ledger.csv", [*rows(), *extra])


def _json(*args: str | Path, code: int) -> dict:  # type: ignore[type-arg]
    result = run(*args, "-f", "json")
    assert result.exit_code == code, result.output
    return json.loads(result.stdout)  # type: ignore[no-any-return]


def test_without_as_of_a_later_change_does_not_apply(tmp_path: Path) -> None:
    """With no --as-of the report is as of the ledgers' last row (2020-06-30): the move of
    2020-07-15 is not applied, stderr says so, and --as-of a later day applies it."""
    rows_file = _with(tmp_path)
    plain = run("execution", rows_file, "--budget", REGION, "--changes", CHANGES)
    assert plain.exit_code == 0
    assert "note: 3 changes dated after 2020-06-30, the report's date, are not applied" in (
        plain.stderr
    )
    document = _json("execution", rows_file, "--budget", REGION, "--changes", CHANGES, code=0)
    assert document["as_of"] == "2020-06-30"
    assert {r["change_won"] for r in document["rows"]} == {0}
    assert document["changes"] == []
    later = _json(
        "execution", rows_file, "--budget", REGION, "--changes", CHANGES, "--as-of", "2020-07-31",
        code=0,
    )  # fmt: skip
    moved = next(r for r in later["rows"] if r["program"] == MEDICAL and r["fund"] == "국비")
    assert (moved["change_won"], moved["budget_won"]) == (50_000_000, 1_150_000_000)
    assert [c["date"] for c in later["changes"]] == ["2020-07-15"]


def test_a_line_is_over_against_the_budget_of_the_report_date(tmp_path: Path) -> None:
    """1,121,000,000원 spent on a line of 1,100,000,000원 (1,150,000,000원 after the move
    of 2020-07-15): over as of 2020-06-30, at the row that took it over; not as of July."""
    ledger = _with(
        tmp_path, ["2020-06-30", "김해", MEDICAL, "국비", "연구재료비", "940,000,000", ""]
    )
    june = run("execution", ledger, "--budget", REGION, "--changes", CHANGES)
    assert june.exit_code == 1
    assert f"{ledger}:19: error[line-overspent]" in june.stderr
    assert "21,000,000원 over" in june.stderr
    july = run(
        "execution", ledger, "--budget", REGION, "--changes", CHANGES, "--as-of", "2020-07-31"
    )
    assert july.exit_code == 0, july.stderr
    assert "line-overspent" not in july.stderr


def test_a_refund_below_zero_warns_at_its_row(tmp_path: Path) -> None:
    """A refund larger than what the line had spent: a line-negative warning at the row
    that took 집행액 below zero; spending is still counted as written."""
    refund = ["2020-06-30", "김해", "판로개척", "국비", "연구활동비", "-200,000,000", "반납"]
    ledger = _with(tmp_path, refund)
    result = run("execution", ledger, "--budget", REGION)
    assert result.exit_code == 0
    assert f"{ledger}:19: warning[line-negative] gimhae 판로개척 (국비)" in result.stderr
    assert "to -62,000,000원" in result.stderr
    assert run("execution", ledger, "--budget", REGION, "--strict").exit_code == 1
    document = _json("execution", ledger, "--budget", REGION, code=0)
    line = next(r for r in document["rows"] if r["program"] == "판로개척" and r["fund"] == "국비")
    assert line["spent_won"] == -62_000_000


def test_the_close_of_an_overspent_line_shows_the_overspend(tmp_path: Path) -> None:
    """A line spent past 예산현액 closes with 초과집행 (overspent_won), so that on every row
    and the total 잔액 = 이월 + 불용 − 초과집행."""
    ledger = _with(
        tmp_path, ["2020-06-30", "김해", MEDICAL, "국비", "연구재료비", "990,000,000", ""]
    )
    document = _json("close", ledger, "--budget", REGION, "--changes", CHANGES, code=1)
    for row in [*document["rows"], document["total"]]:
        assert row["balance_won"] == row["carried_won"] + row["unspent_won"] - row["overspent_won"]
    over = next(r for r in document["rows"] if r["program"] == MEDICAL and r["fund"] == "국비")
    assert (over["balance_won"], over["overspent_won"]) == (-21_000_000, 21_000_000)
    assert document["total"]["overspent_won"] == 21_000_000
    text = run("close", ledger, "--budget", REGION, "--changes", CHANGES, "-u", "원")
    assert "초과집행액" in text.stdout


def test_a_change_needs_its_reason(tmp_path: Path) -> None:
    """A change with no reason (or a blank one) is an error at its place, in validate and
    in execution alike."""
    text = Path(CHANGES).read_text(encoding="utf-8")
    text = text.replace("    reason: 창업보육 입주기업 감소, 기술이전 수요 증가\n", "")
    changes = tmp_path / "changes.yaml"
    changes.write_text(text, encoding="utf-8")
    checked = run("validate", changes, "--budget", REGION)
    assert checked.exit_code == 1
    assert f"{changes}:14:5: error[missing-key] changes[0].reason is missing" in checked.stdout
    spent = run("execution", _with(tmp_path), "--budget", REGION, "--changes", changes)
    assert spent.exit_code == 1
    assert f"{changes}:14:5: error[missing-key] changes[0].reason is missing" in spent.stderr
