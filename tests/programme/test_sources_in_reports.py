"""Where a figure is read, it says where it comes from: sources as numbered notes (text,
HTML) or a column (CSV, XLSX, JSON), 예시 in the titles of partly illustrative tables,
합계 on every total row, and the evaluations listed in every format."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from openpyxl import load_workbook

from tests.conftest import run


def test_history_text_numbers_its_sources_under_the_table() -> None:
    """The 근거 cell of a reported row carries [n]; note n under the table is its source."""
    result = run("history", "--view", "years", "--zone", "울주", "--to", "2022")
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    row_2021 = next(line for line in lines if " 2021 " in line)
    assert "보도[1,2]" in row_2021  # its source, then how its 지방비 was arrived at
    assert "[1] 연합뉴스 2020-12-24" in result.stdout


def test_gumi_programme_year_runs_march_to_february() -> None:
    """구미's programme years run 3월~익년 2월: a note in history, months in zones."""
    result = run("history", "--view", "years", "--zone", "구미", "--from", "2025")
    assert result.exit_code == 0, result.output
    assert "구미: 사업연도 3월~익년 2월" in result.stdout  # the terminal's short name
    document = json.loads(run("history", "--format", "json", "--zone", "구미").stdout)
    assert {r["programme_year"] for r in document["rows"]} == {"3월~익년 2월"}
    zones = run("zones", "--year", "2026", columns=250)
    assert zones.exit_code == 0
    gumi = next(line for line in zones.stdout.splitlines() if "gumi" in line)
    assert "2026-03 ~ 2031-02" in gumi
    assert "3월~익년 2월" in gumi


def test_sources_are_a_column_in_csv_and_xlsx(tmp_path: Path) -> None:
    """CSV and XLSX carry 출처 beside 근거, the publication and date of reported rows."""
    assert run("history", "--view", "years", "-o", tmp_path / "h.csv").exit_code == 0
    rows = list(csv.DictReader(io.StringIO((tmp_path / "h.csv").read_text("utf-8-sig"))))
    ulju = next(r for r in rows if r["특구 id"] == "ulju" and r["연도"] == "2021")
    assert ulju["출처"] == "연합뉴스 2020-12-24"
    assert run("envelopes", "2025", "-o", tmp_path / "e.xlsx").exit_code == 0
    sheet = load_workbook(tmp_path / "e.xlsx")["envelopes"]
    values = [[c.value for c in row] for row in sheet.iter_rows()]
    header = values[3]
    jinju = next(row for row in values if "jinju" in row)
    assert str(jinju[header.index("출처")]).startswith("진주 보도 2025")


def test_html_notes_follow_the_table(tmp_path: Path) -> None:
    """The HTML envelopes table is followed by its numbered notes."""
    target = tmp_path / "e.html"
    assert run("envelopes", "2025", "-o", target).exit_code == 0
    html = target.read_text(encoding="utf-8")
    table_end = html.index("</table>", html.index('<table id="envelopes"'))
    notes = html[table_end : html.index("</ol>", table_end)]
    assert '<ol class="notes"' in notes
    assert "<li>진주 보도 2025" in notes
    # 진주 2025: its source, then its basis note (note 1 is 안산's grade's evaluation)
    assert "보도[2,3]" in html


@pytest.mark.parametrize("fmt", ["csv", "xlsx", "json", "html"])
def test_evaluations_are_listed_in_every_format(tmp_path: Path, fmt: str) -> None:
    """`history --view evaluations` (CSV) and every history file list each evaluation's
    grades and funded year."""
    target = tmp_path / f"e.{fmt}"
    view = ["--view", "evaluations"] if fmt == "csv" else []
    assert run("history", *view, "-o", target).exit_code == 0
    if fmt == "csv":
        rows = list(csv.DictReader(io.StringIO(target.read_text("utf-8-sig"))))
        jinju = next(r for r in rows if r["특구 id"] == "jinju")
        assert (jinju["평가 연도"], jinju["인센티브 연도"], jinju["등급"]) == (
            "2023",
            "2025",
            "우수",
        )
        assert jinju["순위 구간"] == "상위 4"
    elif fmt == "xlsx":
        assert "evaluations" in load_workbook(target).sheetnames
    elif fmt == "json":
        rows = json.loads(target.read_text("utf-8"))["evaluations"]
        assumed = [r for r in rows if r["assumed"]]
        assert [(r["evaluation_year"], r["zone_id"]) for r in assumed] == [(2023, "incheon-seo")]
        assert {r["funds_year"] - r["evaluation_year"] for r in rows} == {2}
    else:
        html = target.read_text("utf-8")
        assert '<table id="evaluations">' in html
        assert "etnews, 뉴시스 2025-07-31" in html


