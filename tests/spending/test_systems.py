"""Ledgers as e나라도움, 보탬e, RCMS and 이지바로 download them, read with no hand edit and
no --column, to the won: the table found below its title rows, columns by role, funds as
the systems write them (and as columns), the zone from the budget, 합계 rows checked."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import run
from tests.spending import systems
from tests.spending.helpers import LEDGER, REGION, execution_json, spent, write_csv
from tests.spending.helpers import rows as example_rows

WRITERS = {
    "csv": lambda d, p: systems.write_csv(d, p.with_suffix(".csv")),
    "xlsx": lambda d, p: systems.write_xlsx(d, p.with_suffix(".xlsx")),
    "xls": lambda d, p: systems.write_xls(d, p.with_suffix(".xls")),
    "ods": lambda d, p: systems.write_ods(d, p.with_suffix(".ods")),
}


@pytest.mark.parametrize("fmt", list(WRITERS))
@pytest.mark.parametrize("system", list(systems.SYSTEMS))
def test_each_systems_download_reads_to_the_won(tmp_path: Path, system: str, fmt: str) -> None:
    """Each system's download (CP949 CSV; .xlsx and .xls with merged titles and, where the
    system has one, a two-row merged header) gives the worked example's figures to the
    won, with no --column, no error and no warning."""
    download = systems.SYSTEMS[system](two_row=fmt != "csv")
    ledger = WRITERS[fmt](download, tmp_path / system)
    result = run("execution", ledger, "--budget", REGION, "--format", "json")
    assert result.exit_code == 0, result.stderr
    assert "0 errors, 0 warnings" in result.stderr
    import json

    assert spent(json.loads(result.stdout)) == spent(execution_json(LEDGER))
    assert "note: the header is row" in result.stderr
    assert "no 특구 column: every row is gimhae's (the budget's only zone)" in result.stderr


def test_a_two_row_header_and_the_rows_above_are_named(tmp_path: Path) -> None:
    """The note says which rows were the header and what stood above them."""
    ledger = systems.write_xlsx(systems.enaradoum(two_row=True), tmp_path / "e.xlsx")
    result = run("execution", ledger, "--budget", REGION)
    assert result.exit_code == 0, result.stderr
    assert "e.xlsx:집행내역:6: note: the header is rows 5-6 (above it: 집행내역 조회;" in (
        result.stderr
    )


def test_own_funds_are_their_own_total_never_an_error(tmp_path: Path) -> None:
    """자부담 rows are read apart: never in 국비 or 지방비, never an error, and said."""
    ledger = systems.write_csv(systems.enaradoum(), tmp_path / "e.csv")
    document = execution_json(ledger)
    assert sum(r["spent_won"] for r in document["rows"]) == 1_062_000_000
    result = run("execution", ledger, "--budget", REGION)
    assert "note: 자부담 (own funds) 5,000,000원 in 1 entry: read apart" in result.stderr


def test_a_total_that_disagrees_is_a_warning_naming_both_figures(tmp_path: Path) -> None:
    """A 합계 row whose figure is not what the rows above add up to is a ledger-total
    warning at its row, naming both figures; a 합계 that agrees says nothing."""
    download = systems.rcms()
    download.grid[-1][8] = "1,061,000,000"
    ledger = systems.write_csv(download, tmp_path / "r.csv")
    result = run("execution", ledger, "--budget", REGION)
    assert result.exit_code == 0, result.stderr
    last = len(download.grid)
    assert (
        f"r.csv:{last}:9: warning[ledger-total] the 합계 row says 1,061,000,000원; the rows "
        "counted above it add up to 1,062,000,000원 (-1,000,000원)"
    ) in result.stderr


def test_summary_rows_of_a_plain_ledger_are_left_out(tmp_path: Path) -> None:
    """소계 and 합계 rows (the label in the date column or another) are no spending and no
    date error; each is checked against the rows it sums."""
    table = example_rows()
    header, body = table[0], table[1:]
    first = sum(int(r[5].replace(",", "")) for r in body[:5])
    whole = sum(int(r[5].replace(",", "")) for r in body)
    rows = [
        header, *body[:5], ["소계", "", "", "", "", f"{first:,}", ""], *body[5:],
        ["", "", "", "", "총계", f"{whole:,}", ""],
    ]  # fmt: skip
    ledger = write_csv(tmp_path / "s.csv", rows)
    result = run("execution", ledger, "--budget", REGION, "--format", "json")
    assert result.exit_code == 0, result.stderr
    assert "17 ledger rows read: 0 errors, 0 warnings" in result.stderr


def test_the_amount_identity_is_checked_where_all_parts_are_given(tmp_path: Path) -> None:
    """공급가액 + 부가세 − 집행취소 ≠ 집행금액 is a warning at the row; 집행금액 counts."""
    download = systems.enaradoum()
    row = download.grid[5]
    row[10] = int(row[10]) - 1  # type: ignore[call-overload]
    ledger = systems.write_csv(download, tmp_path / "e.csv")
    result = run("execution", ledger, "--budget", REGION)
    assert result.exit_code == 0, result.stderr
    assert "e.csv:6:14: warning[ledger-amount-identity] 집행금액 120,000,000원 is not" in (
        result.stderr
    )
    assert spent(execution_json(ledger)) == spent(execution_json(LEDGER))


def test_columns_are_roles_and_a_named_column_frees_its_role(tmp_path: Path) -> None:
    """비목 + 세목 and 사업명 + 세부사업명 do not clash; '세목=-' ignores a column, and
    naming a column for a role takes the role from the column that had it."""
    header = [
        "집행일자",
        "특구",
        "사업명",
        "세부사업명",
        "재원",
        "비목",
        "세목",
        "집행금액",
        "적요",
        "비고",
    ]
    rows = [header] + [
        [r[0], r[1], "육성사업", r[2], r[3], r[4], "세목", r[5], r[6], "x"]
        for r in example_rows()[1:]
    ]
    ledger = write_csv(tmp_path / "roles.csv", rows)
    reference = spent(execution_json(LEDGER))
    assert spent(execution_json(ledger)) == reference
    assert spent(execution_json(ledger, "--column", "세목=-")) == reference
    # 비고 named as memo frees 적요's role: no "two columns hold memo"
    assert spent(execution_json(ledger, "--column", "비고=memo")) == reference
    both = run("execution", ledger, "--budget", REGION, "--view", "categories")
    assert "연구시설·장비비" in both.stdout


def test_two_columns_of_one_name_are_a_located_header_problem(tmp_path: Path) -> None:
    """Two 집행금액 columns cannot be told apart: a ledger-header error at the second."""
    table = example_rows()
    rows = [[*r, r[5]] for r in table]
    result = run("execution", write_csv(tmp_path / "d.csv", rows), "--budget", REGION)
    assert result.exit_code == 1
    assert "d.csv:1:8: error[ledger-header] two columns hold amount: '집행금액' and '집행금액'" in (
        result.stderr
    )


def test_the_zone_comes_from_zone_or_is_an_error_where_ambiguous(tmp_path: Path) -> None:
    """With no 특구 column and a national budget, --zone names the zone; without it the
    ledger-header error's hint says so."""
    ledger = systems.write_csv(systems.ezbaro(), tmp_path / "z.csv")
    refused = run("execution", ledger, "--budget", "2020")
    assert refused.exit_code == 1
    assert "error[ledger-header] no column for zone (특구)" in refused.stderr
    assert "hint: add a 특구 column, or name the ledger's zone (--zone ZONE)" in refused.stderr
    taken = run("execution", ledger, "--budget", "2020", "--zone", "김해", "--format", "json")
    assert taken.exit_code == 0, taken.stderr
    assert "every row is gimhae's (the zone given)" in taken.stderr


