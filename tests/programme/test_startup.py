"""Each command imports its own capability only: history from a warm cache loads no plan
module, allocate no programme, spending or file writer."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).parents[2]

#: Runs the CLI as the console script does and lists the gangso modules it imported.
_PROBE = (
    "import atexit, sys\n"
    "atexit.register(lambda: print(' '.join(sorted(m for m in sys.modules "
    "if m.startswith('gangso_cli'))), file=sys.__stderr__))\n"
    "sys.argv = ['gangso', *sys.argv[1:]]\n"
    "from gangso_cli.cli import main\n"
    "main()\n"
)


def _modules(tmp_path: Path, *args: str) -> set[str]:
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path / "cache")}
    done = subprocess.run(
        [sys.executable, "-c", _PROBE, *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        encoding="utf-8",
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return set(done.stderr.strip().splitlines()[-1].split())


def test_history_from_a_warm_cache_evaluates_nothing(tmp_path: Path) -> None:
    """The first history run evaluates the years; the second reads them and imports no
    plan module at all."""
    first = _modules(tmp_path, "history")
    assert "gangso_cli.plan.evaluate" in first
    second = _modules(tmp_path, "history")
    assert not [m for m in second if m.startswith("gangso_cli.plan")]
    assert "gangso_cli.programme.history" in second


def test_allocate_imports_only_the_plan(tmp_path: Path) -> None:
    """allocate loads the plan and the terminal renderer, nothing of the programme, of
    spending, or of the file formats."""
    loaded = _modules(tmp_path, "allocate")
    assert "gangso_cli.plan.evaluate" in loaded
    others = ("programme", "spending", "render.html", "render.xlsx", "render.json_export")
    assert [m for m in loaded if m.startswith(tuple(f"gangso_cli.{o}" for o in others))] == []
