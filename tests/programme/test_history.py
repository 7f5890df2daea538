"""`gangso history` and `gangso envelopes` end to end, in every format."""

from __future__ import annotations

import csv
import io
import json
import xml.etree.ElementTree as ET
from pathlib import Path

from openpyxl import load_workbook

from gangso_cli.core.bundled import bundled_years
from tests.conftest import run


def _json(*args: str | Path) -> dict:  # type: ignore[type-arg]
    result = run(*args)
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)  # type: ignore[no-any-return]


# --- history ------------------------------------------------------------------------------


def test_history_json_rows_are_exact_won_per_zone_per_year() -> None:
    document = _json("history", "--format", "json")
    assert document["schema"] == "gangso-history/1"
    years = bundled_years()
    assert (document["from"], document["to"]) == (years[0], years[-1])
    rows = {(r["year"], r["zone_id"]): r for r in document["rows"]}
    assert rows[(2020, "gimhae")]["national_won"] == 6_000_000_000
    assert rows[(2020, "gimhae")]["basis"] == "official"
    jinju = rows[(2025, "jinju")]
    assert (jinju["national_won"], jinju["local_won"], jinju["basis"]) == (
        2_315_000_000,
        1_785_000_000,
        "reported",
    )
    assert jinju["phase"] == "2단계 특화발전"
    assert jinju["change_won"] == 4_100_000_000 - rows[(2024, "jinju")]["total_won"]
    # the running total is the sum of the zone's years, to the won
    assert jinju["cumulative_won"] == sum(
        r["total_won"] for (y, z), r in rows.items() if z == "jinju" and y <= 2025
    )
    # zones funded only from 2021 or 2023 have no row before
    assert (2020, "gunsan") not in rows
    assert (2022, "chuncheon") not in rows
    assert (2023, "chuncheon") in rows
    for row in document["rows"]:
        assert isinstance(row["national_won"], int)
        assert row["total_won"] == row["national_won"] + row["local_won"]


def test_history_totals_per_zone_phase_and_year_agree() -> None:
    document = _json("history", "--format", "json")
    rows = document["rows"]
    for zone in document["zones"]:
        mine = [r for r in rows if r["zone_id"] == zone["zone_id"]]
        assert zone["national_won"] == sum(r["national_won"] for r in mine)
        phases = sum(v for k, v in zone.items() if k.startswith("phase_"))
        assert phases == zone["national_won"]  # every funded year is in some phase
    for year in document["programme"]:
        mine = [r for r in rows if r["year"] == year["year"]]
        assert year["national_won"] == sum(r["national_won"] for r in mine)
        assert year["zones"] == len(mine)
    by_year = {s["year"]: s for s in document["stages"]}
    programme = {p["year"]: p for p in document["programme"]}
    for year, mix in by_year.items():
        parts = mix["discovery_won"] + mix["transfer_won"] + mix["growth_won"]
        assert parts == mix["total_won"] == programme[year]["total_won"]
    assert document["programme"][3]["total_won"] == 47_150_000_000  # 2023: 471.5억


def test_history_for_one_zone_and_a_range() -> None:
    result = run("history", "--zone", "진주", "--from", "2024", "--to", "2025", "--view", "years")
    assert result.exit_code == 0, result.output
    assert "  진주  " in result.stdout  # the terminal names the zone by its place
    assert "김해" not in result.stdout
    table = result.stdout.split("\n", 1)[1].split("\n[1] ")[0]  # the notes may cite 2023
    assert "2023" not in table  # only the title names the span
    assert "2,315" in result.stdout  # 2025 국비 in 백만원
    assert "--zone 진주: jinju" in result.stderr


def test_history_csv_is_the_years_view(tmp_path: Path) -> None:
    target = tmp_path / "h.csv"
    assert run("history", "-o", target, "--zone", "gumi").exit_code == 0
    rows = list(csv.DictReader(io.StringIO(target.read_text(encoding="utf-8-sig"))))
    assert [r["연도"] for r in rows] == [str(y) for y in range(2021, 2027)]
    assert rows[2]["국비"] == "2000000000"  # 2023, reported
    assert rows[2]["근거 코드"] == "reported"


def test_history_xlsx_has_every_view(tmp_path: Path) -> None:
    target = tmp_path / "h.xlsx"
    assert run("history", "-o", target).exit_code == 0
    book = load_workbook(target)
    assert book.sheetnames == ["years", "zones", "programme", "stages", "evaluations"]


def test_history_html_draws_a_line_per_zone_and_the_total(tmp_path: Path) -> None:
    target = tmp_path / "h.html"
    assert run("history", "-o", target).exit_code == 0
    html = target.read_text(encoding="utf-8")
    charts = {}
    for chart in ("chart-zones", "chart-programme"):
        start = html.index(f'<svg id="{chart}"')
        svg = html[start : html.index("</svg>", start) + len("</svg>")]
        charts[chart] = ET.fromstring(svg)  # well-formed
    ns = "{http://www.w3.org/2000/svg}"
    zone_lines = charts["chart-zones"].findall(f"{ns}polyline")
    assert len(zone_lines) == 14  # every zone is funded in at least two consecutive years
    assert len(charts["chart-programme"].findall(f"{ns}polyline")) == 3  # 합계, 국비, 지방비
    # The legend names a zone as people do (issue 16: "홍릉 (성북·동대문·노원) (hongneung)"
    # was cut at the chart's edge).
    legend = ET.tostring(charts["chart-zones"], encoding="unicode")
    assert ">진주<" in legend
    assert ">서울 홍릉<" in legend