def test_funds_as_the_systems_write_them() -> None:
    """국고보조금, 국고 → 국비; 지자체부담금, 시·도비, 군비 → 지방비; 자부담, 민간부담 → own."""
    from gangso_cli.spending.funds import parse_fund

    assert {parse_fund(t) for t in ("국고보조금", "국고", "국비")} == {"national"}
    assert {parse_fund(t) for t in ("지자체부담금", "시·도비", "군비", "구비")} == {"local"}
    assert {parse_fund(t) for t in ("자부담", "자기부담", "민간부담")} == {"own"}


def test_a_lines_map_covers_other_names_and_its_mistakes_are_located(
    tmp_path: Path,
) -> None:
    """Spacing and middle dots are ignored without a map; a lines map covers other names,
    and a map naming no budget line is an error at its line with the nearest line."""
    table = example_rows()
    renamed = {"백병원 연계 임상수요 기술발굴": "임상수요 발굴", "판로개척": "판 로 개 척"}
    rows = [table[0]] + [[*r[:2], renamed.get(r[2], r[2]), *r[3:]] for r in table[1:]]
    ledger = write_csv(tmp_path / "n.csv", rows)
    lines = tmp_path / "lines.yaml"
    lines.write_text("임상수요 발굴: 백병원 연계 임상수요 기술발굴\n", encoding="utf-8")
    assert spent(execution_json(ledger, "--lines", lines)) == spent(execution_json(LEDGER))
    lines.write_text(
        "임상수요 발굴: 백병원 연계 임상수요 기술발굴\n판로: 판로개텩\n", encoding="utf-8"
    )
    result = run("execution", ledger, "--budget", REGION, "--lines", lines)
    assert result.exit_code == 1
    assert "lines.yaml:2:" in result.stderr
    assert "error[lines-map] 판로: '판로개텩' is not a line of the budget" in result.stderr
    assert "did you mean '판로개척'?" in result.stderr


