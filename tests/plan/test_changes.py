"""Budget changes (사업비 변경): classed (경미 or 승인 필요), resolved against the lines they
name, applied to 예산현액 when approved, and listed by kind and status."""

from __future__ import annotations

import json
from pathlib import Path

from tests.conftest import run

LEDGER = "examples/ledger-gimhae-2020.csv"
REGION = "examples/region-gimhae-2020.yaml"
CHANGES = "examples/changes-gimhae-2020.yaml"


def _execution(*extra: str | Path, code: int = 0) -> dict:  # type: ignore[type-arg]
    """The execution JSON of the worked example as of the year's end (every change dated
    within the year applies), asserting the exact exit code."""
    if "--as-of" not in extra:
        extra = ("--as-of", "2020-12-31", *extra)
    result = run("execution", LEDGER, "--budget", REGION, "--format", "json", *extra)
    assert result.exit_code == code, result.output
    return json.loads(result.stdout)  # type: ignore[no-any-return]


def _line(document: dict, program: str, fund: str = "국비") -> dict:  # type: ignore[type-arg]
    """One line's row of an execution JSON."""
    return next(r for r in document["rows"] if r["program"] == program and r["fund"] == fund)


def test_an_approved_move_changes_the_current_budget_and_nothing_is_lost() -> None:
    """An approved move takes 예산현액 from one line to another, a requested one changes
    nothing, and the total stays."""
    plain = _execution()
    changed = _execution("--changes", CHANGES)
    source = _line(changed, "의생명 창업보육")
    target = _line(changed, "의료기기 기술이전·사업화")
    assert (source["change_won"], target["change_won"]) == (-50_000_000, 50_000_000)
    assert source["budget_won"] == source["original_won"] - 50_000_000
    # the requested (not approved) move of 3억 changes nothing
    assert _line(changed, "판로개척")["change_won"] == 0
    assert changed["total"]["budget_won"] == plain["total"]["budget_won"] == 7_200_000_000
    assert not [d for d in changed["diagnostics"] if d["check"] == "change-balance"]
    kinds = [(c["kind"], c["class"], c["status"]) for c in changed["changes"]]
    assert kinds == [
        ("이동", "경미", "승인"),
        ("이동", "승인 필요", "요청"),
        ("이월 지정", "", "승인"),
    ]


def test_changes_after_as_of_are_left_out() -> None:
    """A change dated after --as-of is neither applied nor listed."""
    document = _execution("--changes", CHANGES, "--as-of", "2020-06-30")
    assert _line(document, "의생명 창업보육")["change_won"] == 0
    assert document["changes"] == []


def test_change_problems_are_located(tmp_path: Path) -> None:
    """An overdrawn move, an unknown line and a fund the line lacks are errors at their lines."""
    text = Path(CHANGES).read_text(encoding="utf-8")
    bad = (
        text.replace("amount: 5천만", "amount: 6억")  # more than the line's 5억
        .replace("to: {stage: discovery, program: 백병원", "to: {stage: discovery, program: 백병")
        .replace("status: requested", "status: approved")
    )
    bad += """  - date: 2020-09-01
    fund: local
    from: {stage: transfer, program: 의생명 창업보육}
    to: {stage: growth, program: 판로개척}
    amount: 1천만
    reason: 지방비가 없는 사업
    status: approved
"""
    path = tmp_path / "changes.yaml"
    path.write_text(bad, encoding="utf-8")
    result = run("validate", path, "--budget", REGION)
    assert result.exit_code == 1
    lines = bad.splitlines()

    def line_of(fragment: str) -> int:
        return next(n for n, text in enumerate(lines, 1) if fragment in text)

    assert f"changes.yaml:{line_of('amount: 6억')}:" in result.stdout
    assert "error[change-overdraw]" in result.stdout
    assert "error[change-line]" in result.stdout
    assert "did you mean '백병원 연계 임상수요 기술발굴'?" in result.stdout
    assert f"changes.yaml:{line_of('fund: local')}:" in result.stdout
    assert "error[change-fund]" in result.stdout
    # without a budget only the file's own shape is checked
    assert run("validate", path).exit_code == 0


