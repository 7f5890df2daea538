"""Generate synthetic registries, budgets and spending ledgers in gangso's real formats.

    python -m bench.make --lines 100000 -o bench/out/100k
    python -m bench.make --lines 1000 --ledger-rows 1000000 -o bench/out/ledger

writes ``zones.yaml`` and ``budget.yaml`` (a national budget with that many budget
lines, 500 per zone) into the folder, and with ``--ledger-rows`` a ``ledger.csv`` of
that many spending rows against it (UTF-8 with a BOM, as e나라도움 exports, in date
order). The result validates: shares and rest are chosen so that every zone adds up, the
totals match the envelopes, and no line is overspent.
"""

from __future__ import annotations

import argparse
from pathlib import Path

LINES_PER_ZONE = 500
STAGES = (("discovery", "기술발굴"), ("transfer", "기술이전·창업"), ("growth", "기업성장지원"))


def make(lines: int, out: Path) -> tuple[Path, Path]:
    """Write zones.yaml and budget.yaml with ``lines`` budget lines; return their paths."""
    out.mkdir(parents=True, exist_ok=True)
    zones = max(1, -(-lines // LINES_PER_ZONE))
    registry = ["zones:"]
    for z in range(zones):
        registry += [
            f"  - id: zone-{z:05d}",
            f"    name: 시험 강소특구 {z}",
            "    province: 경남",
            f"    city: 시험{z}",
            "    core_institutions: [시험대학교]",
            "    specialisation: 시험용 부품소재",
            "    designated: 2019-08",
        ]
    budget = [
        "# Synthetic budget for benchmarks (bench/make.py).",
        "year: 2020",
        "rounding_unit: 천원",
        "totals:",
        f"  national: {60 * zones}억",
        f"  local: {12 * zones}억",
        "policy:",
        "  min_local_match: 20%",
        "stages:",
        *(f"  - id: {sid}\n    name: {name}" for sid, name in STAGES),
        "zones:",
    ]
    remaining = lines
    for z in range(zones):
        count = min(LINES_PER_ZONE, remaining)
        remaining -= count
        budget += [f"  zone-{z:05d}:", "    national: 60억", "    local: 12억", "    lines:"]
        for i in range(count):
            last = i == count - 1
            stage = STAGES[i % len(STAGES)][0]
            rule = "rest" if last else ("0.15%" if i % 5 else "1,000,000")
            budget += [
                f"      - stage: {stage}",
                f"        program: 세부사업 {i:04d} 기술사업화 지원 프로그램",
                f"        national: {rule}",
                f"        local: {'rest' if last else '0.1%'}",
            ]
    zones_path, budget_path = out / "zones.yaml", out / "budget.yaml"
    zones_path.write_text("\n".join(registry) + "\n", encoding="utf-8")
    budget_path.write_text("\n".join(budget) + "\n", encoding="utf-8")
    return zones_path, budget_path


def make_ledger(rows: int, lines: int, out: Path) -> Path:
    """Write ``ledger.csv``: ``rows`` spending rows spread over the ``lines`` budget lines
    that :func:`make` wrote, dated through 2020 in order, 국비 and 지방비 alternating."""
    import csv
    import datetime

    path = out / "ledger.csv"
    zones = max(1, -(-lines // LINES_PER_ZONE))
    per_zone = [min(LINES_PER_ZONE, lines - z * LINES_PER_ZONE) for z in range(zones)]
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\r\n")
        writer.writerow(["집행일자", "특구", "세부사업", "재원", "비목", "집행금액", "적요"])
        start = datetime.date(2020, 1, 1)
        for i in range(rows):
            day = start + datetime.timedelta(days=i * 365 // max(rows, 1))
            zone = i % zones
            line = (i // zones) % per_zone[zone]
            fund = "국비" if (i // (zones * per_zone[zone])) % 2 == 0 else "지방비"
            amount = 1_000 + i % 7
            writer.writerow([
                day.isoformat(),
                f"zone-{zone:05d}",
                f"세부사업 {line:04d} 기술사업화 지원 프로그램",
                fund,
                "연구활동비",
                f"{amount:,}",
                f"집행 {i}",
            ])  # fmt: skip
    return path


def ledger_as_xlsx(csv_path: Path) -> Path:
    """The same ledger as ``ledger.xlsx`` (dates as text, amounts as number cells, as a
    system's download has them), written in XlsxWriter's constant-memory mode."""
    import csv

    import xlsxwriter

    path = csv_path.with_suffix(".xlsx")
    book = xlsxwriter.Workbook(str(path), {"constant_memory": True})
    sheet = book.add_worksheet("집행내역")
    with csv_path.open(encoding="utf-8-sig", newline="") as handle:
        for r, row in enumerate(csv.reader(handle)):
            if r:
                sheet.write_row(r, 0, [*row[:5], int(row[5].replace(",", "")), row[6]])
            else:
                sheet.write_row(r, 0, row)
    book.close()
    return path


def main() -> None:
    """Command line: python -m bench.make --lines N -o DIR."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--lines", type=int, required=True, help="budget lines to generate")
    parser.add_argument("-o", "--out", type=Path, required=True, help="folder to write into")
    parser.add_argument("--ledger-rows", type=int, default=0, help="also a ledger this long")
    parser.add_argument("--xlsx", action="store_true", help="and the ledger as .xlsx too")
    args = parser.parse_args()
    zones, budget = make(args.lines, args.out)
    size = budget.stat().st_size / 2**20
    print(f"wrote {zones} and {budget} ({args.lines:,} lines, {size:.1f} MiB)")
    if args.ledger_rows:
        ledger = make_ledger(args.ledger_rows, args.lines, args.out)
        size = ledger.stat().st_size / 2**20
        print(f"wrote {ledger} ({args.ledger_rows:,} rows, {size:.1f} MiB)")
        if args.xlsx:
            print(f"wrote {ledger_as_xlsx(ledger)}")


if __name__ == "__main__":
    main()
