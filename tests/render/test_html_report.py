"""The HTML report says what it shows: the unit over its figures, subtotals, the source."""

from __future__ import annotations

from pathlib import Path

from tests.conftest import run


def test_html_lines_table_labels_its_unit_and_has_subtotals(tmp_path: Path) -> None:
    """The lines table says 금액 (억원) over 억원 figures, with a 소계 per zone and a 합계."""
    target = tmp_path / "r.html"
    assert run("export", "--year", "2020", "-o", target, "-u", "억원").exit_code == 0
    html = target.read_text(encoding="utf-8")
    lines = html[html.index('<table id="lines">') :]
    assert "<th>금액 (억원)</th>" in lines
    assert "금액 (원)" not in lines
    assert lines.count('<tr class="subtotal">') == 6
    assert "김해 강소특구 소계" in lines
    assert "<td>합계</td>" in lines
    assert "출처: bundled: budget_2020.yaml" in html
