"""Imports run down the house: no circle between capabilities, lazy imports included."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).parents[2] / "gangso_cli"

#: What each layer may never import, at module level or inside a function.
FORBIDDEN = {
    "core": ("plan", "programme", "spending", "render", "cli"),
    "plan": ("programme", "spending", "render", "cli"),
    "programme": ("spending", "render", "cli"),
}


def _imports(path: Path) -> set[str]:
    """Every module a file imports, wherever the import statement stands."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
        elif isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
    return found


@pytest.mark.parametrize("layer", sorted(FORBIDDEN))
def test_a_layer_imports_nothing_above_or_beside_it(layer: str) -> None:
    """core imports no capability; plan imports no programme (programme may import plan,
    never the reverse); nothing but render and cli imports render or cli."""
    wrong = [
        f"{path.relative_to(PACKAGE)} imports {module}"
        for path in sorted((PACKAGE / layer).rglob("*.py"))
        for module in sorted(_imports(path))
        if any(module.startswith(f"gangso_cli.{up}") for up in FORBIDDEN[layer])
    ]
    assert wrong == []
