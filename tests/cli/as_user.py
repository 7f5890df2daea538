"""Run gangso commands as an ordinary user, the way a region's officer meets a file with
no read permission: ``python as_user.py CASES.json`` in the folder the cases name files
in, printing each case's exit code, stdout and stderr as JSON.

CI runs as root, and root reads a file of mode 000, so here a process that starts as
root gives up root (``setgroups``, ``setgid``, ``setuid`` to *nobody*) before the runs
that count. The Python it runs may live where *nobody* cannot read (a ``/root`` of mode
700 on CI's machine), so while still root it runs every case once on a copy of the
folder, and once more with the locked files taken away: both load every module the
runs under test need. The runs under test then import nothing new; if one did, its
ImportError would fail the test loudly, never pass it by accident.

Started by a user who is not root, it runs the cases directly: for them a file of mode
000 is unreadable already.
"""

from __future__ import annotations

import json
import os
import shutil
import sys
import tempfile
from pathlib import Path
from typing import Any

#: The user an ordinary process runs as when it owns nothing here.
NOBODY = 65534


def _invoke(args: list[str]) -> int:
    """One ``gangso ARGS`` in this process, as the console script runs it."""
    from gangso_cli.cli import app, main

    stdout, stderr, argv = sys.stdout, sys.stderr, sys.argv
    commands = list(app.registered_commands)  # main() keeps only the one it runs
    sys.argv = ["gangso", *args]
    try:
        main()
    except SystemExit as exc:
        return exc.code if isinstance(exc.code, int) else 1
    finally:
        for stream in (sys.stdout, sys.stderr):
            stream.flush()
        sys.stdout, sys.stderr, sys.argv = stdout, stderr, argv
        app.registered_commands = commands
    return 0


def _captured(args: list[str], folder: Path, name: str) -> dict[str, Any]:
    """Run one case with file descriptors 1 and 2 pointed at files of ``folder``."""
    out_path, err_path = folder / f"{name}.out", folder / f"{name}.err"
    saved = os.dup(1), os.dup(2)
    with out_path.open("wb") as out, err_path.open("wb") as err:
        os.dup2(out.fileno(), 1)
        os.dup2(err.fileno(), 2)
        try:
            code = _invoke(args)
        finally:
            os.dup2(saved[0], 1)
            os.dup2(saved[1], 2)
            os.close(saved[0])
            os.close(saved[1])
    return {
        "code": code,
        "stdout": out_path.read_text(encoding="utf-8"),
        "stderr": err_path.read_text(encoding="utf-8"),
    }


def _warm_up(cases: list[dict[str, Any]], folder: Path) -> None:
    """As root, run every case on a copy of ``folder``: once as it is (root reads the
    locked files), once with them missing (the path that reports a file it cannot read)."""
    with tempfile.TemporaryDirectory() as scratch:
        for variant in ("as-is", "missing"):
            copy = Path(scratch) / variant
            shutil.copytree(folder, copy)
            if variant == "missing":
                for case in cases:
                    for locked in case["locked"]:
                        (copy / locked).unlink(missing_ok=True)
            os.chdir(copy)
            for number, case in enumerate(cases):
                _captured(case["args"], Path(scratch), f"{variant}-{number}")
    os.chdir(folder)


def _become_nobody() -> None:
    """Give up root for good: no supplementary groups, then the group, then the user."""
    os.setgroups([])
    os.setgid(NOBODY)
    os.setuid(NOBODY)


def main() -> None:
    """Run the cases of the JSON file named on the command line; print their results."""
    cases: list[dict[str, Any]] = json.loads(Path(sys.argv[1]).read_text(encoding="utf-8"))
    folder = Path.cwd()
    as_root = os.geteuid() == 0
    if as_root:
        _warm_up(cases, folder)
        _become_nobody()
    results = [_captured(case["args"], folder, f"case-{n}") for n, case in enumerate(cases)]
    report = {"uid": os.getuid(), "dropped_root": as_root, "results": results}
    sys.stdout.write(json.dumps(report, ensure_ascii=False))


if __name__ == "__main__":
    main()
