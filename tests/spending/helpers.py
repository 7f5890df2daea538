"""What the spending tests share: the worked example's files and ledgers written from it."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

from tests.conftest import run

LEDGER = Path("examples/ledger-gimhae-2020.csv")
REGION = "examples/region-gimhae-2020.yaml"
CHANGES = "examples/changes-gimhae-2020.yaml"


def rows() -> list[list[str]]:
    """The worked example's ledger, header first."""
    return list(csv.reader(io.StringIO(LEDGER.read_text(encoding="utf-8-sig"))))


def write_csv(path: Path, table: list[list[str]], encoding: str = "utf-8-sig") -> Path:
    """Write rows as a CSV ledger (CRLF, as the systems export them) and return its path."""
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\r\n").writerows(table)
    path.write_bytes(buffer.getvalue().encode(encoding))
    return path


def execution_json(*args: str | Path, code: int = 0) -> dict:  # type: ignore[type-arg]
    """The execution JSON of a ledger against the example region, asserting the exit code."""
    result = run("execution", *args, "--budget", REGION, "--format", "json")
    assert result.exit_code == code, result.output
    return json.loads(result.stdout)  # type: ignore[no-any-return]


def spent(document: dict) -> dict[tuple[str, str], int]:  # type: ignore[type-arg]
    """집행액 by (세부사업, 재원) in an execution JSON."""
    return {(r["program"], r["fund"]): r["spent_won"] for r in document["rows"]}
