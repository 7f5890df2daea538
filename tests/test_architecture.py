"""The house keeps its shape: folders at the top, small modules and functions, imports
that run one way (down to core/) and never in a circle, rich and typer where they belong.

The package is read as source with ``ast`` (never imported), so a failure here names
files, lines and functions without running any of their code.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path

import pytest

PACKAGE = "gangso_cli"
ROOT = Path(__file__).parents[1] / PACKAGE

MAX_MODULE_LINES = 500
MAX_FUNCTION_LINES = 100

#: The layers, and the layers each may not import (its own is always allowed).
FORBIDDEN: Mapping[str, frozenset[str]] = {
    "core": frozenset({"plan", "programme", "spending", "render", "cli"}),
    "plan": frozenset({"programme", "spending", "render", "cli"}),
    # The two sideways arrows of the house: a programme and a ledger are read against a plan.
    "programme": frozenset({"spending", "render", "cli"}),
    "spending": frozenset({"programme", "render", "cli"}),
    "render": frozenset({"cli"}),
    "cli": frozenset(),
}

#: Third-party packages and the layers that alone may import them.
CONFINED: Mapping[str, frozenset[str]] = {
    "rich": frozenset({"render", "cli"}),
    "typer": frozenset({"cli"}),
    "click": frozenset({"cli"}),  # typer's own foundation: the same rule
}


@dataclass(frozen=True)
class Import:
    """One import statement's target, where it stands, and whether it runs on import."""

    source: str  # the importing module, dotted
    target: str  # the imported module (for a name imported from a module: the module)
    line: int

    def __str__(self) -> str:
        return f"{_path_of(self.source)}:{self.line}: imports {self.target}"


