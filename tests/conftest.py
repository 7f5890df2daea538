"""Shared fixtures: small inline YAML files, written to a temporary folder."""

from __future__ import annotations

import textwrap
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

#: A two-zone registry: alpha is funded in 2020, beta (designated 2020-08) only from 2021.
REGISTRY = """\
zones:
  - id: alpha
    name: 알파 강소특구
    province: 경남
    city: 알파
    core_institutions: [알파대]
    specialisation: 시험용 부품소재
    designated: 2019-08
  - id: beta
    name: 베타 강소특구
    province: 충북
    city: 베타
    core_institutions: [베타연구원]
    specialisation: 시험용 바이오
    designated: 2020-08
"""

#: A valid one-zone 2020 budget against REGISTRY.
BUDGET = """\
year: 2020
rounding_unit: 천원
totals:
  national: 60억
  local: 12억
policy:
  min_local_match: 20%
stages:
  - id: discovery
    name: 기술발굴
  - id: growth
    name: 기업성장지원
zones:
  alpha:
    national: 60억
    local: 12억
    lines:
      - stage: discovery
        program: 수요연계 기술발굴
        national: 40%
        local: 50%
      - stage: growth
        program: 판로개척
        national: rest
        local: rest
"""

WriteYaml = Callable[..., Path]


@pytest.fixture(autouse=True)
def _own_cache(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    """Every test (and every process it starts) keeps gangso's cache in a folder of its
    own, never in the user's."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path_factory.mktemp("cache")))


@pytest.fixture
def write_yaml(tmp_path: Path) -> WriteYaml:
    """Write dedented YAML text to a file in a temporary folder and return its path."""

    def write(text: str, name: str = "budget.yaml") -> Path:
        path = tmp_path / name
        path.write_text(textwrap.dedent(text), encoding="utf-8")
        return path

    return write


@pytest.fixture
def registry_file(write_yaml: WriteYaml) -> Path:
    """The two-zone test registry, on disk."""
    return write_yaml(REGISTRY, "zones.yaml")


def line_of(text: str, needle: str) -> int:
    """The 1-based line number of the first line of ``text`` containing ``needle``."""
    for number, line in enumerate(text.splitlines(), start=1):
        if needle in line:
            return number
    raise AssertionError(f"{needle!r} not in the text")


_RUNNER = CliRunner()


def run(*args: str | Path, columns: int = 200, env: dict[str, str] | None = None) -> Result:
    """Invoke gangso in-process, as a terminal of ``columns`` columns would (stdout and
    stderr apart). Every CLI test goes through here."""
    from gangso_cli.cli import app

    environment = {"COLUMNS": str(columns), **(env or {})}
    return _RUNNER.invoke(app, [str(a) for a in args], env=environment)
