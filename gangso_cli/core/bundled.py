"""The data that ships with gangso: the registry and a national budget per year."""

from __future__ import annotations

import os
from importlib import resources
from pathlib import Path as FsPath


def bundled_data(name: str) -> FsPath:
    """The path of a bundled data file (``zones.yaml``, ``budget_2020.yaml``).

    Installed wheels carry the data inside the package; a source checkout (and an
    editable install) reads it from the repository's ``data/`` folder.
    """
    packaged = FsPath(str(resources.files("gangso_cli"))) / "data" / name
    if packaged.exists():
        return packaged
    return FsPath(__file__).resolve().parents[2] / "data" / name


#: How reports name a bundled file, instead of a folder inside the installation.
BUNDLED_PREFIX = "bundled: "


def bundled_years() -> list[int]:
    """The years that have a bundled national budget, oldest first."""
    folder = bundled_data("zones.yaml").parent
    years = []
    for path in folder.glob("budget_*.yaml"):
        stem = path.stem.removeprefix("budget_")
        if stem.isdigit():
            years.append(int(stem))
    return sorted(years)


def budget_source(ref: str | os.PathLike[str] | None) -> tuple[FsPath, str] | None:
    """The file and display name of a budget named by path, by year, or (None) the
    latest bundled year. A year is looked up among the bundled budgets (``2020`` →
    ``bundled: budget_2020.yaml``) unless a file of that name exists; None when no
    budget of that year is bundled."""
    if ref is None:
        years = bundled_years()
        ref = str(years[-1]) if years else "2020"
    text = os.fspath(ref)
    if text.isdigit() and len(text) == 4 and not os.path.exists(text):
        name = f"budget_{text}.yaml"
        path = bundled_data(name)
        return (path, BUNDLED_PREFIX + name) if path.exists() else None
    return FsPath(text), display_path(text)


def display_path(path: str | os.PathLike[str]) -> str:
    """A path as people want to see it: relative when under the working directory."""
    given = os.fspath(path)
    try:
        relative = os.path.relpath(given)
    except ValueError:  # another drive on Windows
        return given
    return given if relative.startswith("..") else relative
