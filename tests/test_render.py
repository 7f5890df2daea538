"""Rich tables rendered at a fixed width: exact text, and Hangul columns that line up."""

from __future__ import annotations

import io

from rich.console import Console
from rich.table import Table
from rich.text import Text

from gangso_cli.diagnostics import Diagnostic, SourceLocation
from gangso_cli.evaluate import evaluate
from gangso_cli.money import DISPLAY_UNITS
from gangso_cli.render.terminal import (
    allocation_table,
    checks_table,
    diagnostic_text,
    envelopes_table,
)


def render(renderable: Table | Text, width: int = 100) -> str:
    """Render without colour at a fixed width, as a terminal of that size would show it."""
    console = Console(file=io.StringIO(), width=width, color_system=None, legacy_windows=False)
    console.print(renderable)
    output = console.file.getvalue()  # type: ignore[attr-defined]
    assert isinstance(output, str)
    return output


def _cell_width(text: str) -> int:
    from rich.cells import cell_len

    return cell_len(text)


def test_allocation_table_lines_up_hangul_columns() -> None:
    """Every row of the table is equally wide in terminal cells, Hangul counted as two."""
    result = evaluate()
    assert result.allocation is not None
    assert result.registry.model is not None
    table = allocation_table(
        result.allocation, DISPLAY_UNITS["백만원"], result.registry.model.by_id()
    )
    lines = [line for line in render(table).splitlines() if line.strip()]
    widths = {_cell_width(line) for line in lines if "━" not in line}
    assert len(widths) <= 2, widths  # the centred title/caption may be shorter
    header = next(line for line in lines if "기술발굴" in line)
    row = next(line for line in lines if "김해 (gimhae)" in line)
    # The right edge of each amount column sits under the right edge of its heading.
    for heading, amount in (("기술발굴", "1,650"), ("기업성장지원", "2,750"), ("합계", "6,000")):
        head_end = _cell_width(header[: header.rindex(heading) + len(heading)])
        cell_end = _cell_width(row[: row.index(amount) + len(amount)])
        assert head_end == cell_end, (heading, header, row)


def test_allocation_table_exact_text_for_one_zone() -> None:
    """One zone in 억원: the exact rows a user sees."""
    result = evaluate()
    assert result.allocation is not None
    assert result.registry.model is not None
    zone = [z for z in result.allocation.zones if z.zone == "pohang"]
    table = allocation_table(
        result.allocation, DISPLAY_UNITS["억원"], result.registry.model.by_id(), zone
    )
    text = render(table, width=80)
    rows = [line.rstrip() for line in text.splitlines()]
    assert "  포항 (pohang)   국비        21.00           18.00          21.00   60.00" in rows
    assert "                  지방비       3.60            3.60           4.80   12.00" in rows
    assert any("(단위: 억원)" in line for line in rows)


def test_envelopes_table_shows_the_match_ratio() -> None:
    """Each zone's local match is shown as a percentage of its national funds."""
    result = evaluate()
    assert result.allocation is not None
    assert result.budget.model is not None
    text = render(
        envelopes_table(result.budget.model, result.allocation, DISPLAY_UNITS["억원"], {})
    )
    assert "최소 20%" in text
    assert text.count("20.0%") == 7  # six zones and the total


def test_checks_table_marks_pass_and_fail() -> None:
    """All checks of the bundled budget are listed as passing."""
    result = evaluate()
    text = render(checks_table(result.results), width=120)
    assert text.count("통과") == len(result.results)
    assert "zone-national-sum" in text


def test_diagnostic_text_is_editor_clickable() -> None:
    """A diagnostic starts with file:line:col so editors and terminals can jump to it."""
    diagnostic = Diagnostic(
        "amount", "national: 'lots' is not an amount", SourceLocation("b.yaml", 7, 19), hint="h"
    )
    text = render(diagnostic_text(diagnostic), width=200)
    assert text.startswith("b.yaml:7:19: error[amount] national: 'lots' is not an amount\n")
    assert "  hint: h" in text
