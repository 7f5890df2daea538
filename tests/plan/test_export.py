"""`gangso export` end to end: each format read back, totals to the won, safe writing."""

from __future__ import annotations

import csv
import io
import json
from html.parser import HTMLParser
from pathlib import Path

import openpyxl
import pytest

from gangso_cli.core.bundled import bundled_data
from gangso_cli.core.table import Column, ViewTable
from gangso_cli.plan.evaluate import evaluate
from gangso_cli.plan.views import VIEWS, build_view
from gangso_cli.render.csv_writer import neutralise, view_csv
from gangso_cli.render.files import write_atomically
from tests.conftest import BUDGET, WriteYaml, run

NATIONAL, LOCAL = 36_000_000_000, 7_200_000_000
ZONE_IDS = ("gimhae", "jinju", "pohang", "changwon", "ansan", "cheongju")


def _read_csv(path: Path, encoding: str = "utf-8-sig") -> list[list[str]]:
    return list(csv.reader(io.StringIO(path.read_text(encoding=encoding), newline="")))


@pytest.mark.parametrize("view", VIEWS)
def test_every_view_adds_up_to_the_budget(view: str) -> None:
    """Each view's won add up to the national and local totals, to the won."""
    result = evaluate(bundled_data("budget_2020.yaml"))
    assert result.allocation is not None
    assert result.budget.model is not None
    table = build_view(view, result.budget.model, result.allocation, {})
    keys = [c.key for c in table.columns]
    if view == "lines":
        fund = keys.index("fund")
        national = sum(
            int(r[keys.index("amount_won")] or 0) for r in table.rows if r[fund] == "국비"
        )
        local = sum(
            int(r[keys.index("amount_won")] or 0) for r in table.rows if r[fund] == "지방비"
        )
        assert (national, local) == (NATIONAL, LOCAL)
    elif view == "zones":
        assert table.column_total("national") == NATIONAL
        assert table.column_total("local") == LOCAL
        assert table.total is not None
        assert table.total[keys.index("total")] == NATIONAL + LOCAL
    else:
        both = [r for r in table.rows if r[keys.index("fund")] == "합계"]
        assert sum(int(r[keys.index("total")] or 0) for r in both) == NATIONAL + LOCAL
        assert table.total is not None
        stage_sum = sum(
            int(table.total[keys.index(s)] or 0) for s in ("discovery", "transfer", "growth")
        )
        assert stage_sum == table.total[keys.index("total")] == NATIONAL + LOCAL


def test_csv_lines_export_opens_in_excel(tmp_path: Path) -> None:
    """CSV: UTF-8 with BOM, Korean headers, integer won that add up."""
    target = tmp_path / "lines.csv"
    result = run("export", "--year", "2020", "-o", target)
    assert result.exit_code == 0, result.output
    raw = target.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = _read_csv(target)
    assert rows[0][:3] == ["연도", "특구 id", "특구"]
    amount = rows[0].index("금액 (원)")
    assert sum(int(r[amount]) for r in rows[1:]) == NATIONAL + LOCAL
    assert {r[1] for r in rows[1:]} == set(ZONE_IDS)
    assert any(r[2] == "김해 강소특구" and r[6] == "판로개척" for r in rows[1:])


def test_csv_cp949_for_older_consumers(tmp_path: Path) -> None:
    """--encoding cp949 writes what Korean Windows tools expect, without a BOM."""
    target = tmp_path / "zones.csv"
    result = run("export", "--year", "2020", "-o", target, "--view", "zones", "--encoding", "cp949")
    assert result.exit_code == 0, result.output
    assert not target.read_bytes().startswith(b"\xef\xbb\xbf")
    rows = _read_csv(target, "cp949")
    assert rows[-1][1] == "합계"
    assert rows[-1][3] == str(NATIONAL)


def test_csv_to_stdout() -> None:
    """-o - with --format csv writes the table to stdout."""
    result = run("export", "--year", "2020", "-o", "-", "--format", "csv", "--view", "stages")
    assert result.exit_code == 0
    assert "기술이전·창업" in result.stdout
    assert str(NATIONAL + LOCAL) in result.stdout


