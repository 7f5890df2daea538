"""A derived or illustrative figure says from what where it is read: each row's basis note
(``basis_note``) is a JSON key, a CSV/XLSX column and a numbered note under the text and
HTML tables, beside the sources."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

from openpyxl import load_workbook

from gangso_cli.core.table import Column, ViewTable, noted
from tests.conftest import run

#: The note of every derived 2023 envelope at 20억 (data/budget_2023.yaml).
NOTE_2023 = "국비: 20억 from the third funded year under the 60→40→20억 schedule"


def _history_rows() -> list[dict[str, object]]:
    result = run("history", "--format", "json")
    assert result.exit_code == 0, result.output
    rows: list[dict[str, object]] = json.loads(result.stdout)["rows"]
    return rows


def test_history_json_rows_say_from_what_a_derived_figure_comes() -> None:
    """안산 2021, 홍릉 2021 and every 2023 row at 20억 are 산출 with no source: their
    basis_note says from what; every row has the key (empty where the file gives none)."""
    rows = {(r["zone_id"], r["year"]): r for r in _history_rows()}
    ansan, hongneung = rows[("ansan", 2021)], rows[("hongneung", 2021)]
    assert (ansan["basis"], ansan["source"]) == ("derived", "")
    assert str(ansan["basis_note"]).startswith("국비: the second funded year")
    assert "울주 60억 reported" in str(hongneung["basis_note"])
    derived_2023 = [r for (_, year), r in rows.items() if year == 2023 and r["basis"] == "derived"]
    twenty = [r for r in derived_2023 if r["national_won"] == 2_000_000_000]
    assert len(twenty) == 10
    assert all(str(r["basis_note"]).startswith(NOTE_2023) for r in twenty)
    assert all(r["basis_note"] for r in rows.values() if r["basis"] == "derived")
    assert rows[("ansan", 2024)]["basis_note"] == ""  # 2024 per zone: 예시, no note given


def test_history_programme_rows_carry_the_totals_note() -> None:
    """The programme totals of a derived year (2021 ≈600억 국비) say how they were summed."""
    document = json.loads(run("history", "--format", "json").stdout)
    programme = {p["year"]: p for p in document["programme"]}
    assert programme[2021]["basis"] == "derived"
    assert str(programme[2021]["basis_note"]).startswith("the sum of the envelopes below")
    assert programme[2020]["basis_note"] == ""


def test_envelopes_json_rows_and_total_carry_the_basis_note() -> None:
    document = json.loads(run("envelopes", "2023", "--format", "json").stdout)
    ansan = next(r for r in document["rows"] if r["zone_id"] == "ansan")
    assert ansan["basis"] == "derived"
    assert ansan["source"] == ""
    assert str(ansan["basis_note"]).startswith(NOTE_2023)
    assert str(document["total"]["basis_note"]).startswith("471.5억 reported for the programme")


def test_text_tables_number_the_basis_notes_under_the_table() -> None:
    """In the terminal the 근거 cell of a derived row carries [n] and note n is its note."""
    result = run("envelopes", "2023", columns=250)
    assert result.exit_code == 0, result.output
    ansan = next(line for line in result.stdout.splitlines() if line.startswith("  안산"))
    assert ansan.rstrip().endswith("산출[1]")
    assert f"[1] {NOTE_2023}" in result.stdout
    history = run("history", "--view", "years", "--zone", "홍릉", "--to", "2021", columns=250)
    row = next(line for line in history.stdout.splitlines() if " 2021 " in line)
    assert "산출[1]" in row
    assert "[1] 국비: the first funded year under the 60→40→20억 schedule" in history.stdout


def test_html_numbers_the_basis_notes(tmp_path: Path) -> None:
    target = tmp_path / "h.html"
    assert run("history", "--to", "2023", "-o", target).exit_code == 0
    html = target.read_text("utf-8")
    table_end = html.index("</table>", html.index('<table id="years"'))
    notes = html[table_end : html.index("</ol>", table_end)]
    assert f"<li>{NOTE_2023}" in notes


def test_csv_and_xlsx_have_a_basis_note_column(tmp_path: Path) -> None:
    assert run("history", "--view", "years", "-o", tmp_path / "h.csv").exit_code == 0
    rows = list(csv.DictReader(io.StringIO((tmp_path / "h.csv").read_text("utf-8-sig"))))
    ansan = next(r for r in rows if r["특구 id"] == "ansan" and r["연도"] == "2023")
    assert ansan["근거"] == "산출"
    assert ansan["출처"] == ""
    assert ansan["근거 설명"].startswith(NOTE_2023)
    assert run("envelopes", "2021", "-o", tmp_path / "e.xlsx").exit_code == 0
    values = [
        [c.value for c in row]
        for row in load_workbook(tmp_path / "e.xlsx")["envelopes"].iter_rows()
    ]
    header = next(row for row in values if "근거 설명" in row)
    gimhae = next(row for row in values if "gimhae" in row)
    assert str(gimhae[header.index("근거 설명")]).startswith("경남 2020~21 누적 356억")


def test_noted_marks_each_note_once_in_the_cell_it_explains() -> None:
    """Library: source and basis note mark 근거; a shared note is numbered once."""
    view = ViewTable(
        "v",
        "t",
        [
            Column("zone_name", "특구"),
            Column("grade", "평가"),
            Column("basis_name", "근거"),
            Column("source", "출처", for_tools=True),
            Column("basis_note", "근거 설명", for_tools=True),
        ],
        [
            ["a", "", "산출", "", "from x"],
            ["b", "", "보도", "paper 2023", "from x"],
            ["c", "", "예시", "", ""],
        ],
    )
    shown = noted(view)
    assert [row[2] for row in shown.rows] == ["산출[1]", "보도[2,1]", "예시"]
    assert shown.notes == ("from x", "paper 2023")


# -- C: envelopes cite the evaluation their grades come from -------------------------

#: The citation of a 2023 grade (data/evaluations.yaml).
CITED_2023 = "2023년 연차평가 (발표 2024-06-28, 출처 zdnet, news1, 헤럴드경제 2024-06-28)"


def test_envelopes_text_cites_the_evaluation_of_its_grades() -> None:
    """The 평가 cell carries [n]; note n names the evaluation, its date and source."""
    result = run("envelopes", "2025", columns=250)
    assert result.exit_code == 0, result.output
    ansan = next(line for line in result.stdout.splitlines() if line.startswith("  안산"))
    assert "우수[1]" in ansan
    assert f"[1] 등급: {CITED_2023}" in result.stdout
    later = run("envelopes", "2026", columns=250)
    assert "등급: 2024년 연차평가 (발표 2025-07-31, 출처 etnews, 뉴시스 2025-07-31)" in later.stdout


def test_the_assumed_2025_incentive_reads_as_assumed_in_every_format(tmp_path: Path) -> None:
    """인천 서구's 2025 incentive rests on an assumed result: 근거 가정, not 예시, with the
    assumption in its note; the basis code stays the envelope's."""
    text = run("envelopes", "2025", columns=250).stdout
    incheon = next(line for line in text.splitlines() if line.startswith("  인천 서구"))
    assert incheon.rstrip().endswith("가정")
    assert "assumed: the fourth incentive zone of 2025 is not reported" in text
    document = json.loads(run("envelopes", "2025", "--format", "json").stdout)
    rows = {r["zone_id"]: r for r in document["rows"]}
    assert rows["incheon-seo"]["basis_name"] == "가정"
    assert rows["incheon-seo"]["basis"] == "illustrative"
    assert rows["incheon-seo"]["evaluation_source"].startswith(CITED_2023)
    assert rows["gumi"]["basis_name"] == "예시"  # graded as reported: no assumption
    assert rows["gimhae"]["evaluation_source"] == ""  # no grade on record
    assert run("envelopes", "2025", "-o", tmp_path / "e.csv").exit_code == 0
    csv_rows = list(csv.DictReader(io.StringIO((tmp_path / "e.csv").read_text("utf-8-sig"))))
    incheon_row = next(r for r in csv_rows if r["특구 id"] == "incheon-seo")
    assert incheon_row["근거"] == "가정"
    assert incheon_row["평가 출처"].startswith(CITED_2023)
    assert run("envelopes", "2025", "-o", tmp_path / "e.html").exit_code == 0
    html = (tmp_path / "e.html").read_text("utf-8")
    assert f"<li>등급: {CITED_2023}</li>" in html
    assert run("envelopes", "2025", "-o", tmp_path / "e.xlsx").exit_code == 0
    values = [
        [c.value for c in row]
        for row in load_workbook(tmp_path / "e.xlsx")["envelopes"].iter_rows()
    ]
    header = next(row for row in values if "평가 출처" in row)
    jinju = next(row for row in values if "jinju" in row)
    assert "진주 보도 2025 (상위 4개 특구" in str(jinju[header.index("평가 출처")])