@pytest.mark.parametrize("system", list(systems.EXAMPLES))
def test_the_examples_read_to_the_won_with_no_column(system: str) -> None:
    """examples/ has one ledger per system; each gives the worked example's figures to
    the won, with no --column, no error and no warning."""
    import json

    path = systems.EXAMPLES[system][0]
    result = run("execution", path, "--budget", REGION, "--format", "json")
    assert result.exit_code == 0, result.stderr
    assert "0 errors, 0 warnings" in result.stderr
    assert spent(json.loads(result.stdout)) == spent(execution_json(LEDGER))


def test_the_categories_view_shows_each_세목_under_its_비목(tmp_path: Path) -> None:
    """With 비목 and 세목 both in the ledger, the categories view has a row per 세목 under
    its 비목, adding up to the same total; without 세목 it keeps its columns."""
    import csv
    import io

    ledger = systems.write_csv(systems.enaradoum(), tmp_path / "e.csv")
    result = run("execution", ledger, "--budget", REGION, "--view", "categories", "-f", "csv")
    assert result.exit_code == 0, result.stderr
    rows = list(csv.DictReader(io.StringIO(result.stdout.lstrip("\ufeff"))))
    assert ("연구시설·장비비", "장비구입비") in {(r["비목"], r["세목"]) for r in rows}
    body = [r for r in rows if r["특구"] != "합계"]
    total = next(r for r in rows if r["특구"] == "합계")
    assert sum(int(r["집행액"]) for r in body) == int(total["집행액"]) == 1_062_000_000
    plain = run("execution", LEDGER, "--budget", REGION, "--view", "categories", "-f", "csv")
    assert "세목" not in plain.stdout.splitlines()[0]


def test_a_ledger_without_세목_beside_one_with_it_keeps_its_money(tmp_path: Path) -> None:
    """A 비목 spent in a ledger with 세목 and in one without: the part no 세목 names is a
    "(세목 없음)" row, so the view's rows add up to its 합계 (it showed 1,000,000 of 1,500,000)."""
    import csv
    import io

    head = ["집행일자", "특구", "세부사업", "재원", "비목"]
    with_sub = write_csv(
        tmp_path / "c1.csv",
        [
            [*head, "세목", "집행금액"],
            ["2020-03-16", "김해", "판로개척", "국비", "연구활동비", "회의비", "1,000,000"],
        ],
    )
    without = write_csv(
        tmp_path / "c2.csv",
        [[*head, "집행금액"], ["2020-03-17", "김해", "판로개척", "국비", "연구활동비", "500,000"]],
    )
    result = run(
        "execution", with_sub, without, "--budget", REGION, "--view", "categories", "-f", "csv"
    )
    assert result.exit_code == 0, result.stderr
    rows = list(csv.DictReader(io.StringIO(result.stdout.lstrip("\ufeff"))))
    body = {(r["비목"], r["세목"]): int(r["집행액"]) for r in rows if r["특구"] != "합계"}
    total = next(int(r["집행액"]) for r in rows if r["특구"] == "합계")
    assert body == {("연구활동비", "회의비"): 1_000_000, ("연구활동비", "(세목 없음)"): 500_000}
    assert sum(body.values()) == total == 1_500_000


