"""Time gangso as users run it: whole processes, medians, peak memory, against floors.

    pip install -e '.[bench]'          # check-jsonschema, for the comparison
    python -m bench.run                # prints a Markdown report
    python -m bench.run --write        # ... and writes bench/RESULTS.md
    python -m bench.run --quick        # fewer runs, no 100k XLSX, no check-jsonschema

pandas, when installed (the bench extra has it; never a dependency of gangso), is the
floor a budget officer's analyst would reach for: ``read_csv`` and two groupbys (per
line and fund, per zone and month) over the same 1M-row ledger.

Each command runs in a fresh process; its wall time is the median of several runs and
its peak memory the largest max-RSS of its runs (from ``os.wait4``). Every target is a
ratio to a floor measured in the same run, so the figures hold on any machine.
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench" / "out"
PY = sys.executable
# The console script users run (beside this Python), else the module.
_SCRIPT = Path(PY).parent / "gangso"
GANGSO = [str(_SCRIPT)] if _SCRIPT.exists() else [PY, "-m", "gangso_cli"]


@dataclass
class Timing:
    """A command's median wall time and peak memory over its runs."""

    label: str
    seconds: float
    peak_mib: float
    runs: int


#: Children run as a user's install does: with cached bytecode. (A session that sets
#: PYTHONDONTWRITEBYTECODE would make every run recompile gangso's sources, ~30 ms,
#: while the floors' packages have their .pyc from pip.)
_ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


#: A cache folder that cannot be made (it would sit under a file): gangso then computes
#: everything, as on a first run.
_NO_CACHE = {**_ENV, "XDG_CACHE_HOME": os.path.join(os.devnull, "gangso-bench")}


def _run_once(argv: list[str], env: dict[str, str] | None = None) -> tuple[float, float]:
    start = time.perf_counter()
    process = subprocess.Popen(
        argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env or _ENV
    )
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - start
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode not in (0, 1):
        raise RuntimeError(f"{' '.join(argv)} exited {process.returncode}")
    return elapsed, usage.ru_maxrss / 1024  # KiB on Linux


def measure(label: str, argv: list[str], runs: int, env: dict[str, str] | None = None) -> Timing:
    """Run ``argv`` once to warm caches (gangso's own included), then ``runs`` times;
    report median and peak."""
    _run_once(argv, env)
    samples = [_run_once(argv, env) for _ in range(runs)]
    return Timing(
        label,
        statistics.median(s for s, _ in samples),
        max(m for _, m in samples),
        runs,
    )


def _py(code: str) -> list[str]:
    return [PY, "-c", code]