def test_a_grade_the_file_writes_cites_the_file() -> None:
    """Library: a grade under envelopes.grades wins and is cited as the file's."""
    from gangso_cli.core.bundled import budget_source
    from gangso_cli.core.evaluations import bundled_evaluations
    from gangso_cli.core.loader import load_budget, load_registry
    from gangso_cli.plan.envelopes import derive_envelopes

    source = budget_source("2025")
    assert source is not None
    budget = load_budget(source[0]).model
    registry = load_registry().model
    assert budget is not None
    assert budget.envelopes is not None
    rules = budget.envelopes.model_copy(update={"grades": {"incheon-seo": "우수"}})
    envelopes = derive_envelopes(budget.model_copy(update={"envelopes": rules}), registry)
    rows = {row.zone: row for row in envelopes.zones}
    assert rows["incheon-seo"].grade_source == "예산 파일 envelopes.grades에 기재"
    assert rows["incheon-seo"].assumed is False
    evaluations = bundled_evaluations()
    assert evaluations is not None
    plain = derive_envelopes(budget, registry, evaluations)
    assumed = [row.zone for row in plain.zones if row.assumed]
    assert assumed == ["incheon-seo"]


def test_evaluations_csv_says_gajeong_in_korean(tmp_path: Path) -> None:
    """The evaluations CSV's 가정 column holds the Korean label, as 근거 does."""
    target = tmp_path / "ev.csv"
    assert run("history", "--view", "evaluations", "-o", target).exit_code == 0
    rows = list(csv.DictReader(io.StringIO(target.read_text("utf-8-sig"))))
    assert {r["가정"] for r in rows} == {"", "가정"}
    assert [r["특구 id"] for r in rows if r["가정"]] == ["incheon-seo"]
    assert "assumed" not in {r["가정"] for r in rows}


