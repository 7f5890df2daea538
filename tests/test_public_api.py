"""The public API (``from gangso_cli import …``) is what its names say, and its example
runs as written."""

from __future__ import annotations

import doctest
import importlib
import inspect
import pkgutil
import subprocess
import sys

import pytest

import gangso_cli

PUBLIC = sorted(set(gangso_cli.__all__) - {"__version__"})
#: The library layers: a public name is never a terminal or command-line thing.
LIBRARY = ("gangso_cli.core.", "gangso_cli.plan.", "gangso_cli.programme.", "gangso_cli.spending.")


def _import_every_module() -> None:
    """Import every module of the package, as a long-running program eventually does
    (``__main__`` left out: importing it runs the command line)."""
    for info in pkgutil.walk_packages(gangso_cli.__path__, "gangso_cli."):
        if info.name != "gangso_cli.__main__":
            importlib.import_module(info.name)


def test_the_docstring_example_runs() -> None:
    """The example in the package docstring runs and prints what it promises."""
    result = doctest.testmod(gangso_cli, verbose=False)
    assert result.attempted > 0
    assert result.failed == 0


def test_all_names_every_lazy_export() -> None:
    """``__all__`` and the lazy table list the same names, so none is promised and missing."""
    assert set(gangso_cli.__all__) == {*gangso_cli._LAZY, "__version__"}
    assert set(gangso_cli.__all__) <= set(dir(gangso_cli))


@pytest.mark.parametrize("name", PUBLIC)
def test_each_public_name_is_what_it_says(name: str) -> None:
    """A capitalised name is a class, any other a function, defined in the library
    module the lazy table names (not a submodule, not a re-export of the CLI)."""
    value = getattr(gangso_cli, name)
    assert inspect.isclass(value) if name[0].isupper() else inspect.isfunction(value), value
    home = gangso_cli._LAZY[name]
    assert home.startswith(LIBRARY), home
    assert value.__module__ == home
    assert value is getattr(importlib.import_module(home), name)


def test_no_module_shadows_a_public_name() -> None:
    """No module or folder directly under gangso_cli/ has a public name: importing it
    would replace the lazy export on the package (``gangso_cli.evaluate`` once became the
    module, not the function)."""
    top = {info.name for info in pkgutil.iter_modules(gangso_cli.__path__)}
    assert not top & set(gangso_cli.__all__)


@pytest.mark.parametrize("name", PUBLIC)
def test_public_names_survive_importing_every_module(name: str) -> None:
    """After every module of the package is imported, each public name is still the
    function or class, never a module."""
    _import_every_module()
    value = getattr(gangso_cli, name)
    assert not inspect.ismodule(value)
    assert value is getattr(importlib.import_module(gangso_cli._LAZY[name]), name)


def test_importing_the_package_loads_nothing_heavy() -> None:
    """``import gangso_cli`` alone imports no pydantic, yaml or model (only the one-line
    version module): names load on use."""
    code = (
        "import sys, gangso_cli; "
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('pydantic', 'yaml') "
        "or m.startswith('gangso_cli.')))"
    )
    completed = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=False
    )
    assert completed.returncode == 0, completed.stderr
    assert completed.stdout.strip() == "['gangso_cli.core', 'gangso_cli.core.version']"
