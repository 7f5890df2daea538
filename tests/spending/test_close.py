"""The year-end close (결산) and carry-over, end to end through files (the budget changes
that mark lines for carry-over: tests/plan/test_changes.py)."""

from __future__ import annotations

import json
from pathlib import Path

from tests.conftest import run

LEDGER = "examples/ledger-gimhae-2020.csv"
REGION = "examples/region-gimhae-2020.yaml"
CHANGES = "examples/changes-gimhae-2020.yaml"


def _line(document: dict, program: str, fund: str = "국비") -> dict:  # type: ignore[type-arg]
    return next(r for r in document["rows"] if r["program"] == program and r["fund"] == fund)


def test_close_carries_only_marked_lines_and_returns_the_rest(tmp_path: Path) -> None:
    """Only a line marked for carry-over carries its balance; the rest is 불용, its 국비
    part 반납."""
    carry = tmp_path / "carry-2021.yaml"
    result = run("close", LEDGER, "--budget", REGION, "--changes", CHANGES, "-o", carry)
    assert result.exit_code == 0, result.output
    report = run("close", LEDGER, "--budget", REGION, "--changes", CHANGES, "-f", "json")
    document = json.loads(report.stdout)
    assert document["schema"] == "gangso-close/1"
    rows = {(r["program"], r["fund"]): r for r in document["rows"]}
    market = rows[("판로개척", "국비")]
    assert (market["carry_kind"], market["carried_won"], market["unspent_won"]) == (
        "사고이월",
        market["balance_won"],
        0,
    )
    startup = rows[("의생명 창업보육", "국비")]
    assert startup["returned_won"] == startup["unspent_won"] == startup["balance_won"] > 0
    assert rows[("판로개척", "지방비")]["returned_won"] == 0  # 지방비 is not 반납
    total = document["total"]
    assert total["balance_won"] == total["carried_won"] + total["unspent_won"]
    # the carry-over file is a region file validate accepts, for 2021
    text = carry.read_text(encoding="utf-8")
    assert "year: 2021" in text
    assert f"national: {market['carried_won']}" in text
    assert run("validate", carry).exit_code == 0
    # never overwritten without --force
    again = run("close", LEDGER, "--budget", REGION, "--changes", CHANGES, "-o", carry)
    assert again.exit_code == 2
    assert carry.read_text(encoding="utf-8") == text


def test_carried_money_comes_back_as_this_years_carry_in_and_is_not_carried_twice(
    tmp_path: Path,
) -> None:
    """Carried money comes back as next year's 이월 and is never carried by 사고이월 twice."""
    carry = tmp_path / "carry-2021.yaml"
    assert (
        run("close", LEDGER, "--budget", REGION, "--changes", CHANGES, "-o", carry).exit_code == 0
    )
    carried = int(
        next(line for line in carry.read_text(encoding="utf-8").splitlines()
             if line.startswith("    national:")).split()[1]
    )  # fmt: skip
    # next year: the same lines, a ledger of 2021, last year's carry-over
    region = tmp_path / "region-2021.yaml"
    region.write_text(
        Path(REGION).read_text(encoding="utf-8").replace("year: 2020", "year: 2021"),
        encoding="utf-8",
    )
    ledger = tmp_path / "ledger-2021.csv"
    ledger.write_text("집행일자,특구,세부사업,재원,집행금액\n2021-03-02,김해,판로개척,국비,1000000\n",
                      encoding="utf-8")  # fmt: skip
    result = run("execution", ledger, "--budget", region, "--carry", carry, "-f", "json")
    assert result.exit_code == 0, result.output
    market = _line(json.loads(result.stdout), "판로개척")
    assert market["carry_won"] == carried
    assert market["budget_won"] == market["original_won"] + carried
    # 사고이월 money may not be carried by 사고이월 again
    marks = tmp_path / "changes-2021.yaml"
    marks.write_text(
        Path(CHANGES).read_text(encoding="utf-8").replace("2020", "2021"), encoding="utf-8"
    )
    again = run("close", ledger, "--budget", region, "--carry", carry, "--changes", marks,
                "-o", tmp_path / "carry-2022.yaml")  # fmt: skip
    assert again.exit_code == 1
    assert "error[carry-twice]" in again.stderr
    assert "not written:" in again.stderr
    assert not (tmp_path / "carry-2022.yaml").exists()


def test_a_carry_file_whose_line_is_gone_is_an_error(tmp_path: Path) -> None:
    """A carried line missing from next year's budget is a carry-line error."""
    carry = tmp_path / "carry.yaml"
    assert (
        run("close", LEDGER, "--budget", REGION, "--changes", CHANGES, "-o", carry).exit_code == 0
    )
    region = tmp_path / "region-2021.yaml"
    region.write_text(
        Path(REGION).read_text(encoding="utf-8").replace("year: 2020", "year: 2021")
        .replace("program: 판로개척", "program: 해외 판로개척"),
        encoding="utf-8",
    )  # fmt: skip
    ledger = tmp_path / "l.csv"
    ledger.write_text("집행일자,특구,세부사업,재원,집행금액\n", encoding="utf-8")
    result = run("execution", ledger, "--budget", region, "--carry", carry)
    assert result.exit_code == 1
    assert "error[carry-line] '판로개척' (growth) is not a line of gimhae" in result.stderr


def test_a_close_on_half_a_year_says_so(tmp_path: Path) -> None:
    """Ledgers that stop before December would close the rest of the year as 불용 and 반납:
    a warning says so (exit 0, 1 with --strict); a ledger through December has none."""
    half = run("close", LEDGER, "--budget", REGION, "--changes", CHANGES, "-f", "json")
    assert half.exit_code == 0, half.output
    warned = [d for d in json.loads(half.stdout)["diagnostics"] if d["check"] == "close-incomplete"]
    assert len(warned) == 1
    assert "2020-06-30" in warned[0]["message"]
    assert warned[0]["severity"] == "warning"
    strict = run("close", LEDGER, "--budget", REGION, "--changes", CHANGES, "--strict")
    assert strict.exit_code == 1
    assert "close-incomplete" in strict.stderr
    # the same ledger with one more row in December: the year is whole
    lines = (Path(__file__).parents[2] / LEDGER).read_text(encoding="utf-8").splitlines()
    december = lines[-1].replace("2020-06-30", "2020-12-28").replace("-06-", "-12-")
    whole = tmp_path / "ledger-2020.csv"
    whole.write_text("\n".join([*lines, december]) + "\n", encoding="utf-8")
    closed = run("close", whole, "--budget", REGION, "--changes", CHANGES, "--strict")
    assert "close-incomplete" not in closed.stderr, closed.stderr
