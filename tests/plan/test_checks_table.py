"""The checks table is written line by line as Rich lays it out, and wraps as Rich does."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from rich.console import Console

from gangso_cli.core.bundled import bundled_data
from gangso_cli.plan.evaluate import evaluate
from gangso_cli.render.terminal import checks_table

EXAMPLES = Path(__file__).parents[2] / "examples"


def _render(renderable: object, width: int) -> str:
    console = Console(file=io.StringIO(), width=width, color_system=None, legacy_windows=False)
    console.print(renderable)
    return console.file.getvalue()  # type: ignore[attr-defined, no-any-return]


@pytest.mark.parametrize(
    "path",
    [bundled_data("budget_2020.yaml"), EXAMPLES / "region-mistakes.yaml"],
)
def test_the_checks_table_is_rich_s_layout(path: Path) -> None:
    """Passing and failing checks (× counts, differences) read the same as Rich's table,
    whether the table fits or must wrap its titles."""
    table = checks_table(evaluate(path).results)
    for width in (300, table.natural_width, table.natural_width - 10):
        assert _render(table, width) == _render(table.rich_table(), width), width
    failed = "실패 ×" in _render(table, 300)
    assert failed == ("mistakes" in path.name)