# -- E: a lines export marks every illustrative line -----------------------------------


def test_a_2026_lines_csv_marks_every_row_illustrative(tmp_path: Path) -> None:
    """Every row of the 2026 lines CSV says 예시 (근거) and illustrative (근거 코드)."""
    target = tmp_path / "lines.csv"
    assert run("export", "--year", "2026", "-o", target).exit_code == 0
    rows = list(csv.DictReader(io.StringIO(target.read_text("utf-8-sig"))))
    assert len(rows) > 100
    assert {(r["근거 코드"], r["근거"]) for r in rows} == {("illustrative", "예시")}


def test_lines_xlsx_and_json_carry_the_basis(tmp_path: Path) -> None:
    assert run("export", "--year", "2026", "-o", tmp_path / "x.xlsx").exit_code == 0
    sheet = load_workbook(tmp_path / "x.xlsx")["lines"]
    values = [[c.value for c in row] for row in sheet.iter_rows()]
    header = next(row for row in values if "근거" in row)
    body = [row for row in values[values.index(header) + 1 :] if row[header.index("특구 id")]]
    assert body
    assert {row[header.index("근거")] for row in body} == {"예시"}
    document = json.loads(run("export", "--year", "2020", "--format", "json", "-o", "-").stdout)
    lines = document["views"]["lines"]["rows"]
    # 2020's envelopes are official, but no release publishes a zone's split into lines.
    assert {(r["basis"], r["basis_name"]) for r in lines} == {("illustrative", "예시")}


def test_a_line_is_as_firm_as_the_weaker_of_its_split_and_its_envelope() -> None:
    """Library: line_basis takes the weaker of the split's basis and the envelope's."""
    from gangso_cli.core.bundled import budget_source
    from gangso_cli.core.loader import load_budget
    from gangso_cli.plan.views import line_basis

    source = budget_source("2021")
    assert source is not None
    budget = load_budget(source[0]).model
    assert budget is not None
    assert line_basis(budget, "ulju") == "illustrative"  # the split is illustrative
    official_split = budget.model_copy(update={"lines_basis": "official"})
    assert line_basis(official_split, "ulju") == "reported"  # 울주 2021: reported envelope
    assert line_basis(official_split, "ansan") == "derived"
    bare = budget.model_copy(update={"lines_basis": None, "basis": None})
    assert line_basis(bare, "ansan") == "derived"