def test_a_total_above_the_rows_is_checked_when_the_ledger_ends(tmp_path: Path) -> None:
    """A 합계 row right under the header (some downloads put it first) is checked against
    every row below it: silent when it agrees, a ledger-total warning when it does not."""
    download = systems.rcms()
    total = download.grid.pop()
    download.grid.insert(4, total)
    agrees = run("execution", systems.write_csv(download, tmp_path / "a.csv"), "--budget", REGION)
    assert agrees.exit_code == 0, agrees.stderr
    assert "0 errors, 0 warnings" in agrees.stderr
    total[8] = "1,000,000,000"
    differs = run("execution", systems.write_csv(download, tmp_path / "d.csv"), "--budget", REGION)
    assert (
        "d.csv:5:9: warning[ledger-total] the 합계 row says 1,000,000,000원; the rows counted "
        "below it add up to 1,062,000,000원 (-62,000,000원)"
    ) in differs.stderr


def test_own_funds_are_their_own_total_in_json(tmp_path: Path) -> None:
    """gangso-execution/1 says what own funds were read (an added key), apart from 국비 and
    지방비."""
    document = execution_json(systems.write_csv(systems.enaradoum(), tmp_path / "e.csv"))
    assert document["own_funds"] == {
        "entries": 1,
        "amount_won": 5_000_000,
        "zones": [{"zone_id": "gimhae", "amount_won": 5_000_000, "entries": 1}],
    }
    assert execution_json(LEDGER)["own_funds"]["amount_won"] == 0


def test_a_ledger_of_one_line_names_it_in_a_title_row(tmp_path: Path) -> None:
    """A download for one 세부사업 with no 세부사업 column (the line in a title row,
    `세부사업명 : 판로개척`) books every row to that line, and says so."""
    download = systems.botame()
    header_at = 3
    column = download.grid[header_at].index("세부사업명")
    body = [r for r in download.grid[header_at + 1 : -1] if r[column] == "판로개척"]
    grid = [["보조금 집행내역"], ["세부사업명 : 판로개척"], [], download.grid[header_at], *body]
    grid = [[c for i, c in enumerate(r) if i != column] if len(r) > column else r for r in grid]
    ledger = systems.write_csv(systems.Download(grid), tmp_path / "one.csv")
    result = run("execution", ledger, "--budget", REGION, "--format", "json")
    assert result.exit_code == 0, result.stderr
    assert "note: no 세부사업 column: every row is of '판로개척' (a title row says so)" in (
        result.stderr
    )
    import json

    figures = spent(json.loads(result.stdout))
    assert figures[("판로개척", "국비")] == 138_000_000
    assert figures[("판로개척", "지방비")] == 60_000_000
    assert sum(figures.values()) == 198_000_000


def test_botame_unrecognised_amounts_are_not_read(tmp_path: Path) -> None:
    """보탬e's 불인정금액 (the part of a spend its review did not accept) is not read: the
    집행금액 as booked counts, with no warning; what is returned comes back as a refund."""
    download = systems.botame()
    first = next(i for i, row in enumerate(download.grid) if row and row[0] == "1")
    download.grid[first][10] = "10,000,000"
    ledger = systems.write_csv(download, tmp_path / "b.csv")
    result = run("execution", ledger, "--budget", REGION, "-f", "json")
    assert result.exit_code == 0, result.stderr
    assert "0 errors, 0 warnings" in result.stderr
    import json

    assert spent(json.loads(result.stdout)) == spent(execution_json(LEDGER))


def test_a_total_whose_figure_does_not_read_is_said(tmp_path: Path) -> None:
    """A 총계 row with a figure that is no whole amount proves nothing: a ledger-total
    warning at its cell says the rows were not checked against it."""
    table = example_rows()
    rows = [*table, ["", "", "", "", "총계", "1,062,000,000.5", ""]]
    ledger = write_csv(tmp_path / "t.csv", rows)
    result = run("execution", ledger, "--budget", REGION)
    assert result.exit_code == 0, result.stderr
    assert f"t.csv:{len(rows)}:6: warning[ledger-total] the 총계 row's 집행금액" in result.stderr
    assert "the rows above were not checked against it" in result.stderr