def main() -> None:
    """Generate the data, measure everything, print (and optionally write) the report."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--write", action="store_true", help="write bench/RESULTS.md")
    parser.add_argument("--quick", action="store_true", help="fewer runs, skip slow parts")
    args = parser.parse_args()
    small, large = (5, 2) if args.quick else (15, 3)

    # Generated in a child process: a child forked from a parent that held the 13 MB
    # file in memory would report the parent's memory as its own peak.
    for lines, name in ((10_000, "10k"), (100_000, "100k")):
        subprocess.run(
            [PY, "-m", "bench.make", "--lines", str(lines), "-o", str(OUT / name)],
            check=True, cwd=ROOT, stdout=subprocess.DEVNULL,
        )  # fmt: skip
    ledger_rows = 100_000 if args.quick else 1_000_000
    for rows, name in ((100_000, "ledger-100k"), (ledger_rows, "ledger")):
        subprocess.run(
            [PY, "-m", "bench.make", "--lines", "1000", "--ledger-rows", str(rows),
             "-o", str(OUT / name), *(["--xlsx"] if rows == 100_000 else [])],
            check=True, cwd=ROOT, stdout=subprocess.DEVNULL,
        )  # fmt: skip
    z10, b10 = OUT / "10k" / "zones.yaml", OUT / "10k" / "budget.yaml"
    z100, b100 = OUT / "100k" / "zones.yaml", OUT / "100k" / "budget.yaml"
    file_mib = b100.stat().st_size / 2**20

    # typer coerces options through pydantic (typer._adapters): the floor includes it.
    bare_allocate = (
        "import typer, typer._adapters, yaml, rich.console, rich.table; "
        "from pydantic import BaseModel"
    )
    compose = (
        "import sys, yaml; yaml.compose(open(sys.argv[1], encoding='utf-8').read(), "
        "Loader=yaml.CSafeLoader)"
    )
    reader = (
        "import csv, sys\n"
        "with open(sys.argv[1], encoding='utf-8-sig', newline='') as f:\n"
        "    for row in csv.reader(f): pass"
    )

    # what execution sums, the way an analyst would in pandas: per line and fund, and per
    # zone and month
    frame = (
        "import sys, pandas as pd\n"
        "f = pd.read_csv(sys.argv[1], encoding='utf-8-sig', thousands=',')\n"
        "f['월'] = f['집행일자'].str.slice(5, 7)\n"
        "f.groupby(['특구', '세부사업', '재원'])['집행금액'].sum()\n"
        "f.groupby(['특구', '월'])['집행금액'].sum()"
    )

    def execution(name: str, ledger: str = "ledger.csv") -> list[str]:
        folder = OUT / name
        return [*GANGSO, "execution", str(folder / ledger), "--budget",
                str(folder / "budget.yaml"), "--zones", str(folder / "zones.yaml")]  # fmt: skip

    t: dict[str, Timing] = {}
    plan: list[tuple[str, str, list[str], int]] = [
        ("pass", "floor: python -c pass", _py("pass"), small),
        ("typer", "floor: import typer", _py("import typer"), small),
        ("help", "gangso --help", [*GANGSO, "--help"], small),
        ("bare", "floor: imports allocate needs", _py(bare_allocate), small),
        ("allocate", "gangso allocate (bundled)", [*GANGSO, "allocate"], small),
        ("history", "gangso history (every bundled year)", [*GANGSO, "history"], small),
        ("history-cold", "gangso history, no cache (a first run)", [*GANGSO, "history"], small),
        ("validate", "gangso validate (bundled)",
         [*GANGSO, "validate", str(ROOT / "data" / "budget_2020.yaml")], small),
        ("v10k", "gangso validate 10k lines", [*GANGSO, "validate", str(b10), "--zones", str(z10)],
         small),
        ("compose", "floor: yaml.compose (C) 100k", [PY, "-c", compose, str(b100)], large),
        ("v100k", "gangso validate 100k lines",
         [*GANGSO, "validate", str(b100), "--zones", str(z100)], large),
    ]  # fmt: skip
    with tempfile.TemporaryDirectory() as tmp:
        csv_out, xlsx_out = Path(tmp) / "x.csv", Path(tmp) / "x.xlsx"
        export = [*GANGSO, "export", str(b100), "--zones", str(z100), "--force", "-o"]
        plan.append(("csv", "gangso export CSV 100k", [*export, str(csv_out)], large))
        plan += [
            ("reader", f"floor: csv.reader pass, {ledger_rows:,}-row ledger",
             [PY, "-c", reader, str(OUT / "ledger" / "ledger.csv")], large),
            ("exec", f"gangso execution, {ledger_rows:,}-row ledger", execution("ledger"), large),
            ("exec100k", "gangso execution, 100,000-row ledger", execution("ledger-100k"), large),
            ("exec100k-xlsx", "gangso execution, the same ledger as .xlsx",
             execution("ledger-100k", "ledger.xlsx"), large),
        ]  # fmt: skip
        if importlib.util.find_spec("pandas") is not None:
            plan.append(("pandas", f"floor: pandas read_csv + groupby, {ledger_rows:,}-row ledger",
                         [PY, "-c", frame, str(OUT / "ledger" / "ledger.csv")], large))  # fmt: skip
        if not args.quick:
            plan.append(("xlsx", "gangso export XLSX 100k", [*export, str(xlsx_out)], large))
        for key, label, argv, runs in plan:
            print(f"measuring {label} ...", file=sys.stderr)
            t[key] = measure(label, argv, runs, _NO_CACHE if key.endswith("-cold") else None)

        beside = Path(PY).parent / "check-jsonschema"
        checker = str(beside) if beside.exists() else shutil.which("check-jsonschema")
        if checker and not args.quick:
            schema = Path(tmp) / "budget.schema.json"
            schema.write_text(
                subprocess.run([*GANGSO, "schema", "budget"], capture_output=True, text=True,
                               check=True).stdout,
                encoding="utf-8",
            )  # fmt: skip
            print("measuring check-jsonschema 100k (one run) ...", file=sys.stderr)
            t["cjs"] = measure(
                "check-jsonschema 100k", [checker, "--schemafile", str(schema), str(b100)], 1
            )

    def ratio(a: str, b: str) -> str:
        return f"{t[a].seconds / t[b].seconds:.2f}×"

    lines = [
        "# Benchmarks",
        "",
        f"Machine: {platform.machine()}, {os.cpu_count()} cores, {platform.system()} "
        f"{platform.release()}; Python {platform.python_version()}; "
        f"measured {time.strftime('%Y-%m-%d')} by `python -m bench.run`.",
        f"Budget files from `bench/make.py`: 100k lines = {file_mib:.1f} MiB of YAML.",
        "",
        "| command | median | peak memory | runs |",
        "|---|---:|---:|---:|",
        *(
            f"| {x.label} | {x.seconds * 1000:,.0f} ms | {x.peak_mib:,.0f} MiB | {x.runs} |"
            for x in t.values()
        ),
        "",
        "| target | figure | goal |",
        "|---|---:|---|",
        f"| `--help` / `import typer` | {ratio('help', 'typer')} | ≤ 1.3× |",
        f"| `allocate` / bare imports | {ratio('allocate', 'bare')} | ≤ 1.3× |",
        f"| `history` / bare imports | {ratio('history', 'bare')} | ≤ 1.3× |",
        f"| `history` without its cache / bare imports | {ratio('history-cold', 'bare')} | — |",
        f"| validate 100k / `yaml.compose` (C) | {ratio('v100k', 'compose')} | ≤ 1.5× |",
        f"| validate 100k / validate 10k | {ratio('v100k', 'v10k')} | ≤ 11× |",
        f"| validate 100k peak memory / file size | {t['v100k'].peak_mib / file_mib:.0f}× "
        "| ≤ 40× |",
        f"| export CSV 100k / validate 100k | {ratio('csv', 'v100k')} | ≤ 1.3× |",
        f"| execution / `csv.reader` pass, same ledger | {ratio('exec', 'reader')} | ≤ 1.5× |",
        f"| execution peak memory, {ledger_rows:,} vs 100,000 rows | "
        f"{t['exec'].peak_mib:,.0f} vs {t['exec100k'].peak_mib:,.0f} MiB | independent of "
        "the ledger's size |",
        f"| execution, 100,000-row ledger: .xlsx / CSV | {ratio('exec100k-xlsx', 'exec100k')} "
        f"({t['exec100k-xlsx'].peak_mib:,.0f} MiB peak) | ≤ 2× |",
    ]
    if "pandas" in t:
        lines += [
            f"| execution / pandas `read_csv` + groupby, same ledger | {ratio('exec', 'pandas')} "
            "| ≤ 1× |",
            f"| execution / pandas peak memory | {t['exec'].peak_mib:,.0f} vs "
            f"{t['pandas'].peak_mib:,.0f} MiB | ≤ 0.1× |",
        ]
    if "cjs" in t:
        lines.append(f"| check-jsonschema / validate 100k | {ratio('cjs', 'v100k')} | ≥ 10× |")
    if "xlsx" in t:
        xlsx_peak = t["xlsx"].peak_mib
        lines.append(f"| export XLSX 100k peak memory | {xlsx_peak:,.0f} MiB | constant memory |")
    report = "\n".join(lines) + "\n"
    print(report)
    if args.write:
        (ROOT / "bench" / "RESULTS.md").write_text(report, encoding="utf-8")


if __name__ == "__main__":
    main()