# -- A: 국비 and 지방비 each have their basis -------------------------------------------


def test_ulju_2021_reads_reported_national_and_illustrative_local() -> None:
    """울주 2021: 60억 국비 reported (연합뉴스 2020-12-24), its 12억 지방비 illustrative."""
    rows = {(r["zone_id"], r["year"]): r for r in _history_rows()}
    ulju = rows[("ulju", 2021)]
    assert (ulju["basis"], ulju["national_basis"], ulju["local_basis"]) == (
        "reported",
        "reported",
        "illustrative",
    )
    cheonan = rows[("cheonan-asan", 2022)]
    assert (cheonan["national_basis"], cheonan["local_basis"]) == ("reported", "illustrative")
    gimhae = rows[("gimhae", 2022)]  # 경남's 27억 지방비 split three ways
    assert (gimhae["national_basis"], gimhae["local_basis"]) == ("reported", "derived")
    for both in (("gumi", 2023), ("jinju", 2025), ("ansan", 2020)):
        assert rows[both]["local_basis"] == rows[both]["national_basis"] == rows[both]["basis"]
    assert all("national_basis" in r and "local_basis" in r for r in rows.values())


def test_envelopes_of_a_year_with_illustrative_local_funds_say_so() -> None:
    """2021's 지방비 are mostly illustrative: the title says (예시 포함), the rows say which."""
    document = json.loads(run("envelopes", "2021", "--format", "json").stdout)
    assert document["title"].endswith("(예시 포함)")
    ulju = next(r for r in document["rows"] if r["zone_id"] == "ulju")
    assert ulju["local_basis"] == "illustrative"
    result = run("envelopes", "2021", "-o", "-", "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(result.stdout.lstrip("\ufeff"))))
    assert next(r for r in rows if r["특구 id"] == "ulju")["지방비 근거 코드"] == "illustrative"


def test_local_basis_defaults_to_the_zones_basis() -> None:
    """Library: `local_basis:` in a zone entry, else the zone's basis, else the budget's."""
    from gangso_cli.core.bundled import budget_source
    from gangso_cli.core.loader import load_budget
    from gangso_cli.plan.views import line_basis

    source = budget_source("2021")
    assert source is not None
    budget = load_budget(source[0]).model
    assert budget is not None
    assert budget.zone_local_basis("ulju") == "illustrative"
    assert budget.zone_local_basis("gimhae") == "derived"  # none written: the zone's
    official_split = budget.model_copy(update={"lines_basis": "official"})
    assert line_basis(official_split, "ulju", "national") == "reported"
    assert line_basis(official_split, "ulju", "local") == "illustrative"
    source_2024 = budget_source("2024")
    assert source_2024 is not None
    later = load_budget(source_2024[0]).model
    assert later is not None
    assert later.zone_local_basis("ansan") == "illustrative"  # the budget's basis


def test_a_wrong_local_basis_is_a_located_error(tmp_path: Path) -> None:
    """`local_basis: guessed` is refused at its line, with the bases to choose from."""
    from gangso_cli.core.bundled import budget_source

    source = budget_source("2021")
    assert source is not None
    text = (
        source[0]
        .read_text("utf-8")
        .replace("    local_basis: illustrative", "    local_basis: guessed", 1)
    )
    target = tmp_path / "budget_2021.yaml"
    target.write_text(text, "utf-8")
    line = text.splitlines().index("    local_basis: guessed") + 1
    result = run("validate", target)
    assert result.exit_code == 1
    assert f"budget_2021.yaml:{line}:" in result.output
    assert "illustrative" in result.output


def test_history_shows_the_assumed_2025_incentive_as_assumed() -> None:
    """`history` reads 인천 서구 2025 as 가정 too (its other years as their basis says)."""
    rows = {(r["zone_id"], r["year"]): r for r in _history_rows()}
    assert rows[("incheon-seo", 2025)]["basis_name"] == "가정"
    assert rows[("incheon-seo", 2025)]["basis"] == "illustrative"
    assert rows[("incheon-seo", 2026)]["basis_name"] == "예시"
    assert rows[("gumi", 2025)]["basis_name"] == "예시"
    text = run("history", "--view", "years", "--zone", "인천 서구", columns=250).stdout
    row = next(line for line in text.splitlines() if " 2025 " in line)
    assert "가정" in row
