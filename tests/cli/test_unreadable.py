"""A file its user may not read (mode 000), as an ordinary user meets it: every command
reports it at its path beside the other files, in every format, and exits 2.

The commands run in a process that is not root (see ``as_user.py``): root reads a file
of mode 000, and typer's own path check, which would pre-empt gangso's report, only
shows as another user. The folder lives in the system's temporary folder, which every
user may enter (pytest's own is closed to other users).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).parents[2]
RUNNER = Path(__file__).with_name("as_user.py")

#: Readable inputs, copied from the repository, so that no run reads the bundled data
#: (the installation may lie where another user cannot read).
INPUTS = {
    "zones.yaml": "data/zones.yaml",
    "budget.yaml": "data/budget_2020.yaml",
    "revised.yaml": "examples/budget_2020_revised.yaml",
    "region.yaml": "examples/region-gimhae-2020.yaml",
    "ledger.csv": "examples/ledger-gimhae-2020.csv",
    "changes.yaml": "examples/changes-gimhae-2020.yaml",
}
#: The same kinds of file, locked (mode 000).
LOCKED = {
    "locked.yaml": "examples/region-gimhae-2020.yaml",
    "locked.csv": "examples/ledger-gimhae-2020.csv",
    "locked-zones.yaml": "data/zones.yaml",
}
Z = ["--zones", "zones.yaml"]
LZ = ["--zones", "locked-zones.yaml"]
LEDGER = ["ledger.csv", "--budget", "region.yaml", *Z]

#: name → gangso's arguments; each names one locked file, which the run must report.
CASES: dict[str, list[str]] = {
    "validate-json": ["validate", "region.yaml", "locked.yaml", "-f", "json", *Z],
    "validate-text": ["validate", "region.yaml", "locked.yaml", *Z],
    "validate-github": ["validate", "region.yaml", "locked.yaml", "-f", "github", *Z],
    "validate-zones": ["validate", "region.yaml", *LZ],
    "allocate": ["allocate", "locked.yaml", *Z],
    "allocate-zones": ["allocate", "budget.yaml", *LZ],
    "export": ["export", "locked.yaml", "-o", "out.csv", *Z],
    "export-budget": ["export", "region.yaml", "--budget", "locked.yaml", "-o", "out.csv", *Z],
    "envelopes-zones": ["envelopes", "budget.yaml", *LZ],
    "diff": ["diff", "locked.yaml", "revised.yaml", *Z],
    "diff-changes": ["diff", "budget.yaml", "revised.yaml", "--changes", "locked.yaml", *Z],
    "execution-ledger": ["execution", "locked.csv", *LEDGER],
    "execution-budget": ["execution", "ledger.csv", "--budget", "locked.yaml", *Z],
    "execution-changes": ["execution", *LEDGER, "--changes", "locked.yaml"],
    "execution-carry": ["execution", *LEDGER, "--carry", "locked.yaml"],
    "execution-column": ["execution", *LEDGER, "--column", "locked.yaml"],
    "close-ledger": ["close", "locked.csv", "--budget", "region.yaml", *Z],
    "close-budget": ["close", "ledger.csv", "--budget", "locked.yaml", *Z],
    "close-changes": ["close", *LEDGER, "--changes", "locked.yaml"],
    "close-carry": ["close", *LEDGER, "--carry", "locked.yaml"],
    "init": ["init", "gimhae", "--year", "2020", *LZ],
    "zones": ["zones", *LZ],
    "history": ["history", *LZ],
}


def locked_in(args: list[str]) -> str:
    """The one locked file a case names."""
    (locked,) = [a for a in args if a in LOCKED]
    return locked


@pytest.fixture(scope="module")
def folder() -> Iterator[Path]:
    """A folder any user may enter and write in, the inputs readable, the locked files
    readable by no one but root."""
    path = Path(tempfile.mkdtemp(prefix="gangso-unreadable-"))
    try:
        path.chmod(0o777)
        for name, source in {**INPUTS, **LOCKED}.items():
            shutil.copyfile(ROOT / source, path / name)
            (path / name).chmod(0o644)
        for name in LOCKED:
            (path / name).chmod(0o000)
        (path / "cache").mkdir(mode=0o777)
        (path / "cache").chmod(0o777)
        yield path
    finally:
        shutil.rmtree(path)


@pytest.fixture(scope="module")
def ran(folder: Path) -> dict[str, Any]:
    """Every case run in one process that is not root; its report."""
    cases = [{"args": args, "locked": [locked_in(args)]} for args in CASES.values()]
    (folder / "cases.json").write_text(json.dumps(cases), encoding="utf-8")
    env = {
        **os.environ,
        "XDG_CACHE_HOME": str(folder / "cache"),
        "HOME": str(folder),
        "PYTHONDONTWRITEBYTECODE": "1",
    }
    env.pop("COLUMNS", None)
    done = subprocess.run(
        [sys.executable, str(RUNNER), "cases.json"],
        cwd=folder,
        env=env,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    report: dict[str, Any] = json.loads(done.stdout)
    report["by_name"] = dict(zip(CASES, report["results"], strict=True))
    return report


def test_the_commands_ran_as_a_user_who_is_not_root(ran: dict[str, Any]) -> None:
    """The runs that count were made by a process without root's right to read all."""
    assert ran["uid"] != 0
    assert ran["dropped_root"] == (os.geteuid() == 0)


