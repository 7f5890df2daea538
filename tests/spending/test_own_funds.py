"""The recipient's own funds (자부담) are their own total wherever the report is read: a
table naming the zone on the terminal (whole at 80 columns), a sheet in XLSX, a table in
HTML, a CSV view and JSON — never in 국비, 지방비, 예산현액 or 집행률."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

from openpyxl import load_workbook
from rich.cells import cell_len

from tests.conftest import run
from tests.spending import systems
from tests.spending.helpers import LEDGER, REGION

#: The worked example's ledger as e나라도움 downloads it: one 자부담 row of 5,000,000원.
TITLE = "2020년 자부담 집행액 (2020-06-30 기준) (국비·지방비·집행률에 넣지 않음)"


def _ledger(tmp_path: Path) -> Path:
    return systems.write_xlsx(systems.enaradoum(two_row=True), tmp_path / "e.xlsx")


def _two_entries(tmp_path: Path) -> Path:
    """The e나라도움 download with a second 자부담 row of 1,234,567원 (its 합계 row too)."""
    download = systems.enaradoum()
    own = next(row for row in download.grid if "자부담" in row)
    parts = [*systems._split(1_234_567), 1_234_567]
    download.grid.insert(download.grid.index(own) + 1, [*own[:10], *parts, ""])
    total = download.grid[-1]
    total[10:14] = [int(t) + p for t, p in zip(total[10:14], parts, strict=True)]
    return systems.write_csv(download, tmp_path / "two.csv")


def test_the_terminal_shows_them_as_their_own_table_at_80_columns(tmp_path: Path) -> None:
    """Under the zones table, a table of 자부담 per zone (the zone named, the figure whole
    at 80 columns); the zones table's 집행액 and 집행률 are those of 국비 and 지방비 alone."""
    result = run("execution", _ledger(tmp_path), "--budget", REGION, "-u", "원", columns=80)
    assert result.exit_code == 0, result.stderr
    out = result.stdout
    assert max(cell_len(line) for line in out.splitlines()) <= 80
    assert out.index("특구별 집행 현황") < out.index(TITLE) < out.index("월별 누적 집행액")
    table = out[out.index(TITLE) :].split("(단위: 원)")[0]
    assert "자부담 집행액" in table
    lines = [line.split() for line in table.splitlines()]
    assert ["김해", "1", "5,000,000"] in lines
    assert ["합계", "1", "5,000,000"] in lines
    # 국비 + 지방비 spent is the worked example's 1,062,000,000원, 14.8% of 7,200,000,000원
    zones = out[out.index("특구별 집행 현황") : out.index(TITLE)]
    assert "1,062,000,000" in zones
    assert "1,067,000,000" not in zones
    assert "14.8" in zones


def test_the_view_alone_and_nothing_without_own_funds(tmp_path: Path) -> None:
    """--view own-funds shows only that table; a ledger with no 자부담 row shows no such
    table, and asking for the view says why (a note; a usage error for a file)."""
    alone = run("execution", _ledger(tmp_path), "--budget", REGION, "--view", "own-funds")
    assert alone.exit_code == 0, alone.stderr
    assert TITLE in alone.stdout
    assert "특구별 집행 현황" not in alone.stdout
    plain = run("execution", LEDGER, "--budget", REGION)
    assert "자부담" not in plain.stdout
    asked = run("execution", LEDGER, "--budget", REGION, "--view", "own-funds")
    assert "note: --view own-funds: the ledgers have no 자부담 (own funds) entry" in asked.stderr
    as_csv = run("execution", LEDGER, "--budget", REGION, "--view", "own-funds", "-f", "csv")
    assert as_csv.exit_code == 2
    assert "the ledgers have no 자부담" in as_csv.stderr


def test_csv_and_json_give_each_zone_its_won_and_entries(tmp_path: Path) -> None:
    """The CSV view is a row per zone and a 합계 row; JSON's own_funds adds each zone's
    entries (added key) to its won."""
    ledger = _two_entries(tmp_path)
    result = run("execution", ledger, "--budget", REGION, "--view", "own-funds", "-f", "csv")
    assert result.exit_code == 0, result.stderr
    table = list(csv.reader(io.StringIO(result.stdout)))
    assert table[1][:2] == ["gimhae", "김해 강소특구"]
    assert table[1][2:] == ["2", "6234567"]
    document = json.loads(run("execution", ledger, "--budget", REGION, "-f", "json").stdout)
    assert document["own_funds"] == {
        "entries": 2,
        "amount_won": 6_234_567,
        "zones": [{"zone_id": "gimhae", "amount_won": 6_234_567, "entries": 2}],
    }
    assert sum(r["spent_won"] for r in document["rows"]) == 1_062_000_000


def test_xlsx_has_a_sheet_of_them_apart_from_the_zones(tmp_path: Path) -> None:
    """An own-funds sheet: the zone, entries and exact won (a number cell); the zones
    sheet's 집행액 stays 국비 + 지방비."""
    target = tmp_path / "r.xlsx"
    result = run("execution", _ledger(tmp_path), "--budget", REGION, "-o", target)
    assert result.exit_code == 0, result.stderr
    book = load_workbook(target)
    assert book.sheetnames.index("zones") < book.sheetnames.index("own-funds")
    values = [list(r) for r in book["own-funds"].iter_rows(values_only=True)]
    assert values[0][0] == TITLE
    assert ["김해 강소특구", 1, 5_000_000] in [r[1:4] for r in values]
    zones = [list(r) for r in book["zones"].iter_rows(values_only=True)]
    header = next(r for r in zones if "특구" in r)
    spent = next(i for i, cell in enumerate(header) if str(cell).startswith("집행액"))
    assert 1_062_000_000 in [r[spent] for r in zones]


def test_html_shows_them_under_the_zones(tmp_path: Path) -> None:
    """The HTML report has the own funds' table, with the zone and the won, after the
    zones table and never in it."""
    target = tmp_path / "r.html"
    result = run("execution", _ledger(tmp_path), "--budget", REGION, "-o", target, "-u", "원")
    assert result.exit_code == 0, result.stderr
    page = target.read_text(encoding="utf-8")
    start = page.index(f"<h2>{TITLE}</h2>")
    assert page.index("특구별 집행 현황") < start
    own = page[start : page.index("</table>", start)]
    assert "김해 강소특구" in own
    assert "5,000,000" in own
