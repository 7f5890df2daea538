"""The README documents every command and every check id (the front door stays true)."""

from __future__ import annotations

from pathlib import Path

import pytest
import typer

from gangso_cli.cli import app
from gangso_cli.plan.checks.catalog import CHECKS
from tests.conftest import run

README = (Path(__file__).parents[2] / "README.md").read_text(encoding="utf-8")
COMMANDS = sorted(typer.main.get_command(app).commands)  # type: ignore[attr-defined]


def test_all_twelve_commands_are_listed() -> None:
    """The app has the commands the README promises."""
    assert COMMANDS == [
        "allocate", "close", "data", "diff", "envelopes", "execution", "export", "history",
        "init", "schema", "validate", "zones",
    ]  # fmt: skip


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_has_a_readme_section(command: str) -> None:
    """Each command has a heading `### gangso NAME` in the README."""
    assert f"### `gangso {command}" in README


@pytest.mark.parametrize("check", [c.id for c in CHECKS])
def test_every_check_id_is_documented(check: str) -> None:
    """Each check id appears in the README's table of checks."""
    assert f"| `{check}` |" in README


def test_readme_shows_the_two_commands() -> None:
    """The set-up-and-run and set-up-and-test commands are at the top."""
    top = README[:2500]
    assert "pip install -e . && gangso allocate" in top
    assert "pip install -e '.[test]' && pytest" in top


def test_help_reads_as_words() -> None:
    """Placeholders are FILE..., ZONE, FORMAT: never {files} or <list[str]>."""
    for command in ("validate", "allocate", "export", "init", "diff", "data", "zones"):
        text = run(command, "--help").stdout
        assert "{" not in text.split("Example")[0], command
        assert "<list" not in text, command
        assert "<str>" not in text, command
    assert "FILE..." in run("validate", "--help").stdout


def test_ledger_help_names_every_format_read() -> None:
    """execution and close say in --help that they read .xls, .xlsb and .ods downloads
    too (보탬e's is an .xls), not only CSV or XLSX."""
    for command in ("execution", "close"):
        text = " ".join(run(command, "--help", columns=200).stdout.split())
        assert "CSV (UTF-8, CP949 or UTF-16), .xlsx, .xls, .xlsb or .ods" in text, command