def test_a_region_files_own_changes_are_checked(tmp_path: Path) -> None:
    """A region file's own changes: section is resolved against its lines."""
    region = (
        Path(REGION).read_text(encoding="utf-8")
        + """changes:
  - date: 2020-07-01
    fund: national
    from: {stage: growth, program: 판로 개척}
    to: {stage: growth, program: 병원 실증·인허가 지원}
    amount: 1억
    reason: 오타가 있는 변경
    status: approved
"""
    )
    path = tmp_path / "region.yaml"
    path.write_text(region, encoding="utf-8")
    result = run("validate", path)
    assert result.exit_code == 1
    assert "error[change-line] gimhae has no line '판로 개척'" in result.stdout


def test_diff_lists_the_changes_with_class_and_status() -> None:
    """diff lists each change with its class (경미, 승인 필요) and status, as text and JSON."""
    result = run("diff", REGION, REGION, "--changes", CHANGES)
    assert result.exit_code == 0, result.output  # the allocations are identical
    assert "사업비 변경" in result.stdout
    assert "경미" in result.stdout
    assert "승인 필요" in result.stdout
    document = json.loads(run("diff", REGION, REGION, "--changes", CHANGES, "-f", "json").stdout)
    assert [(c["class"], c["status"]) for c in document["changes"]] == [
        ("경미", "승인"),
        ("승인 필요", "요청"),
        ("", "승인"),
    ]
    assert document["changes"][0]["amount_won"] == 50_000_000


def test_a_change_just_over_the_threshold_needs_approval(tmp_path: Path) -> None:
    """20% of 의생명 창업보육's 5억 is 1억: 1억 is 경미, 1억 and 1천원 is not (though
    both round to 20.0%)."""
    text = Path(CHANGES).read_text(encoding="utf-8")
    classes = []
    for amount in ("1억", "100,001,000"):
        path = tmp_path / "c.yaml"
        path.write_text(text.replace("amount: 5천만", f"amount: {amount}"), encoding="utf-8")
        document = _execution("--changes", path)
        classes.append(document["changes"][0]["class"])
    assert classes == ["경미", "승인 필요"]


def test_a_change_file_in_the_reports_words_reads_as_its_codes(tmp_path: Path) -> None:
    """`fund: 국비` and `status: 승인`, as every report prints them, are read as
    `national` and `approved`: the same 예산현액 to the won; an unknown word is located,
    with both spellings in the hint."""
    codes = (Path(__file__).parents[2] / "examples/changes-gimhae-2020.yaml").read_text(
        encoding="utf-8"
    )
    words = (
        codes.replace("fund: national", "fund: 국비")
        .replace("status: approved", "status: 승인")
        .replace("status: requested", "status: 요청")
    )
    assert words != codes
    korean = tmp_path / "changes-ko.yaml"
    korean.write_text(words, encoding="utf-8")
    assert run("validate", korean, "--budget", REGION).exit_code == 0
    args = ("execution", LEDGER, "--budget", REGION, "-f", "json", "--as-of", "2020-12-31")
    as_codes = json.loads(run(*args, "--changes", "examples/changes-gimhae-2020.yaml").stdout)
    as_words = json.loads(run(*args, "--changes", korean).stdout)
    assert as_words["rows"] == as_codes["rows"]
    assert as_words["changes"] == as_codes["changes"]
    korean.write_text(words.replace("fund: 국비", "fund: 국고", 1), encoding="utf-8")
    wrong = run("validate", korean, "-f", "json")
    assert wrong.exit_code == 1
    (problem,) = json.loads(wrong.stdout)["files"][0]["diagnostics"]
    assert "'국고' is not allowed here" in problem["message"]
    assert "(or 국비, 지방비)" in problem["hint"]