def _module_name(path: Path) -> str:
    parts = path.relative_to(ROOT.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _path_of(module: str) -> str:
    path = ROOT.parent.joinpath(*module.split("."))
    file = path / "__init__.py" if path.is_dir() else path.with_suffix(".py")
    return file.relative_to(ROOT.parent).as_posix()


SOURCES: dict[str, Path] = {
    _module_name(path): path
    for path in sorted(ROOT.rglob("*.py"))
    if "__pycache__" not in path.parts
}
TREES: dict[str, ast.Module] = {
    module: ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    for module, path in SOURCES.items()
}


def _is_package(module: str) -> bool:
    return SOURCES[module].name == "__init__.py"


def _imports(module: str, tree: ast.Module) -> Iterator[Import]:
    """Every import of a module, wherever it stands: at the top, inside a function (a lazy
    import), or under ``if TYPE_CHECKING``; a circle through any of them is a circle."""
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield Import(module, _known(alias.name), node.lineno)
        elif isinstance(node, ast.ImportFrom):
            base = _absolute(module, node.module, node.level)
            for alias in node.names:
                # `from gangso_cli.cli import export` imports the module `export`;
                # `from gangso_cli.cli.app import app` imports a name of `cli.app`.
                candidate = f"{base}.{alias.name}"
                yield Import(module, candidate if candidate in SOURCES else base, node.lineno)


def _absolute(module: str, name: str | None, level: int) -> str:
    """The absolute name of ``from <level dots><name> import ...`` written in ``module``."""
    if level == 0:
        return name or ""
    parts = module.split(".")
    anchor = parts if _is_package(module) else parts[:-1]
    anchor = anchor[: len(anchor) - (level - 1)]
    return ".".join([*anchor, name] if name else anchor)


def _known(name: str) -> str:
    """A dotted import as the longest of its prefixes that is one of our modules (or as
    written, for a third-party one)."""
    parts = name.split(".")
    for end in range(len(parts), 0, -1):
        if ".".join(parts[:end]) in SOURCES:
            return ".".join(parts[:end])
    return name


#: Every import of the package, once per statement and target.
IMPORTS: list[Import] = list(
    dict.fromkeys(found for module, tree in TREES.items() for found in _imports(module, tree))
)


def _layer(module: str) -> str | None:
    """The layer a module belongs to (core, plan, …); None for the package's front door."""
    parts = module.split(".")
    return parts[1] if len(parts) > 1 and parts[1] in FORBIDDEN else None


def strongly_connected(graph: Mapping[str, set[str]]) -> list[list[str]]:
    """The strongly connected components of a directed graph with more than one node
    (Tarjan's algorithm), each sorted, in sorted order."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for nxt in sorted(graph.get(node, ())):
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return sorted(found)


# --- the guards' own machinery ------------------------------------------------------------


def test_strongly_connected_finds_circles_and_only_circles() -> None:
    """A three-module circle is found whole, and a chain beside it is not a circle."""
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a", "d"}, "d": {"e"}, "e": set(), "f": {"f"}}
    assert strongly_connected(graph) == [["a", "b", "c"]]


def test_the_import_graph_sees_every_kind_of_import() -> None:
    """Top-level, lazy (in a function), TYPE_CHECKING and `from package import module` imports
    all become edges, so the guards below cannot pass by seeing nothing."""
    edges = {(found.source, found.target) for found in IMPORTS}
    assert ("gangso_cli.cli.export", "gangso_cli.cli.app") in edges  # at the top
    assert ("gangso_cli.cli.export", "gangso_cli.render.html") in edges  # inside a method
    assert ("gangso_cli.cli.export", "gangso_cli.plan.evaluate") in edges  # TYPE_CHECKING
    assert ("gangso_cli.cli", "gangso_cli.cli.export") in edges  # `from package import mod`
    assert ("gangso_cli.render.terminal", "rich.table") in edges  # third party


# --- the shape of the house ------------------------------------------------------------------


def test_the_top_holds_only_the_front_door_and_folders() -> None:
    """gangso_cli/ has __init__.py, __main__.py and folders; each folder of code is a
    package (a capability or a layer), never a loose module beside them."""
    names = {p.name for p in ROOT.iterdir() if p.is_file()}
    loose = sorted(names - {"__init__.py", "__main__.py"})
    assert not loose, f"loose files at the top of {PACKAGE}/ (give them a folder): {loose}"
    assert {"__init__.py", "__main__.py"} <= names, f"{PACKAGE}/ lacks its front door"
    folders = [p for p in ROOT.rglob("*") if p.is_dir() and p.name != "__pycache__"]
    without_init = [
        p.relative_to(ROOT.parent).as_posix()
        for p in folders
        if any(p.glob("*.py")) and not (p / "__init__.py").exists()
    ]
    assert not without_init, f"folders of code without __init__.py: {without_init}"


def test_no_module_over_500_lines() -> None:
    """Every module fits in one reading (at most 500 lines)."""
    long = {
        _path_of(module): count
        for module, path in SOURCES.items()
        if (count := len(path.read_text(encoding="utf-8").splitlines())) > MAX_MODULE_LINES
    }
    assert not long, f"modules over {MAX_MODULE_LINES} lines (split them by what they do): {long}"


def test_no_function_over_100_lines() -> None:
    """Every function and method fits on a screen or two (at most 100 lines, docstring
    included)."""
    long = [
        f"{_path_of(module)}:{node.lineno}: {node.name} ({lines} lines)"
        for module, tree in TREES.items()
        for node in ast.walk(tree)
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
        and (lines := (node.end_lineno or node.lineno) - node.lineno + 1) > MAX_FUNCTION_LINES
    ]
    assert not long, f"functions over {MAX_FUNCTION_LINES} lines:\n" + "\n".join(long)


# --- the arrows ---------------------------------------------------------------------------------


def test_no_import_circle() -> None:
    """No modules import each other, directly or around a loop, counting lazy and
    TYPE_CHECKING imports (a lazy import only hides a circle until the day it bites)."""
    graph: dict[str, set[str]] = {module: set() for module in SOURCES}
    for found in IMPORTS:
        if found.target in SOURCES and found.target != found.source:
            graph[found.source].add(found.target)
    circles = strongly_connected(graph)
    report = []
    for members in circles:
        inside = set(members)
        report.append(" ↔ ".join(members))
        report.extend(
            f"    {found}"
            for found in IMPORTS
            if found.source in inside and found.target in inside and found.source != found.target
        )
    assert not circles, "modules that import each other:\n" + "\n".join(report)


@pytest.mark.parametrize("layer", sorted(layer for layer, no in FORBIDDEN.items() if no))
def test_imports_run_down_the_layers(layer: str) -> None:
    """cli → capability → core: core imports no capability, plan no other capability,
    programme and spending only core and plan, render no cli."""
    wrong = [
        str(found)
        for found in IMPORTS
        if _layer(found.source) == layer
        and found.target.startswith(PACKAGE + ".")
        and _layer(found.target) in FORBIDDEN[layer]
    ]
    assert not wrong, f"{layer}/ imports what it may not:\n" + "\n".join(wrong)


@pytest.mark.parametrize("package", sorted(CONFINED))
def test_terminal_libraries_stay_in_their_layers(package: str) -> None:
    """Only render/ and cli/ import rich; only cli/ imports typer (and click)."""
    wrong = [
        str(found)
        for found in IMPORTS
        if found.target.split(".")[0] == package and _layer(found.source) not in CONFINED[package]
    ]
    assert not wrong, f"{package} imported outside {sorted(CONFINED[package])}:\n" + "\n".join(
        wrong
    )