def test_evaluations_in_the_terminal() -> None:
    """The terminal lists every evaluation, with its sources as notes."""
    result = run("history", "--view", "evaluations")
    assert result.exit_code == 0, result.output
    assert "연차평가" in result.stdout
    assert "zdnet, news1, 헤럴드경제 2024-06-28" in result.stdout
    assert "가정" in result.stdout  # the fourth 2025 incentive zone, and why
    assert "assumed: the fourth incentive zone of" in result.stdout


def test_illustrative_tables_say_so_in_their_titles(tmp_path: Path) -> None:
    """2026 (all 예시) says (예시 포함) in the terminal, XLSX, JSON and HTML titles of
    allocate, export and envelopes; 2020's zones view (official) does not."""
    allocate = run("allocate")  # the latest year, 2026
    assert allocate.exit_code == 0
    assert "2026년 특구별·단계별 배분 (예시 포함)" in allocate.stdout
    assert "2026년 특구별 배정액과 지방비 매칭 (최소 20%) (예시 포함)" in allocate.stdout
    assert run("export", "--year", "2026", "-o", tmp_path / "x.xlsx").exit_code == 0
    book = load_workbook(tmp_path / "x.xlsx")
    assert all(
        "(예시 포함)" in str(book[name]["A1"].value) for name in book.sheetnames if name != "checks"
    )
    document = json.loads(run("envelopes", "2026", "--format", "json").stdout)
    assert document["title"].endswith("(예시 포함)")
    assert run("envelopes", "2026", "-o", tmp_path / "e.html").exit_code == 0
    assert "<h1>2026년 강소특구 국비 산정 (예시 포함)</h1>" in (tmp_path / "e.html").read_text(
        "utf-8"
    )
    official = run("allocate", "--year", "2020")
    assert "2020년 특구별 배정액과 지방비 매칭 (최소 20%)\n" in official.stdout.replace(
        " \n", "\n"
    ).replace("  ", "")
    assert "2020년 특구별·단계별 배분 (예시 포함)" in official.stdout  # lines are 예시
    titles = json.loads(run("history", "--format", "json").stdout)["titles"]
    assert titles["programme"].endswith("(예시 포함)")
    assert not json.loads(run("history", "--format", "json", "--to", "2020").stdout)["titles"][
        "programme"
    ].endswith("(예시 포함)")


@pytest.mark.parametrize("fmt", ["text", "csv", "xlsx", "html"])
def test_every_total_row_says_hapgye(tmp_path: Path, fmt: str) -> None:
    """The history programme table's total row is labelled 합계 in every format."""
    if fmt == "text":
        result = run("history", "--view", "programme")
        total = [line for line in result.stdout.splitlines() if "254,520" in line]
        assert total
        assert total[0].split()[0] == "합계"
        return
    target = tmp_path / f"h.{fmt}"
    args = ["history", "-o", target] + (["--view", "programme"] if fmt == "csv" else [])
    assert run(*args).exit_code == 0
    if fmt == "csv":
        last = list(csv.reader(io.StringIO(target.read_text("utf-8-sig"))))[-1]
        assert last[0] == "합계"
    elif fmt == "xlsx":
        rows = list(load_workbook(target)["programme"].iter_rows(values_only=True))
        assert rows[-1][0] == "합계"
    else:
        html = target.read_text("utf-8")
        table = html[html.index('<table id="programme">') :]
        total = table[
            table.index('<tr class="total">') : table.index(
                "</tr>", table.index('<tr class="total">')
            )
        ]
        assert "합계" in total


def _svg(html: str, chart: str) -> str:
    start = html.index(f'<svg id="{chart}"')
    return html[start : html.index("</svg>", start)]


def test_line_charts_read_at_a_meeting(tmp_path: Path) -> None:
    """History charts: 4–6 labelled y ticks on light gridlines; a legend of 14 zones that
    wraps inside the chart's width (no name cut at the edge); Hangul kept whole."""
    import re

    from gangso_cli.render.charts import text_width

    target = tmp_path / "h.html"
    assert run("history", "-o", target).exit_code == 0
    html = target.read_text("utf-8")
    assert "word-break: keep-all" in html
    for chart in ("chart-zones", "chart-programme"):
        svg = _svg(html, chart)
        assert 4 <= svg.count('class="grid"') <= 6
        width = int(re.search(r'width="(\d+)"', svg).group(1))  # type: ignore[union-attr]
        for x, name in re.findall(r'<text x="(\d+)" y="\d+">([^<(]+)</text>', svg):
            assert int(x) + text_width(name) <= width, name
    assert "서울 홍릉" in _svg(html, "chart-zones")