def test_csv_injection_is_neutralised_and_numbers_stay_numbers() -> None:
    """Text starting with = + - @ tab or CR is quoted; negative integers stay numbers."""
    table = ViewTable("t", "t", [Column("name", "이름"), Column("won", "원", "won")])
    for text in ("=1+1", "+A1", "-2+3", "@SUM(A1)", "\t=x", "\r=x", "보통"):
        table.rows.append([text, -5])
    rows = list(csv.reader(io.StringIO(view_csv(table).decode("utf-8-sig"), newline="")))
    names = [r[0] for r in rows[1:]]
    assert names == ["'=1+1", "'+A1", "'-2+3", "'@SUM(A1)", "'\t=x", "'\r=x", "보통"]
    assert all(r[1] == "-5" for r in rows[1:])
    assert neutralise("60억") == "60억"


def test_program_names_are_neutralised_through_the_cli(
    write_yaml: WriteYaml, registry_file: Path, tmp_path: Path
) -> None:
    """A program named like a formula arrives in the CSV as text."""
    budget = write_yaml(BUDGET.replace("program: 판로개척", "program: '=HYPERLINK(\"x\")'"))
    target = tmp_path / "x.csv"
    result = run("export", budget, "--zones", registry_file, "-o", target)
    assert result.exit_code == 0, result.output
    assert any(r[6] == '\'=HYPERLINK("x")' for r in _read_csv(target))


def test_xlsx_has_every_view_with_exact_won(tmp_path: Path) -> None:
    """XLSX: a sheet per view plus checks; won as numbers with a unit format; frozen header."""
    target = tmp_path / "report.xlsx"
    result = run("export", "--year", "2020", "-o", target, "--unit", "백만원")
    assert result.exit_code == 0, result.output
    book = openpyxl.load_workbook(target)
    assert book.sheetnames == ["lines", "zones", "stages", "checks"]
    zones = book["zones"]
    assert zones["A1"].value.startswith("2020년 특구별 배정액")
    assert "단위: 백만원" in zones["A2"].value
    assert zones.freeze_panes == "A5"
    header = [c.value for c in zones[4]]
    assert header[:4] == ["특구 id", "특구", "광역", "국비 (백만원)"]
    national = [row[3] for row in zones.iter_rows(min_row=5, values_only=True)]
    assert national[:-1] == [6_000_000_000] * 6
    assert national[-1] == NATIONAL  # the total row
    assert zones["D5"].number_format == "#,##0,,"
    assert zones.column_dimensions["B"].width >= 14  # 김해 강소특구: 7 wide chars
    lines = book["lines"]
    assert lines["I4"].value == "금액 (백만원)"  # the unit shown, not 원
    rows = list(lines.iter_rows(min_row=5, values_only=True))
    data = [r for r in rows if r[0] is not None]
    subtotals = [r for r in rows if str(r[2]).endswith("소계")]
    assert sum(r[8] for r in data) == NATIONAL + LOCAL
    assert [r[8] for r in subtotals] == [7_200_000_000] * 6  # 국비 60억 + 지방비 12억 a zone
    assert rows[-1][2] == "합계"
    assert rows[-1][8] == NATIONAL + LOCAL
    checks = list(book["checks"].iter_rows(min_row=5, values_only=True))
    assert {r[2] for r in checks} == {"통과"}


def test_xlsx_refuses_eok_unit(tmp_path: Path) -> None:
    """억원 has no Excel number format that keeps the won exact: a usage error, no file."""
    target = tmp_path / "r.xlsx"
    result = run("export", "--year", "2020", "-o", target, "--unit", "억원")
    assert result.exit_code == 2
    assert "억원" in result.stderr
    assert not target.exists()