def test_history_range_without_budgets_is_a_usage_error() -> None:
    result = run("history", "--from", "2030")
    assert result.exit_code == 2
    assert "no bundled budget from 2030" in result.stderr
    assert "2020" in result.stderr


def test_history_zone_never_funded_is_a_usage_error() -> None:
    result = run("history", "--zone", "nowhere")
    assert result.exit_code == 2
    assert "not a zone of 2020–" in result.stderr


def test_history_refuses_view_with_whole_formats() -> None:
    assert run("history", "--format", "json", "--view", "zones").exit_code == 2
    assert run("history", "--format", "text", "-o", "x.csv").exit_code == 2


# --- envelopes ----------------------------------------------------------------------------


def test_envelopes_json_shows_the_derivation() -> None:
    document = _json("envelopes", "2025", "--format", "json")
    assert document["schema"] == "gangso-envelopes/1"
    assert document["derived"] is True
    rows = {r["zone_id"]: r for r in document["rows"]}
    jinju = rows["jinju"]
    assert (jinju["grade"], jinju["base_won"], jinju["incentive_won"]) == (
        "우수",
        1_800_000_000,
        515_000_000,
    )
    assert (jinju["national_won"], jinju["local_won"], jinju["basis"]) == (
        2_315_000_000,
        1_785_000_000,
        "reported",
    )
    assert rows["gunsan"]["grade"] == "최우수"
    total = document["total"]
    assert total["national_won"] == sum(r["national_won"] for r in document["rows"])
    assert total["national_won"] == total["base_won"] + total["incentive_won"]
    assert all(c["result"] == "통과" for c in document["checks"])


def test_envelopes_of_a_year_written_directly() -> None:
    """2020 writes each envelope: no base or incentive, derived false."""
    document = _json("envelopes", "--year", "2020", "--format", "json")
    assert document["derived"] is False
    (row, *_) = document["rows"]
    assert row["base_won"] is None
    assert row["national_won"] == 6_000_000_000
    assert row["basis"] == "official"


def test_envelopes_terminal_names_the_rules() -> None:
    """2025 says its rule (18억 + 5.15억 to the top four) and the evaluation it uses.

    The 국비 total is 272.6억 (14 × 18억 + 4 × 5.15억) since issue 16: incentives go to the
    top four of the 2023 evaluation, not to five zones graded from the 2024 one."""
    result = run("envelopes", "2025")
    assert result.exit_code == 0, result.output
    assert "국비 = 기본 (균등) 18억 + 인센티브 (평가 상위 4개 특구) 각 5억 1500만" in result.stdout
    assert "2023년 연차평가 기준" in result.stdout
    assert "27,260" in result.stdout  # 국비 total in 백만원


def test_envelopes_of_a_bad_file_fail_at_their_lines(tmp_path: Path) -> None:
    from gangso_cli.core.bundled import bundled_data

    text = bundled_data("budget_2025.yaml").read_text(encoding="utf-8")
    bad = text.replace("  evaluation: 2023", "  evaluation: 2023\n  grades:\n    nowhere: 최우수")
    path = tmp_path / "b.yaml"
    path.write_text(bad, encoding="utf-8")
    result = run("envelopes", path, "--format", "json")
    assert result.exit_code == 1
    document = json.loads(result.stdout)
    (failed,) = [c for c in document["checks"] if c["result"] == "실패"]
    assert failed["check"] == "envelope-grades"
    line = next(n for n, t in enumerate(bad.splitlines(), 1) if t.startswith("    nowhere:"))
    assert f"b.yaml:{line}:" in result.stderr


def test_envelopes_in_every_file_format(tmp_path: Path) -> None:
    for name in ("e.csv", "e.xlsx", "e.html", "e.json"):
        assert run("envelopes", "2025", "-o", tmp_path / name).exit_code == 0
    rows = list(csv.DictReader(io.StringIO((tmp_path / "e.csv").read_text(encoding="utf-8-sig"))))
    assert rows[2]["인센티브"] == "515000000"
    assert "<table" in (tmp_path / "e.html").read_text(encoding="utf-8")
    assert load_workbook(tmp_path / "e.xlsx").sheetnames == ["envelopes", "checks"]


def test_region_file_against_a_derived_year(tmp_path: Path) -> None:
    """A region file is checked against the 국비 the 2025 rules derive."""
    target = tmp_path / "r.yaml"
    assert run("init", "jinju", "--year", "2025", "-o", target).exit_code == 0
    assert run("validate", target, "--budget", "2025").exit_code == 0
    text = target.read_text(encoding="utf-8")
    target.write_text(text.replace("national: 23억 1500만", "national: 20억"), encoding="utf-8")
    result = run("validate", target, "--budget", "2025")
    assert result.exit_code == 1
    assert "region-envelope" in result.stdout
    assert "set national: 23억 1500만" in result.stdout


def test_xlsx_in_units_excel_cannot_scale_to_is_refused(tmp_path: Path) -> None:
    """Every report command refuses xlsx in 만원/억원 with export's one-line error (it
    was a traceback in history, envelopes and execution)."""
    for args in (
        ["history"],
        ["envelopes", "2025"],
        ["execution", "examples/ledger-gimhae-2020.csv", "--budget",
         "examples/region-gimhae-2020.yaml"],
    ):  # fmt: skip
        result = run(*args, "-o", tmp_path / "x.xlsx", "--unit", "억원")
        assert result.exit_code == 2, (args, result.output)
        assert "xlsx cannot show 억원" in result.stderr
        assert not (tmp_path / "x.xlsx").exists()