def test_the_month_axis_says_wol(tmp_path: Path) -> None:
    """The execution chart's x axis is labelled 1월 … 12월."""
    target = tmp_path / "x.html"
    examples = Path("examples")
    result = run(
        "execution", examples / "ledger-gimhae-2020.csv",
        "--budget", examples / "region-gimhae-2020.yaml", "-o", target,
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    svg = _svg(target.read_text("utf-8"), "chart-execution")
    assert ">1월</text>" in svg
    assert ">12월</text>" in svg


@pytest.mark.parametrize(
    ("peak", "ticks"),
    [
        (3, [0, 1, 2, 3]),
        (7, [0, 2, 4, 6, 8]),
        (72_000_000_000, [0, 20_000_000_000, 40_000_000_000, 60_000_000_000, 80_000_000_000]),
        (1000, [0, 200, 400, 600, 800, 1000]),
        (151, [0, 50, 100, 150, 200]),
    ],
)
def test_nice_ticks(peak: int, ticks: list[int]) -> None:
    """Ticks are 0 and steps of 1, 2 or 5 × 10ⁿ, four to six of them, past the peak."""
    from gangso_cli.render.charts import nice_ticks

    assert nice_ticks(peak) == ticks
    assert 4 <= len(ticks) <= 6


def test_evaluations_fit_80_columns_and_name_their_zones() -> None:
    """At 80 columns the evaluations table fits whole: every zone named, no year cut."""
    result = run("history", "--view", "evaluations", columns=80)
    assert result.exit_code == 0, result.output
    assert "needs" not in result.stderr
    table = result.stdout.split("\n[1]")[0]
    assert max(len(line) for line in table.splitlines()) <= 80
    for name in ("김해", "서울 홍릉", "천안·아산", "인천 서구"):
        assert name in table
    assert "…" not in result.stdout


def test_the_stage_legend_of_the_allocation_report_fits(tmp_path: Path) -> None:
    """The five 2023-on stages' legend wraps inside the stage chart (it ran off its
    right edge), and zones are named as people say them (서울 홍릉)."""
    import re

    from gangso_cli.render.charts import text_width

    target = tmp_path / "a.html"
    assert run("export", "--year", "2026", "-o", target).exit_code == 0
    svg = _svg(target.read_text("utf-8"), "chart-stages")
    width = int(re.search(r'width="(\d+)"', svg).group(1))  # type: ignore[union-attr]
    legend = re.findall(r'<text x="(\d+)" y="(\d+)">([^<]+)</text>', svg)
    assert {name for _, _, name in legend} >= {"지역 특성화", "특구간 협력"}
    for x, _, name in legend:
        assert int(x) + text_width(name) <= width, name
    assert "서울 홍릉</text>" in svg


def test_the_evaluations_sheet_cites_its_own_file(tmp_path: Path) -> None:
    """The XLSX evaluations sheet cites evaluations.yaml, not the budgets, and names no
    money unit (it has no amounts); the money sheets keep both."""
    target = tmp_path / "h.xlsx"
    assert run("history", "-o", target).exit_code == 0
    book = load_workbook(target)
    assert book["evaluations"]["A2"].value == "출처: bundled: evaluations.yaml"
    programme = str(book["programme"]["A2"].value)
    assert "budget_2025.yaml" in programme
    assert programme.endswith("단위: 백만원")


@pytest.mark.parametrize("view", ["years", "zones", "programme", "stages", "evaluations"])
def test_history_csv_with_its_sources_can_be_written_in_cp949(tmp_path: Path, view: str) -> None:
    """Excel on Korean Windows reads CP949: every history CSV, sources and all, can be
    written in it (a source of "2020–21" and a "—" before a note once made it exit 2)."""
    target = tmp_path / f"{view}.csv"
    result = run("history", "--view", view, "--encoding", "cp949", "-o", target)
    assert result.exit_code == 0, result.output
    text = target.read_bytes().decode("cp949")
    if view == "years":
        assert "경남 보도 (2020~21 누적 356억" in text
    if view == "evaluations":
        assert "(assumed: the fourth incentive zone" in text


@pytest.mark.parametrize("year", range(2020, 2027))
def test_envelopes_csv_of_every_bundled_year_can_be_written_in_cp949(
    tmp_path: Path, year: int
) -> None:
    """Every bundled year's envelopes, with their sources, fit a CP949 CSV."""
    target = tmp_path / f"{year}.csv"
    result = run("envelopes", str(year), "--encoding", "cp949", "-o", target)
    assert result.exit_code == 0, result.output
    assert "합계" in target.read_bytes().decode("cp949")