def test_json_export_shape(tmp_path: Path) -> None:
    """JSON: documented schema, rows as objects, amounts as integers of won."""
    target = tmp_path / "zones.json"
    result = run("export", "--year", "2020", "-o", target, "--view", "zones")
    assert result.exit_code == 0
    document = json.loads(target.read_text(encoding="utf-8"))
    assert document["schema"] == "gangso-export/1"
    assert document["unit"] == "원"
    view = document["views"]["zones"]
    assert [row["zone_id"] for row in view["rows"]] == list(ZONE_IDS)
    assert all(isinstance(row["national"], int) for row in view["rows"])
    assert view["total"]["national"] == NATIONAL
    assert len(document["checks"]) == 18


class _Collect(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.text: list[str] = []
        self.ids: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self.ids += [v for k, v in attrs if k == "id" and v]

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def test_html_report_is_self_contained(tmp_path: Path) -> None:
    """HTML: parses, holds every zone, the totals and two inline SVG charts; no network."""
    target = tmp_path / "report.html"
    result = run("export", "--year", "2020", "-o", target, "--unit", "억원")
    assert result.exit_code == 0, result.output
    page = target.read_text(encoding="utf-8")
    parser = _Collect()
    parser.feed(page)
    text = "".join(parser.text)
    assert {"chart-stages", "chart-funds", "zones", "stages", "checks", "lines"} <= set(parser.ids)
    assert parser.tags.count("svg") == 2
    assert "script" not in parser.tags
    assert "http://" not in page.replace("http://www.w3.org/2000/svg", "")
    assert "https://" not in page
    for name in ("김해", "진주", "포항", "창원", "안산", "청주"):
        assert name in text
    assert "360.00" in text
    assert "72.00" in text
    assert "432.00" in text
    assert "모든 검사 통과" in text


def test_never_overwrite_without_force(tmp_path: Path) -> None:
    """An existing file is left untouched unless --force is given."""
    target = tmp_path / "out.csv"
    target.write_text("내 자료", encoding="utf-8")
    result = run("export", "--year", "2020", "-o", target)
    assert result.exit_code == 2
    assert "--force" in result.stderr
    assert target.read_text(encoding="utf-8") == "내 자료"
    assert run("export", "--year", "2020", "-o", target, "--force").exit_code == 0
    assert target.read_bytes().startswith(b"\xef\xbb\xbf")


def test_failed_write_leaves_no_partial_file(tmp_path: Path) -> None:
    """A writer that fails half-way leaves neither the target nor a temp file behind."""
    target = tmp_path / "out.xlsx"

    def explode(handle):  # type: ignore[no-untyped-def]
        handle.write(b"PK half a workbook")
        raise RuntimeError("disk full")

    with pytest.raises(RuntimeError):
        write_atomically(target, explode)
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["-o", "/nonexistent-dir/x.csv"], "cannot write"),
        (["-o", "report.txt"], "cannot tell the format"),
        (["-o", "-", "--format", "xlsx"], "binary"),
        ([], "-o FILE"),
        (["-o", "x.xlsx", "--view", "lines"], "holds every view"),
        (["-o", "x.xlsx", "--unit", "억원"], "cannot show 억원"),
        (["-o", "x.xlsx", "--unit", "만원"], "cannot show 만원"),
        (["-o", "x.csv", "--format", "html"], "says csv but --format says html"),
        (["-o", "some-folder/"], "is a folder"),
    ],
)
def test_export_usage_errors(
    args: list[str], message: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A bad -o path or option combination is a one-line error with exit 2, and nothing
    is written."""
    monkeypatch.chdir(tmp_path)
    result = run("export", *args)
    assert result.exit_code == 2
    assert message in result.stderr
    assert "Traceback" not in result.output
    assert list(tmp_path.iterdir()) == []


def test_export_of_a_failing_budget_writes_and_exits_1(
    write_yaml: WriteYaml, tmp_path: Path
) -> None:
    """Checks that fail do not stop the export (staff review it), but the exit code says so."""
    budget = write_yaml(BUDGET.replace("national: rest", "national: 50%"))
    target = tmp_path / "x.csv"
    result = run("export", budget, "-o", target)
    assert result.exit_code == 1
    assert target.exists()
    assert "zone-national-sum" in result.stderr