@pytest.mark.parametrize("name", list(CASES))
def test_an_unreadable_file_is_reported_at_its_path_and_exits_2(
    ran: dict[str, Any], name: str
) -> None:
    """Each command names the locked file, says why it cannot be read, and exits 2 (never
    typer's usage error, never a traceback)."""
    result, locked = ran["by_name"][name], locked_in(CASES[name])
    said = result["stdout"] + result["stderr"]
    assert result["code"] == 2, said
    assert "Traceback" not in said
    assert "Invalid value" not in said  # typer's path check did not pre-empt gangso
    if name == "validate-github":
        expected = f"::error file={locked},title=gangso file-unreadable::"
    elif name == "validate-json":
        expected = f'"file": "{locked}"'
    else:
        expected = f"{locked}: error[file-unreadable]"
    assert expected in said
    assert "Permission denied" in said


def test_validate_json_checks_the_good_file_and_reports_the_locked_one(
    ran: dict[str, Any],
) -> None:
    """`validate good.yaml locked.yaml -f json` prints JSON: the good file checked and
    valid, the locked one not loaded, reported at its path; exit 2 in the JSON too."""
    result = ran["by_name"]["validate-json"]
    report = json.loads(result["stdout"])
    assert report["exit_code"] == 2
    assert report["summary"] == {"files": 2, "checked": 1, "errors": 1, "warnings": 0}
    good, locked = report["files"]
    assert (good["file"], good["loaded"], good["valid"]) == ("region.yaml", True, True)
    assert (locked["file"], locked["loaded"]) == ("locked.yaml", False)
    (diagnostic,) = locked["diagnostics"]
    assert diagnostic["check"] == "file-unreadable"
    assert diagnostic["message"] == "cannot read the file: Permission denied"


def test_validate_text_reports_the_locked_file_after_checking_the_good_one(
    ran: dict[str, Any],
) -> None:
    """The text report marks the good file ✓ and counts the locked one as not loaded."""
    lines = ran["by_name"]["validate-text"]["stdout"].splitlines()
    assert lines == [
        "locked.yaml: error[file-unreadable] cannot read the file: Permission denied",
        "✓ region.yaml (region)",
        "1 file checked, 1 could not be loaded: 1 error, 0 warnings in 1 file",
    ]


def test_a_ledger_beside_a_locked_one_is_still_read(ran: dict[str, Any]) -> None:
    """The readable ledger's rows are read; only the locked one is reported."""
    stderr = ran["by_name"]["execution-ledger"]["stderr"]
    assert "ledger.csv: error" not in stderr.replace("locked.csv", "")


def test_nothing_is_written_from_an_unreadable_input(folder: Path, ran: dict[str, Any]) -> None:
    """export -o with an input it cannot read leaves no file behind."""
    assert ran["by_name"]["export"]["code"] == 2
    assert not (folder / "out.csv").exists()


def _path_parameters() -> list[tuple[str, str, Any]]:
    """(command, parameter, typer's ParameterInfo) for every parameter typed as a Path."""
    import typing

    from typer.models import ParameterInfo

    from gangso_cli.cli import app

    found = []
    for info in app.registered_commands:
        assert info.callback is not None
        hints = typing.get_type_hints(info.callback, include_extras=True)
        for name, hint in hints.items():
            if "Path" not in str(hint) or typing.get_origin(hint) is not typing.Annotated:
                continue
            (parameter,) = [m for m in hint.__metadata__ if isinstance(m, ParameterInfo)]
            found.append((info.callback.__name__, name, parameter))
    return found


def test_every_path_parameter_is_read_by_gangso_not_checked_by_typer() -> None:
    """typer checks that a Path exists and is readable unless told not to, and its usage
    error would pre-empt gangso's report: every Path argument and option says not to."""
    found = _path_parameters()
    assert {(command, name) for command, name, _ in found} >= {
        ("validate", "files"), ("validate", "zones"), ("execution", "carry"),
        ("execution", "changes"), ("close", "output"), ("diff", "changes"),
    }  # fmt: skip
    checked = [(c, n) for c, n, p in found if p.readable or p.exists or p.writable]
    assert checked == []
