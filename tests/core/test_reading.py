"""A file that cannot be read, or is not YAML, is one entry of the report, said plainly."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import run

EXAMPLE_REGION = Path(__file__).parents[2] / "examples" / "region-gimhae-2020.yaml"
REGION = EXAMPLE_REGION.read_text(encoding="utf-8")


def test_csv_given_as_a_budget(tmp_path: Path) -> None:
    """A CSV passed as a budget says it looks like CSV."""
    path = tmp_path / "export.csv"
    path.write_text("특구,재원,금액\ngimhae,국비,6000000000\n", encoding="utf-8")
    result = run("allocate", path)
    assert result.exit_code == 1
    assert "looks like CSV" in result.stderr


def test_unreadable_file_is_reported_beside_the_others(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A file without read permission is one more entry of the report, in every format."""
    secret = tmp_path / "secret.yaml"
    secret.write_text(REGION, encoding="utf-8")
    real_open = open

    def guarded(file: object, *args: object, **kwargs: object) -> object:
        if str(file) == str(secret):
            raise PermissionError(13, "Permission denied")
        return real_open(file, *args, **kwargs)  # type: ignore[call-overload]

    monkeypatch.setattr("gangso_cli.core.yamlsource.open", guarded, raising=False)
    text = run("validate", EXAMPLE_REGION, secret)
    assert text.exit_code == 2
    assert (
        "secret.yaml: error[file-unreadable] cannot read the file: Permission denied" in text.stdout
    )
    assert "✓" in text.stdout  # the readable file is still reported
    report = json.loads(run("validate", EXAMPLE_REGION, secret, "-f", "json").stdout)
    assert [f["valid"] for f in report["files"]] == [True, False]
    assert report["exit_code"] == 2
    github = run("validate", EXAMPLE_REGION, secret, "-f", "github")
    assert "::error file=" in github.stdout
    assert "Permission denied" in github.stdout
