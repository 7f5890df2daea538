"""Capture every report command's machine output, to prove a refactor changed none of it.

    python -m bench.golden write DIR     # run every case, write DIR/<case>.out
    python -m bench.golden check DIR     # run again, compare byte for byte (exit 1 on a change)

The cases cover ``export``, ``envelopes``, ``history``, ``execution``, ``close``, ``diff`` and
``validate`` in JSON (and CSV where a command has it) for every bundled year and every
shipped example. Each case's file holds the exit code, then stdout, then stderr.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EX = ROOT / "examples"
YEARS = sorted(int(p.stem.split("_")[1]) for p in (ROOT / "data").glob("budget_*.yaml"))

LEDGER = str(EX / "ledger-gimhae-2020.csv")
REGION = str(EX / "region-gimhae-2020.yaml")
CHANGES = str(EX / "changes-gimhae-2020.yaml")


def cases() -> dict[str, list[str]]:
    """Name → gangso arguments."""
    out: dict[str, list[str]] = {}
    for year in YEARS:
        out[f"export-{year}-json"] = ["export", "--year", str(year), "-o", "-", "-f", "json"]
        out[f"export-{year}-csv"] = ["export", "--year", str(year), "-o", "-", "-f", "csv"]
        out[f"envelopes-{year}-json"] = ["envelopes", str(year), "-f", "json"]
        out[f"allocate-{year}"] = ["allocate", "--year", str(year), "-u", "원"]
        out[f"validate-{year}-json"] = [
            "validate",
            str(ROOT / "data" / f"budget_{year}.yaml"),
            "-f",
            "json",
        ]
    out["envelopes-2027-example-json"] = [
        "envelopes",
        str(EX / "budget_2027_envelopes.yaml"),
        "-f",
        "json",
    ]
    for view in ("years", "zones", "programme", "stages"):
        out[f"history-{view}-csv"] = ["history", "--view", view, "-f", "csv", "-o", "-"]
    out["history-json"] = ["history", "-f", "json"]
    out["history-text"] = ["history"]
    base = ["execution", LEDGER, "--budget", REGION, "--changes", CHANGES]
    out["execution-json"] = [*base, "-f", "json"]
    # as of the year's end every change of the example applies (without --as-of the report
    # is as of the ledger's last row, 2020-06-30, before any of them)
    year_end = [*base, "--as-of", "2020-12-31"]
    out["execution-year-end-json"] = [*year_end, "-f", "json"]
    out["execution-changes-year-end-csv"] = [*year_end, "--view", "changes", "-f", "csv", "-o", "-"]
    for view in ("lines", "zones", "months", "categories", "changes"):
        out[f"execution-{view}-csv"] = [*base, "--view", view, "-f", "csv", "-o", "-"]
        out[f"execution-{view}-text"] = [*base, "--view", view, "-u", "원"]
    close = ["close", LEDGER, "--budget", REGION, "--changes", CHANGES]
    out["close-json"] = [*close, "-f", "json"]
    out["close-csv"] = [*close, "-f", "csv"]
    out["close-text"] = [*close]
    out["diff-json"] = [
        "diff",
        str(ROOT / "data" / "budget_2020.yaml"),
        str(EX / "budget_2020_revised.yaml"),
        "-f",
        "json",
    ]
    out["diff-changes-json"] = [
        "diff",
        str(ROOT / "data" / "budget_2020.yaml"),
        str(EX / "budget_2020_revised.yaml"),
        "--changes",
        CHANGES,
        "-f",
        "json",
    ]
    out["validate-examples-json"] = [
        "validate",
        REGION,
        str(EX / "region-mistakes.yaml"),
        CHANGES,
        "--budget",
        "2020",
        "-f",
        "json",
    ]
    out["validate-envelopes-json"] = [
        "validate",
        str(EX / "budget_2027_envelopes.yaml"),
        "-f",
        "json",
    ]
    return out


def run(args: list[str]) -> bytes:
    """One case as bytes: exit code, stdout, stderr, with the repository path made relative."""
    proc = subprocess.run(
        [sys.executable, "-m", "gangso_cli", *args],
        capture_output=True,
        cwd=ROOT,
        env={"COLUMNS": "200", "PATH": "/usr/bin:/bin", "PYTHONIOENCODING": "utf-8"},
        check=False,
    )
    body = b"exit %d\n--- stdout\n%s\n--- stderr\n%s" % (proc.returncode, proc.stdout, proc.stderr)
    return body.replace(str(ROOT).encode(), b"<ROOT>")


def main(argv: list[str]) -> int:
    """Write or check the captured outputs."""
    mode, folder = argv[0], Path(argv[1])
    folder.mkdir(parents=True, exist_ok=True)
    changed = 0
    for name, args in cases().items():
        got = run(args)
        path = folder / f"{name}.out"
        if mode == "write":
            path.write_bytes(got)
        elif not path.exists() or path.read_bytes() != got:
            changed += 1
            print(f"changed: {name}  (gangso {' '.join(args)})")
    print(f"{len(cases())} cases, {changed} changed")
    return 1 if changed else 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
