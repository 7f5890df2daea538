"""Rich tables rendered at a fixed width: exact text, and Hangul columns that line up."""

from __future__ import annotations

import io
import re
from dataclasses import replace

from rich.cells import cell_len
from rich.console import Console, RenderableType

from gangso_cli.core.bundled import bundled_data
from gangso_cli.core.diagnostics import Diagnostic, SourceLocation
from gangso_cli.core.money import DISPLAY_UNITS
from gangso_cli.core.table import ViewTable
from gangso_cli.plan.evaluate import evaluate
from gangso_cli.plan.views import build_view
from gangso_cli.render.terminal import checks_table, diagnostic_text, short_names, view_table


def render(renderable: RenderableType, width: int = 100) -> str:
    """Render without colour at a fixed width, as a terminal of that size would show it."""
    console = Console(file=io.StringIO(), width=width, color_system=None, legacy_windows=False)
    console.print(renderable)
    output = console.file.getvalue()  # type: ignore[attr-defined]
    assert isinstance(output, str)
    return output


def _cell_width(text: str) -> int:
    from rich.cells import cell_len

    return cell_len(text)


def _view(name: str, zone: str | None = None) -> ViewTable:
    result = evaluate(bundled_data("budget_2020.yaml"))
    assert result.allocation is not None
    assert result.budget.model is not None
    assert result.registry.model is not None
    allocation = result.allocation
    if zone:
        allocation = replace(allocation, zones=tuple(z for z in allocation.zones if z.zone == zone))
    return build_view(name, result.budget.model, allocation, result.registry.model.by_id())


def test_stages_table_lines_up_hangul_columns() -> None:
    """Every row is equally wide in terminal cells (Hangul counts as two), and each amount's
    right edge sits under its heading's right edge."""
    table = view_table(_view("stages"), DISPLAY_UNITS["백만원"])
    lines = [line for line in render(table).splitlines() if line.strip()]
    widths = {_cell_width(line) for line in lines if "━" not in line}
    assert len(widths) <= 2, widths  # the centred title/caption may be narrower
    header = next(line for line in lines if "기술발굴" in line)
    row = next(line for line in lines if "김해 강소특구" in line)
    for heading, amount in (("기술발굴", "1,650"), ("기업성장지원", "2,750"), ("합계", "6,000")):
        head_end = _cell_width(header[: header.rindex(heading) + len(heading)])
        cell_end = _cell_width(row[: row.index(amount) + len(amount)])
        assert head_end == cell_end, (heading, header, row)


def test_stages_table_exact_text_for_one_zone() -> None:
    """One zone in 억원: the exact rows a user sees, grouped, with the total."""
    text = render(view_table(_view("stages", "pohang"), DISPLAY_UNITS["억원"]), width=80)
    rows = [line.rstrip() for line in text.splitlines()]
    assert "  포항 강소특구  국비       21.00          18.00         21.00  60.00" in rows
    assert "                 지방비      3.60           3.60          4.80  12.00" in rows
    assert "  합계                      24.60          21.60         25.80  72.00" in rows
    assert any("(단위: 억원)" in line for line in rows)


def test_zones_table_shows_the_match_ratio() -> None:
    """Each zone's local match is a percentage of its national funds, one decimal."""
    text = render(view_table(_view("zones"), DISPLAY_UNITS["억원"]))
    assert "최소 20%" in text
    assert "매칭비율 (%)" in text
    assert text.count(" 20.0") == 7  # six zones and the total
    assert "360.00" in text


def test_checks_table_marks_pass_and_fail() -> None:
    """All checks of the bundled budget are listed as passing."""
    result = evaluate(bundled_data("budget_2020.yaml"))
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


def _history_views() -> list[ViewTable]:
    from gangso_cli.core.bundled import bundled_years
    from gangso_cli.core.loader import load_registry
    from gangso_cli.programme.history import load_history
    from gangso_cli.programme.views import history_views

    registry = load_registry()
    assert registry.model is not None
    history = load_history(registry, bundled_years())
    assert not history.missing
    return history_views(history.entries, registry.model.by_id(), {"jinju", "gumi"})


def test_a_table_that_fits_is_written_as_rich_lays_it_out() -> None:
    """The line-by-line layout of a table that fits is Rich's, character for character,
    for every view (groups, totals, captions, Hangul widths)."""
    views = [_view(name) for name in ("lines", "zones", "stages")] + _history_views()
    for view in views:
        for unit in ("원", "백만원"):
            table = view_table(view, DISPLAY_UNITS[unit])
            assert table.natural_width <= 300
            assert render(table, width=300) == render(table.rich_table(), width=300), view.name


def test_a_table_too_wide_wraps_its_text_never_its_figures() -> None:
    """Narrower than its natural width, text columns wrap at spaces to fit; every figure
    stays whole, and no line is wider than the terminal."""
    table = view_table(_view("stages", "pohang"), DISPLAY_UNITS["원"])
    width = table.natural_width - 6
    text = render(table, width=width)
    assert max(cell_len(line) for line in text.splitlines()) <= width
    assert "  포항      " in text
    assert "  강소특구  " in text  # the name wrapped at its space, not inside a word
    wide = render(table, width=300)
    figures = re.findall(r"\d[\d,]*\d", wide)
    assert figures == re.findall(r"\d[\d,]*\d", text)


def test_a_view_whose_figures_do_not_fit_splits_into_blocks_naming_their_zone() -> None:
    """Too wide even wrapped, a view is cut into blocks of columns: each repeats the
    columns naming its rows (the zone first), says which block it is, and fits."""
    table = view_table(short_names(_view("lines")), DISPLAY_UNITS["원"])
    blocks = table.blocks(80)
    assert len(blocks) > 1
    keys = blocks[0].headers[: blocks[0].headers.index("특구") + 1]
    seen: set[str] = set()
    for n, block in enumerate(blocks, 1):
        assert block.title is not None
        assert block.title.endswith(f"({n}/{len(blocks)})")
        assert block.headers[: len(keys)] == keys  # 연도, 특구, …: the same in every block
        assert block.min_width <= 80
        text = render(block, width=80)
        assert max(cell_len(line) for line in text.splitlines()) <= 80
        seen |= set(block.headers)
    assert seen == set(table.headers)  # every column is in some block
    assert table.blocks(table.natural_width) == [table]
